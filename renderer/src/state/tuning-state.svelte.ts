import type { SplitState } from '../../../shared/splits/split-schemas';
import { TrainingConfigSchema, type TrainingConfig } from '../../../shared/training/training-config';
import { messagesByPath, type CurvePoint } from '../../../shared/training/train-view';
import { SearchSpaceSchema } from '../../../shared/tuning/search-space-schema';
import {
  parameterProblems,
  type Parameter,
  type Params,
  type Scale,
  type SearchSpace,
} from '../../../shared/tuning/search-space';
import {
  StudySettingsSchema,
  type ParameterImportance,
  type Study,
  type StudySettings,
  type StudySummary,
  type Trial,
  type TuningMode,
  type TuningProgress,
  type TuningStrategy,
} from '../../../shared/tuning/study-schemas';
import { TIER_PRESETS } from '../../../shared/tuning/tier-presets';
import { choicesText, parseChoicesText, parseNumberText } from '../../../shared/tuning/tune-view';
import { api, CallError } from '../api/client';

/** One row of the search-space editor: what the user types, kept as text so "1e-" can be typed. */
export interface ParameterRow {
  key: number;
  enabled: boolean;
  name: string;
  tier: number | undefined;
  scale: Scale;
  lowText: string;
  highText: string;
  /** int only: sample on a log scale. */
  log: boolean;
  choicesText: string;
}

export interface TierInfo {
  tier: number;
  label: string;
  names: string[];
}

export interface LiveTrial {
  progress: TuningProgress;
  trainLoss: CurvePoint[];
  trainAccuracy: CurvePoint[];
  devLoss: CurvePoint[];
  devAccuracy: CurvePoint[];
}

type PrunerKind = 'none' | 'median' | 'successive-halving';

const DEFAULT_TIERS: TierInfo[] = [
  { tier: 1, label: 'Tier 1: learning rate', names: ['learning_rate'] },
  { tier: 2, label: 'Tier 2: momentum, hidden units, batch size', names: [] },
  { tier: 3, label: 'Tier 3: layers, decay', names: [] },
  { tier: 4, label: "Tier 4: Adam's β1, β2, ε", names: [] },
];

let nextKey = 1;

/** Config fields the presets leave out, with the ranges "+ Parameter" offers first. */
const EXTRA_PARAMETERS: Parameter[] = [
  { name: 'dropout', scale: 'uniform', low: 0, high: 0.5 },
  { name: 'l2', scale: 'log_uniform', low: 1e-6, high: 1e-2 },
  { name: 'optimizer', scale: 'choice', choices: ['adam', 'sgd'] },
  { name: 'epochs', scale: 'int', low: 1, high: 10 },
];

export function rowFromParameter(parameter: Parameter, enabled: boolean): ParameterRow {
  const numeric = parameter.scale !== 'choice';
  return {
    key: nextKey++,
    enabled,
    name: parameter.name,
    tier: parameter.tier,
    scale: parameter.scale,
    lowText: numeric ? String(parameter.low) : '',
    highText: numeric ? String(parameter.high) : '',
    log: parameter.scale === 'int' && parameter.log === true,
    choicesText: numeric ? `${parameter.low}, ${parameter.high}` : choicesText(parameter.choices),
  };
}

/** The parameter a row describes (possibly invalid: `parameterProblems` says why). */
export function rowParameter(row: ParameterRow): Parameter {
  const base = { name: row.name.trim(), ...(row.tier !== undefined ? { tier: row.tier } : {}) };
  if (row.scale === 'choice') return { ...base, scale: 'choice', choices: parseChoicesText(row.choicesText) };
  const low = parseNumberText(row.lowText);
  const high = parseNumberText(row.highText);
  if (row.scale === 'int') return { ...base, scale: 'int', low, high, ...(row.log ? { log: true } : {}) };
  return { ...base, scale: row.scale, low, high };
}

