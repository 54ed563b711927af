import {
  LrFindSettingsSchema,
  type LrCurvePoint,
  type LrFindProgressEvent,
  type LrFindResult,
  type LrSuggestionMethod,
} from '../../../shared/tuning/lr-find-result';
import { formatLr } from '../../../shared/tuning/lr-find-view';
import { api, CallError } from '../api/client';
import { appState } from './app-state.svelte';
import { trainState } from './train-state.svelte';

const DEFAULTS = LrFindSettingsSchema.parse({});

/** A rate typed as text ("1e-7", "0.001"): the number, or null when it is not a positive number. */
function parseRate(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * The LR finder screen's state: the sweep's settings (the model and optimizer come from the Train
 * screen's form), the running sweep with its points so far, and the last saved result (reloaded when the
 * project opens, so it survives a restart).
 */
class LrFinderState {
  startText = $state(formatLr(DEFAULTS.startLr));
  endText = $state(formatLr(DEFAULTS.endLr));
  iterations = $state(DEFAULTS.iterations);

  loadedFor = $state<string | null>(null);
  loaded = $state(false);
  /** The result shown: the last saved sweep, or the one just run. */
  result = $state<LrFindResult | null>(null);
  savedCount = $state(0);
  running = $state(false);
  cancelling = $state(false);
  progress = $state<LrFindProgressEvent | null>(null);
  notice = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  private listening = false;

  readonly settings = $derived(
    LrFindSettingsSchema.safeParse({
      startLr: parseRate(this.startText) ?? Number.NaN,
      endLr: parseRate(this.endText) ?? Number.NaN,
      iterations: this.iterations,
    }),
  );
  /** Problems with the settings or with the Train form's config, as one list. */
  readonly problems = $derived.by(() => {
    const problems: string[] = [];
    if (parseRate(this.startText) === null) problems.push('Start rate: a positive number, e.g. 1e-7.');
    if (parseRate(this.endText) === null) problems.push('End rate: a positive number, e.g. 10.');
    if (problems.length === 0 && !this.settings.success)
      for (const issue of this.settings.error.issues)
        problems.push(`${issue.path.join('.') || 'Range'}: ${issue.message}`);
    if (!trainState.parsed.success)
      problems.push('The Train tab’s form has problems: fix them there first (the model comes from it).');
    return problems;
  });
  readonly canRun = $derived(this.loaded && !this.running && this.problems.length === 0);
  /** The points the plot draws: the live sweep's while it runs, else the shown result's. */
  readonly points = $derived<LrCurvePoint[]>(
    this.running ? (this.progress?.points ?? []) : (this.result?.points ?? []),
  );

  async load(projectDir: string): Promise<void> {
    this.listen();
    if (projectDir === this.loadedFor) return;
    this.loadedFor = projectDir;
    this.loaded = false;
    this.result = null;
    this.progress = null;
    this.notice = null;
    try {
      const saved = await api.get('lrFind.list', {});
      this.savedCount = saved.length;
      if (saved[0] && !this.running) this.result = await api.get('lrFind.get', { id: saved[0].id });
    } catch (error) {
      this.fail(error);
    } finally {
      this.loaded = true;
    }
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    api.on('lrFind.progress', (progress) => {
      if (this.running) this.progress = progress;
    });
  }

  async run(): Promise<void> {
    if (!this.canRun || !this.settings.success || !trainState.parsed.success) return;
    this.running = true;
    this.cancelling = false;
    this.progress = null;
    this.notice = null;
    const { startLr, endLr, iterations } = this.settings.data;
    const result = await api.call('lrFind.run', {
      config: trainState.parsed.data,
      startLr,
      endLr,
      iterations,
    });
    this.running = false;
    this.cancelling = false;
    if (result.ok) {
      this.result = result.value;
      this.savedCount++;
    } else if (result.error.code === 'cancelled') {
      this.notice = { kind: 'ok', text: result.error.message };
    } else {
      this.notice = { kind: 'error', text: result.error.message };
    }
    this.progress = null;
  }

  async cancel(): Promise<void> {
    this.cancelling = true;
    const result = await api.call('lrFind.cancel', {});
    if (!result.ok) {
      this.cancelling = false;
      this.notice = { kind: 'error', text: result.error.message };
    }
  }

  /** Put a suggestion (3 significant digits) into the Train form and show the Train tab. */
  useSuggestion(method: LrSuggestionMethod): void {
    const suggestion = this.result?.suggestions[method];
    if (!suggestion) return;
    const rate = Number(suggestion.lr.toPrecision(3));
    trainState.useLearningRate(
      rate,
      `the LR finder’s ${method === 'valley' ? 'valley' : 'steepest'} suggestion`,
    );
    appState.screen = 'train';
  }

  private fail(error: unknown): void {
    this.notice = {
      kind: 'error',
      text: error instanceof CallError ? error.message : `Unexpected error: ${(error as Error).message}`,
    };
  }
}

export const lrFinderState = new LrFinderState();
