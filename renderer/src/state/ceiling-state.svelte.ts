import type { EyeballStatus } from '../../../shared/analysis/eyeball-schemas';
import type {
  AnalysisRun,
  CeilingReport,
  ConfusionReport,
  RunComparison,
} from '../../../shared/analysis/report-schemas';
import type { SampleSummary } from '../../../shared/analysis/sample-schemas';
import { api, CallError } from '../api/client';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

function messageOf(error: unknown): string {
  return error instanceof CallError || error instanceof Error ? error.message : String(error);
}

/**
 * The Ceiling tab's state: the sample picked, its ceiling report, the confusion of its run, a two-run
 * comparison and the eyeball / blackbox settings with the per-run rates. Everything is read from the
 * services; tags are made on the Analyze tab, so the report is re-read whenever this tab shows.
 */
class CeilingState {
  loaded = $state(false);
  runs = $state<AnalysisRun[]>([]);
  samples = $state<SampleSummary[]>([]);
  sampleId = $state<string | null>(null);
  report = $state<CeilingReport | null>(null);
  confusion = $state<ConfusionReport | null>(null);
  compareA = $state<string | null>(null);
  compareB = $state<string | null>(null);
  comparison = $state<RunComparison | null>(null);
  eyeball = $state<EyeballStatus | null>(null);
  /** The eyeball form as typed (percent text and seed text), saved with `saveEyeball`. */
  eyeballForm = $state({ enabled: false, percent: '50', seed: '1' });
  /** The form was edited since it was last filled from the saved settings: a reload leaves it alone. */
  eyeballEdited = $state(false);
  notice = $state<Notice | null>(null);
  /** Problems reading the analysis files (from the overview). */
  warnings = $state<string[]>([]);
  exportedPath = $state<string | null>(null);
  markdownFallback = $state<string | null>(null);
  busy = $state(false);
  private loadedFor: string | null = null;

  readonly sample = $derived(this.samples.find((s) => s.id === this.sampleId) ?? null);
  readonly sampleRun = $derived(this.runs.find((r) => r.id === this.sample?.runId) ?? null);

  /** Everything, again: called when the tab shows (tags may have changed on the Analyze tab). */
  async load(projectDir: string): Promise<void> {
    if (this.loadedFor !== projectDir) {
      this.loadedFor = projectDir;
      this.sampleId = null;
      this.compareA = this.compareB = null;
      this.comparison = null;
      this.notice = null;
      this.eyeballEdited = false;
    }
    try {
      const overview = await api.get('analysis.overview', {});
      this.runs = overview.runs;
      this.samples = overview.samples;
      this.warnings = overview.warnings;
      if (!this.samples.some((s) => s.id === this.sampleId)) this.sampleId = this.samples[0]?.id ?? null;
      this.compareA ??= this.runs[1]?.id ?? null;
      this.compareB ??= this.runs[0]?.id ?? null;
      await Promise.all([this.loadSample(), this.loadEyeball(), this.compare()]);
    } catch (error) {
      this.notice = { kind: 'error', text: messageOf(error) };
    } finally {
      this.loaded = true;
    }
  }

  async pickSample(id: string): Promise<void> {
    this.sampleId = id;
    this.exportedPath = null;
    this.markdownFallback = null;
    await this.loadSample();
  }

  private async loadSample(): Promise<void> {
    const sample = this.sample;
    if (!sample) {
      this.report = null;
      this.confusion = null;
      return;
    }
    const [report, confusion] = await Promise.all([
      api.get('analysis.report', { sampleId: sample.id }),
      api.get('analysis.confusion', { runId: sample.runId, pool: sample.pool }),
    ]);
    if (this.sampleId !== sample.id) return; // another sample was picked meanwhile
    this.report = report;
    this.confusion = confusion;
  }

  async loadEyeball(): Promise<void> {
    this.eyeball = await api.get('analysis.eyeball.status', {});
    if (this.eyeballEdited) return;
    const { enabled, fraction, seed } = this.eyeball.settings;
    this.eyeballForm = { enabled, percent: String(Math.round(fraction * 1000) / 10), seed: String(seed) };
  }

  /** The typed eyeball settings, or a message saying what is wrong. */
  readonly eyeballInput = $derived.by(() => {
    const percent = Number(this.eyeballForm.percent.replace(',', '.').replace('%', '').trim());
    const seed = Number(this.eyeballForm.seed.trim());
    if (!Number.isFinite(percent) || percent < 5 || percent > 95)
      return { problem: 'The eyeball share is a percentage from 5 to 95.', settings: null };
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      return { problem: 'The seed is a whole number from 0 to 4294967295.', settings: null };
    return { problem: null, settings: { enabled: this.eyeballForm.enabled, fraction: percent / 100, seed } };
  });

  async saveEyeball(): Promise<void> {
    const settings = this.eyeballInput.settings;
    if (!settings) return;
    await this.run(async () => {
      await api.get('analysis.eyeball.configure', settings);
      this.eyeballEdited = false;
      await this.load(this.loadedFor ?? '');
      this.notice = {
        kind: 'ok',
        text: settings.enabled
          ? 'Eyeball / blackbox split on: new samples come from the eyeball part, blackbox images are hidden.'
          : 'Eyeball / blackbox split off.',
      };
    });
  }

  async compare(): Promise<void> {
    const { compareA: a, compareB: b } = this;
    if (!a || !b || a === b) {
      this.comparison = null;
      return;
    }
    try {
      this.comparison = await api.get('analysis.compare', { runA: a, runB: b });
    } catch (error) {
      this.comparison = null;
      this.notice = { kind: 'error', text: messageOf(error) };
    }
  }

  async exportCsv(kind: 'ceiling' | 'items'): Promise<void> {
    const sampleId = this.sampleId;
    if (!sampleId) return;
    await this.run(async () => {
      const result = await api.get('analysis.export', { sampleId, kind });
      this.exportedPath = result.path;
      this.markdownFallback = null;
      this.notice = {
        kind: 'ok',
        text: `${kind === 'ceiling' ? 'Ceiling table' : `${result.rows} items`} written to`,
      };
    });
  }

  /** Copy the table as Markdown; where the clipboard is refused, show it selected for Ctrl+C. */
  async copyMarkdown(): Promise<void> {
    const sampleId = this.sampleId;
    if (!sampleId) return;
    await this.run(async () => {
      const { markdown } = await api.get('analysis.markdown', { sampleId });
      this.exportedPath = null;
      try {
        if (!navigator.clipboard) throw new Error('no clipboard');
        await navigator.clipboard.writeText(markdown);
        this.markdownFallback = null;
        this.notice = { kind: 'ok', text: 'Copied the ceiling table as Markdown.' };
      } catch {
        this.markdownFallback = markdown;
        this.notice = {
          kind: 'ok',
          text: 'The clipboard is not available here: the Markdown is selected below, press Ctrl+C.',
        };
      }
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      await work();
    } catch (error) {
      this.notice = { kind: 'error', text: messageOf(error) };
    } finally {
      this.busy = false;
    }
  }
}

export const ceilingState = new CeilingState();