function emptyLive(progress: TuningProgress): LiveTrial {
  return { progress, trainLoss: [], trainAccuracy: [], devLoss: [], devAccuracy: [] };
}

function defaultWorkers(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, cores - 1);
}

/**
 * The Tune screen's state: the search-space editor (rows of text, checked on every keystroke with the
 * shared rules and by the service for the names it can apply), the study settings, the project's studies,
 * the study on show with its trials and the live curves of its running trials. Kept across tab switches;
 * reloaded when another project opens.
 */
class TuningState {
  // ── the space editor ──
  rows = $state<ParameterRow[]>(
    TIER_PRESETS.map((parameter) => rowFromParameter(parameter, parameter.tier === 1)),
  );
  tiers = $state<TierInfo[]>(DEFAULT_TIERS);
  /** Parameter name → the training-config field it sets, and a note (from tuning.presets). */
  mappings = $state<Record<string, { field: string; note: string }>>({});
  /** Problems only the service can see (a name no config field takes), by parameter name. */
  remoteProblems = $state<Record<string, string[]>>({});
  private spaceNoticeState = $state<{ kind: 'ok' | 'error'; text: string; forSpace: string } | null>(null);
  /** A message about the last import / preset; it goes once the space is edited. */
  get spaceNotice(): { kind: 'ok' | 'error'; text: string } | null {
    const notice = this.spaceNoticeState;
    return notice && notice.forSpace === this.spaceJson ? notice : null;
  }
  set spaceNotice(notice: { kind: 'ok' | 'error'; text: string } | null) {
    this.spaceNoticeState = notice ? { ...notice, forSpace: this.spaceJson } : null;
  }

  // ── the study settings ──
  name = $state('Study 1');
  strategy = $state<TuningStrategy>('random');
  trials = $state(20);
  epochsPerTrial = $state(3);
  seed = $state(0);
  mode = $state<TuningMode>('panda');
  workers = $state(defaultWorkers());
  readonly cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  gridValuesPerAxis = $state<number | null>(null);
  prunerKind = $state<PrunerKind>('none');
  median = $state({ startupTrials: 5, warmupEpochs: 0, intervalEpochs: 1 });
  halving = $state({ minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0 });
  coarse = $state({ round1: 20, round2: 10, topK: 5, round2EpochFactor: 2, finalEpochs: 10 });
  tpeStartupTrials = $state(10);
  /** The budget helper's sweet spot: this fraction of the most important axis. */
  sweetSpot = $state(0.1);
  /** The config every trial starts from (the Train tab's form when the study is set up). */
  baseConfig = $state<TrainingConfig>(TrainingConfigSchema.parse({}));

  // ── the project's studies ──
  loadedFor = $state<string | null>(null);
  loaded = $state(false);
  split = $state<SplitState | null>(null);
  studies = $state<StudySummary[]>([]);
  study = $state<Study | null>(null);
  trialList = $state<Trial[]>([]);
  importance = $state<ParameterImportance | null>(null);
  live = $state<Record<string, LiveTrial>>({});
  /** Up to two trial ids picked for "compare", in the order picked. */
  compared = $state<string[]>([]);
  starting = $state(false);
  notice = $state<{ kind: 'ok' | 'error'; text: string; runId?: string } | null>(null);
  exported = $state<{ path: string; rows: number } | null>(null);
  private listening = false;
  private importanceTimer: ReturnType<typeof setTimeout> | null = null;

