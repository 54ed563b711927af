import { decompose, type Decomposition } from '../../../shared/decomposition/decompose';
import {
  ERROR_FIELDS,
  errorsFromRun,
  runErrorsSource,
  validateDecompositionInput,
  type DecompositionInput,
  type ErrorKey,
  type ErrorsSource,
} from '../../../shared/decomposition/decomposition-input';
import { decompositionMarkdown } from '../../../shared/decomposition/decomposition-markdown';
import { parsePercentText } from '../../../shared/decomposition/percent-text';
import type { SeedScenario } from '../../../shared/decomposition/seed-scenarios';
import type { RunSummary } from '../../../shared/training/run-schemas';
import { api, CallError } from '../api/client';

/** One human-level row as typed: the text stays as the user wrote it ("0,7", "2 %"). */
export interface HumanRow {
  id: number;
  label: string;
  percentText: string;
}

type ErrorTexts = Record<ErrorKey, string>;

/** What is typed, read: the input to decompose, and a message per field that is not right. */
interface ReadInput {
  input: DecompositionInput;
  /** For each entry of input.humanLevels, the id of the row it came from. */
  rowIds: number[];
  /** Keyed `human.<rowId>.label`, `human.<rowId>.percent`, `errors.<key>`, or `humanLevels`. */
  problems: Record<string, string>;
}

const EMPTY_ERRORS: ErrorTexts = { train: '', trainDev: '', dev: '', test: '' };

function textOf(value: number | null): string {
  return value === null ? '' : String(value);
}

/**
 * Read the typed rows: fully blank human rows are ignored (a fresh "add" row), an unreadable number
 * gets its parse message, the rest is checked by the shared validator (the same rules as the service).
 */
function readInput(rows: readonly HumanRow[], texts: ErrorTexts): ReadInput {
  const problems: Record<string, string> = {};
  const rowIds: number[] = [];
  const humanLevels: DecompositionInput['humanLevels'] = [];
  for (const row of rows) {
    if (row.label.trim() === '' && row.percentText.trim() === '') continue;
    const what = row.label.trim() ? `Human level "${row.label.trim()}"` : 'Human level';
    const parsed = parsePercentText(row.percentText, what);
    if (!parsed.ok) problems[`human.${row.id}.percent`] = parsed.message;
    else if (parsed.value === null) problems[`human.${row.id}.percent`] = `${what}: enter its error in %.`;
    rowIds.push(row.id);
    humanLevels.push({
      label: row.label,
      errorPercent: parsed.ok ? (parsed.value ?? Number.NaN) : Number.NaN,
    });
  }
  const errors = { train: null, trainDev: null, dev: null, test: null } as DecompositionInput['errors'];
  for (const field of ERROR_FIELDS) {
    const parsed = parsePercentText(texts[field.key], field.name);
    if (parsed.ok) errors[field.key] = parsed.value;
    else problems[`errors.${field.key}`] = parsed.message;
  }
  const input = { humanLevels, errors };
  for (const problem of validateDecompositionInput(input)) {
    const [head, index, field] = problem.path.split('.');
    const key =
      head === 'humanLevels' && index !== undefined
        ? `human.${rowIds[Number(index)]}.${field === 'label' ? 'label' : 'percent'}`
        : problem.path;
    problems[key] ??= problem.message; // a parse message says more than "got NaN"
  }
  return { input, rowIds, problems };
}

/**
 * The Decompose screen's state: the typed inputs, the decomposition computed live from them with the
 * shared formulas, and what was last saved in the project. Kept across tab switches, reloaded when
 * another project opens.
 */
class DecomposeState {
  rows = $state<HumanRow[]>([{ id: 0, label: '', percentText: '' }]);
  errorTexts = $state<ErrorTexts>({ ...EMPTY_ERRORS });
  /** The errors as a model run filled them in (or as loaded with a run source); typing changes them. */
  private runFill = $state<{ source: ErrorsSource; texts: string } | null>(null);
  /** Where the errors shown come from: the run while its figures stand unchanged, else typed by hand. */
  readonly errorsSource: ErrorsSource = $derived(
    this.runFill && this.runFill.texts === JSON.stringify(this.errorTexts) ? this.runFill.source : 'manual',
  );
  private savedSource = $state<ErrorsSource>('manual');
  /** The project's completed model runs with metrics, newest first: their errors can fill the form. */
  runs = $state<RunSummary[]>([]);
  savedAt = $state<string | null>(null);
  /** The input as last saved (or loaded), to tell unsaved changes. */
  private savedInput = $state.raw<string>('');
  /** The project folder the state was loaded (or is loading) for. */
  loadedFor = $state<string | null>(null);
  /** False while the saved values are on their way: the fields wait, so nothing typed is overwritten. */
  loaded = $state(false);
  busy = $state(false);
  /** The outcome of the last action (saved, exported, copied, failed), shown by the actions bar. */
  notice = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  exportedPath = $state<string | null>(null);
  /** Markdown shown in a selectable box when the clipboard is not available. */
  markdownFallback = $state<string | null>(null);
  warnings = $state<string[]>([]);
  private nextRowId = 1;

  readonly read = $derived(readInput(this.rows, this.errorTexts));
  readonly result: Decomposition = $derived(decompose(this.read.input));
  readonly problemList = $derived(Object.values(this.read.problems));
  readonly valid = $derived(this.problemList.length === 0);
  /** The only thing missing is a first human level: where every new project starts, not an error. */
  readonly onlyNeedsHumanLevel = $derived(
    this.problemList.length === 1 && this.read.problems.humanLevels !== undefined,
  );
  readonly dirty = $derived(
    JSON.stringify(this.read.input) !== this.savedInput || this.errorsSource !== this.savedSource,
  );
  /** The row holding the Bayes proxy (the best human level), for the highlight. */
  readonly proxyRowId = $derived(
    this.result.bayesProxy ? (this.read.rowIds[this.result.bayesProxy.index] ?? null) : null,
  );