  // ── derived: the space ──
  readonly enabledRows = $derived(this.rows.filter((row) => row.enabled));
  readonly space: SearchSpace = $derived({ parameters: this.enabledRows.map(rowParameter) });
  /** Messages per row key: the shared rules, a name used twice, and what the service said about the name. */
  readonly rowProblems = $derived.by(() => {
    const out: Record<number, string[]> = {};
    const counts: Record<string, number> = {};
    for (const row of this.enabledRows) counts[row.name.trim()] = (counts[row.name.trim()] ?? 0) + 1;
    for (const row of this.enabledRows) {
      const messages = parameterProblems(rowParameter(row));
      if ((counts[row.name.trim()] ?? 0) > 1) messages.push(`"${row.name.trim()}" is defined twice.`);
      for (const message of this.remoteProblems[row.name.trim()] ?? [])
        if (!messages.includes(message)) messages.push(message);
      if (messages.length > 0) out[row.key] = messages;
    }
    return out;
  });
  readonly spaceProblemCount = $derived(
    Object.values(this.rowProblems).reduce((sum, list) => sum + list.length, 0) +
      (this.enabledRows.length === 0 ? 1 : 0),
  );
  readonly spaceJson = $derived(JSON.stringify(this.space, null, 2));

  // ── derived: the settings ──
  readonly plannedTrials = $derived(
    this.strategy === 'coarse-to-fine' ? this.coarse.round1 + this.coarse.round2 : this.trials,
  );
  readonly settingsInput = $derived.by(() => ({
    name: this.name,
    space: $state.snapshot(this.space),
    strategy: this.strategy,
    trials: this.plannedTrials,
    epochsPerTrial: this.epochsPerTrial,
    seed: this.seed,
    mode: this.mode,
    ...(this.mode === 'caviar' ? { workers: this.workers } : {}),
    pruner:
      this.prunerKind === 'none'
        ? { kind: 'none' as const }
        : this.prunerKind === 'median'
          ? { kind: 'median' as const, ...this.median }
          : { kind: 'successive-halving' as const, ...this.halving },
    ...(this.strategy === 'grid' && this.gridValuesPerAxis !== null
      ? { gridValuesPerAxis: this.gridValuesPerAxis }
      : {}),
    coarseToFine: {
      roundTrials: [this.coarse.round1, this.coarse.round2] as [number, number],
      topK: this.coarse.topK,
      round2EpochFactor: this.coarse.round2EpochFactor,
      finalEpochs: this.coarse.finalEpochs,
    },
    tpeStartupTrials: this.tpeStartupTrials,
    baseConfig: $state.snapshot(this.baseConfig),
  }));
  readonly parsedSettings = $derived(StudySettingsSchema.safeParse(this.settingsInput));
  /** Problems outside the space (the space's own show on their rows), by field. */
  readonly settingsProblems = $derived.by(() => {
    const messages = messagesByPath(this.parsedSettings.error);
    delete messages['space.parameters'];
    if (this.mode === 'caviar' && this.workers > this.cores)
      messages.workers = `At most ${this.cores} (the cores of this machine).`;
    return messages;
  });
  readonly frozen = $derived(this.split?.current ?? null);
  readonly studyRunning = $derived(this.study?.status === 'running');
  readonly canStart = $derived(
    this.loaded &&
      this.frozen !== null &&
      this.parsedSettings.success &&
      this.spaceProblemCount === 0 &&
      Object.keys(this.settingsProblems).length === 0 &&
      !this.starting &&
      !this.studies.some((study) => study.status === 'running'),
  );
  readonly runningTrials = $derived(this.trialList.filter((trial) => trial.status === 'running'));

  async load(projectDir: string): Promise<void> {
    this.listen();
    if (projectDir !== this.loadedFor) {
      this.loadedFor = projectDir;
      this.loaded = false;
      this.study = null;
      this.trialList = [];
      this.importance = null;
      this.live = {};
      this.compared = [];
      this.notice = null;
      this.exported = null;
    }
    try {
      const [split, presets, studies] = await Promise.all([
        api.get('split.current', {}),
        api.call('tuning.presets', {}),
        api.get('tuning.study.list', {}),
      ]);
      this.split = split;
      if (presets.ok) {
        this.tiers = presets.value.tiers;
        this.mappings = Object.fromEntries(
          presets.value.mappings.map((mapping) => [
            mapping.name,
            { field: mapping.field, note: mapping.note },
          ]),
        );
      }
      this.studies = studies;
      const shown =
        this.study?.id ?? studies.find((study) => study.status === 'running')?.id ?? studies[0]?.id;
      if (shown) await this.openStudy(shown);
    } catch (error) {
      this.fail(error);
    } finally {
      this.loaded = true;
    }
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    api.on('tuning.progress', (progress) => this.onProgress(progress));
    api.on('tuning.trial', (trial) => this.onTrial(trial));
    api.on('tuning.study', (summary) => void this.onStudy(summary));
  }

  private onProgress(progress: TuningProgress): void {
    if (progress.studyId !== this.study?.id) return;
    const live = this.live[progress.trialId] ?? (this.live[progress.trialId] = emptyLive(progress));
    live.progress = progress;
    if (progress.epoch > 0 && progress.batchesPerEpoch > 0 && progress.epochEnd === null) {
      const x = progress.epoch - 1 + progress.batch / progress.batchesPerEpoch;
      if (progress.trainLoss !== null) live.trainLoss.push({ x, y: progress.trainLoss });
      if (progress.trainAccuracy !== null) live.trainAccuracy.push({ x, y: progress.trainAccuracy });
    }
    const end = progress.epochEnd;
    if (end) {
      if (end.devLoss !== null) live.devLoss.push({ x: end.epoch, y: end.devLoss });
      if (end.devAccuracy !== null) live.devAccuracy.push({ x: end.epoch, y: end.devAccuracy });
    }
  }

  private onTrial(trial: Trial): void {
    if (trial.studyId !== this.study?.id) return;
    const index = this.trialList.findIndex((known) => known.id === trial.id);
    if (index >= 0) this.trialList[index] = trial;
    else this.trialList = [...this.trialList, trial].sort((a, b) => a.number - b.number);
    if (trial.status === 'completed' || trial.status === 'pruned') this.refreshImportanceSoon();
  }

  private async onStudy(summary: StudySummary): Promise<void> {
    const index = this.studies.findIndex((known) => known.id === summary.id);
    if (index >= 0) this.studies[index] = summary;
    else this.studies = [summary, ...this.studies];
    if (summary.id === this.study?.id && summary.status !== this.study.status) {
      const result = await api.call('tuning.study.get', { studyId: summary.id });
      if (result.ok && result.value.study.id === this.study?.id) {
        this.study = result.value.study;
        this.trialList = result.value.trials;
      }
      if (summary.status !== 'running') this.refreshImportanceSoon(0);
    }
  }

  async openStudy(studyId: string): Promise<void> {
    try {
      const { study, trials } = await api.get('tuning.study.get', { studyId });
      if (this.study?.id !== study.id) {
        this.live = {};
        this.compared = [];
        this.exported = null;
        this.importance = null;
      }
      this.study = study;
      this.trialList = trials;
      this.refreshImportanceSoon(0);
    } catch (error) {
      this.fail(error);
    }
  }

  private refreshImportanceSoon(delay = 800): void {
    if (this.importanceTimer) clearTimeout(this.importanceTimer);
    this.importanceTimer = setTimeout(() => void this.refreshImportance(), delay);
  }

  async refreshImportance(): Promise<void> {
    const studyId = this.study?.id;
    if (!studyId) return;
    const result = await api.call('tuning.importance', { studyId });
    if (studyId === this.study?.id) this.importance = result.ok ? result.value : null;
  }

  /** Ask the service about the space (names it cannot apply); the shared rules run locally on every keystroke. */
  async validateRemote(): Promise<void> {
    const space = $state.snapshot(this.space);
    const result = await api.call('tuning.space.validate', { space });
    if (!result.ok) return;
    const byName: Record<string, string[]> = {};
    for (const problem of result.value.problems) {
      const name =
        problem.name ?? (problem.parameter !== null ? space.parameters[problem.parameter]?.name : null);
      if (name) (byName[name] ??= []).push(problem.message);
    }
    this.remoteProblems = byName;
  }