  async load(projectDir: string): Promise<void> {
    this.loadedFor = projectDir;
    this.loaded = false;
    try {
      const saved = await api.get('decomposition.get', {});
      this.fill(saved.input);
      this.savedInput = JSON.stringify(this.read.input);
      this.savedAt = saved.savedAt;
      this.setSource(saved.errorsSource);
      this.savedSource = saved.errorsSource;
      this.warnings = saved.warnings;
      this.notice = null;
      this.exportedPath = null;
    } catch (error) {
      this.fail(error);
    } finally {
      this.loaded = true;
    }
    await this.loadRuns();
  }

  /** The completed runs (a failure leaves the list empty: typing still works). */
  async loadRuns(): Promise<void> {
    const listed = await api.call('runs.list', {});
    this.runs = listed.ok ? listed.value.filter((run) => run.status === 'completed' && run.metrics) : [];
  }

  /**
   * Fill the four errors from a completed run, measured against the current labels: the label-cleanup
   * issue asks the decomposition to read the fix log's current revision, while a run's own metrics were
   * measured at the revision it trained on (`cleanup.beforeAfter` re-scores its saved predictions).
   * The source names the run.
   */
  async useRun(run: RunSummary): Promise<void> {
    if (!run.metrics) return;
    const rescored = await api.call('cleanup.beforeAfter', { runId: run.id });
    const current = rescored.ok ? rescored.value.runs.find((entry) => entry.runId === run.id) : undefined;
    const errors = current
      ? errorsFromRun({
          train: current.splits.train.corrected,
          'train-dev': current.splits['train-dev'].corrected,
          dev: current.splits.dev.corrected,
          test: current.splits.test.corrected,
        })
      : errorsFromRun(run.metrics);
    this.errorTexts = {
      train: textOf(errors.train),
      trainDev: textOf(errors.trainDev),
      dev: textOf(errors.dev),
      test: textOf(errors.test),
    };
    this.setSource(runErrorsSource(run.id));
    this.notice =
      rescored.ok && current
        ? {
            kind: 'ok',
            text: `Errors filled in from run ${run.id} against the current labels (revision ${rescored.value.revision}), not saved.`,
          }
        : {
            kind: 'ok',
            text: `Errors filled in from run ${run.id} as it measured them (revision ${run.labelFixRevision}): the current labels could not be read${rescored.ok ? '' : ` (${rescored.error.message})`}. Not saved.`,
          };
  }

  private setSource(source: ErrorsSource): void {
    this.runFill = source === 'manual' ? null : { source, texts: JSON.stringify(this.errorTexts) };
  }

  /** Put values into the fields; a project with no human level yet gets one empty row to type in. */
  fill(input: DecompositionInput): void {
    this.rows = input.humanLevels.map((entry) => ({
      id: this.nextRowId++,
      label: entry.label,
      percentText: textOf(entry.errorPercent),
    }));
    if (this.rows.length === 0) this.addRow();
    this.errorTexts = {
      train: textOf(input.errors.train),
      trainDev: textOf(input.errors.trainDev),
      dev: textOf(input.errors.dev),
      test: textOf(input.errors.test),
    };
    this.markdownFallback = null;
  }

  usePreset(scenario: SeedScenario): void {
    this.fill(scenario.input);
    this.notice = { kind: 'ok', text: `${scenario.title} filled in, not saved: ${scenario.lesson}` };
  }

  addRow(): void {
    this.rows.push({ id: this.nextRowId++, label: '', percentText: '' });
  }

  removeRow(id: number): void {
    this.rows = this.rows.filter((row) => row.id !== id);
    if (this.rows.length === 0) this.addRow();
  }

  async save(): Promise<void> {
    if (!this.valid || this.busy) return;
    await this.run(async () => {
      const saved = await api.get('decomposition.save', {
        ...$state.snapshot(this.read.input),
        errorsSource: this.errorsSource,
      });
      this.savedInput = JSON.stringify(this.read.input);
      this.savedAt = saved.savedAt;
      this.setSource(saved.errorsSource);
      this.savedSource = saved.errorsSource;
      this.notice = { kind: 'ok', text: 'Saved in the project.' };
    });
  }

  async exportCsv(): Promise<void> {
    if (!this.valid || this.busy) return;
    await this.run(async () => {
      const exported = await api.get('decomposition.export', {
        input: { ...$state.snapshot(this.read.input), errorsSource: this.errorsSource },
      });
      this.exportedPath = exported.path;
      this.notice = { kind: 'ok', text: 'CSV written to' };
    });
  }

  markdown(): string {
    return decompositionMarkdown(this.read.input, this.result, this.errorsSource);
  }

  /** Copy the table as Markdown; where the clipboard is refused, show it selected for Ctrl+C. */
  async copyMarkdown(): Promise<void> {
    const text = this.markdown();
    this.exportedPath = null;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      this.markdownFallback = null;
      this.notice = { kind: 'ok', text: 'Copied as Markdown.' };
    } catch {
      this.markdownFallback = text;
      this.notice = {
        kind: 'ok',
        text: 'The clipboard is not available here: the Markdown is selected below, press Ctrl+C.',
      };
    }
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.exportedPath = null;
    try {
      await action();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private fail(error: unknown): void {
    this.notice = {
      kind: 'error',
      text: error instanceof CallError ? error.message : `Unexpected error: ${(error as Error).message}`,
    };
  }
}

export const decomposeState = new DecomposeState();