  // ── editor actions ──

  /** Enable the preset rows up to `maxTier` (and only those); rows the user added stay as they are. */
  applyTier(maxTier: number): void {
    const presetNames = new Set(TIER_PRESETS.map((parameter) => parameter.name));
    for (const preset of TIER_PRESETS) {
      if (!this.rows.some((row) => row.name === preset.name)) this.rows.push(rowFromParameter(preset, false));
    }
    for (const row of this.rows) {
      if (presetNames.has(row.name) && row.tier !== undefined) row.enabled = row.tier <= maxTier;
    }
    this.spaceNotice = null;
  }

  /** Put a row back to its preset range and scale. */
  resetRow(row: ParameterRow): void {
    const preset = TIER_PRESETS.find((parameter) => parameter.name === row.name);
    if (!preset) return;
    const fresh = rowFromParameter(preset, row.enabled);
    Object.assign(row, { ...fresh, key: row.key });
  }

  /** A parameter beyond the presets: the first config field not yet in the editor, with a range that suits it. */
  addRow(): void {
    const used = new Set(this.rows.map((row) => row.name));
    const extra = EXTRA_PARAMETERS.find((parameter) => !used.has(parameter.name));
    const free = Object.keys(this.mappings).find((name) => !used.has(name)) ?? '';
    this.rows.push(rowFromParameter(extra ?? { name: free, scale: 'uniform', low: 0, high: 1 }, true));
  }

  removeRow(key: number): void {
    this.rows = this.rows.filter((row) => row.key !== key);
  }

  /** Replace the editor's rows by a space read from JSON: its parameters enabled, the other presets kept off. */
  importSpace(text: string): boolean {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      this.spaceNotice = { kind: 'error', text: `Not JSON: ${(error as Error).message}` };
      return false;
    }
    const parsed = SearchSpaceSchema.safeParse(json);
    if (!parsed.success) {
      const messages = parsed.error.issues.map((issue) =>
        issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      );
      this.spaceNotice = {
        kind: 'error',
        text: `Not a valid search space: ${messages.slice(0, 4).join(' · ')}`,
      };
      return false;
    }
    this.loadSpace(parsed.data as SearchSpace);
    this.spaceNotice = {
      kind: 'ok',
      text: `Loaded ${parsed.data.parameters.length} parameter${parsed.data.parameters.length === 1 ? '' : 's'}.`,
    };
    return true;
  }

  private loadSpace(space: SearchSpace): void {
    const names = new Set(space.parameters.map((parameter) => parameter.name));
    this.rows = [
      ...space.parameters.map((parameter) => rowFromParameter(parameter, true)),
      ...TIER_PRESETS.filter((preset) => !names.has(preset.name)).map((preset) =>
        rowFromParameter(preset, false),
      ),
    ];
  }

  /** Fill the editor and settings with a study's, to run a variation of it. */
  useStudySettings(settings: StudySettings): void {
    this.loadSpace(settings.space as SearchSpace);
    this.name = `${settings.name} (copy)`;
    this.strategy = settings.strategy;
    this.trials = settings.trials;
    this.epochsPerTrial = settings.epochsPerTrial;
    this.seed = settings.seed;
    this.mode = settings.mode;
    if (settings.workers !== undefined) this.workers = settings.workers;
    this.prunerKind = settings.pruner.kind;
    if (settings.pruner.kind === 'median') {
      const { startupTrials, warmupEpochs, intervalEpochs } = settings.pruner;
      this.median = { startupTrials, warmupEpochs, intervalEpochs };
    }
    if (settings.pruner.kind === 'successive-halving') {
      const { minResource, reductionFactor, minEarlyStoppingRate } = settings.pruner;
      this.halving = { minResource, reductionFactor, minEarlyStoppingRate };
    }
    this.gridValuesPerAxis = settings.gridValuesPerAxis ?? null;
    this.coarse = {
      round1: settings.coarseToFine.roundTrials[0],
      round2: settings.coarseToFine.roundTrials[1],
      topK: settings.coarseToFine.topK,
      round2EpochFactor: settings.coarseToFine.round2EpochFactor,
      finalEpochs: settings.coarseToFine.finalEpochs,
    };
    this.tpeStartupTrials = settings.tpeStartupTrials;
    this.baseConfig = settings.baseConfig;
    this.spaceNotice = { kind: 'ok', text: `The editor holds the settings of "${settings.name}".` };
  }

  // ── study actions ──

  async startStudy(): Promise<void> {
    if (!this.canStart || !this.parsedSettings.success) return;
    this.starting = true;
    this.notice = null;
    try {
      const created = await api.get('tuning.study.create', this.parsedSettings.data);
      this.study = created;
      this.trialList = [];
      this.live = {};
      this.compared = [];
      this.exported = null;
      this.importance = null;
      const started = await api.get('tuning.study.start', { studyId: created.id });
      this.study = started;
      this.studies = await api.get('tuning.study.list', {});
      await this.openStudy(created.id);
      this.name = nextStudyName(
        this.studies.map((study) => study.name),
        this.name,
      );
    } catch (error) {
      this.fail(error);
    } finally {
      this.starting = false;
    }
  }

  async studyAction(action: 'pause' | 'resume' | 'start'): Promise<void> {
    if (!this.study) return;
    try {
      this.study = await api.get(`tuning.study.${action}`, { studyId: this.study.id });
    } catch (error) {
      this.fail(error);
    }
  }

  async deleteStudy(studyId: string): Promise<void> {
    try {
      await api.get('tuning.study.delete', { studyId });
      this.studies = this.studies.filter((study) => study.id !== studyId);
      if (this.study?.id === studyId) {
        this.study = null;
        this.trialList = [];
        this.importance = null;
        const next = this.studies[0];
        if (next) await this.openStudy(next.id);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  async stopTrial(trialId: string): Promise<void> {
    try {
      await api.get('tuning.trial.stop', { trialId });
    } catch (error) {
      this.fail(error);
    }
  }

  async setNext(params: Params): Promise<boolean> {
    if (!this.study) return false;
    try {
      // The editor shows the queued values (study.nextParams) until a trial takes them.
      this.study = await api.get('tuning.trial.setNext', { studyId: this.study.id, params });
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async trainTrial(trial: Trial): Promise<void> {
    try {
      const { runId } = await api.get('tuning.trial.train', { trialId: trial.id });
      this.notice = { kind: 'ok', text: `Training trial #${trial.number}'s config as run ${runId}.`, runId };
    } catch (error) {
      this.fail(error);
    }
  }

  async exportCsv(): Promise<void> {
    if (!this.study) return;
    try {
      this.exported = await api.get('tuning.export', { studyId: this.study.id });
    } catch (error) {
      this.fail(error);
    }
  }

  /** Pick a trial for the comparison; a third pick replaces the first. */
  toggleCompared(trialId: string): void {
    if (this.compared.includes(trialId)) this.compared = this.compared.filter((id) => id !== trialId);
    else this.compared = [...this.compared, trialId].slice(-2);
  }

  fail(error: unknown): void {
    this.notice = {
      kind: 'error',
      text: error instanceof CallError ? error.message : `Unexpected error: ${(error as Error).message}`,
    };
  }
}

/** "Study 1" → "Study 2" when "Study 1" exists. */
function nextStudyName(taken: string[], current: string): string {
  const match = /^(.*?)(\d+)$/.exec(current.trim());
  const stem = match ? match[1]! : `${current.trim()} `;
  let number = match ? Number(match[2]) : 2;
  while (taken.includes(`${stem}${number}`)) number++;
  return `${stem}${number}`;
}

export const tuningState = new TuningState();
