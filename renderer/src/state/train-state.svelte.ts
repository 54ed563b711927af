import type { SplitState } from '../../../shared/splits/split-schemas';
import type { RunRecord, RunSummary, TrainingProgress } from '../../../shared/training/run-schemas';
import {
  CnnConfigSchema,
  LearningRateScheduleSchema,
  MlpConfigSchema,
  OptimizerConfigSchema,
  TrainingConfigSchema,
  type CnnConfig,
  type LearningRateSchedule,
  type MlpConfig,
  type OptimizerConfig,
  type TrainingConfig,
} from '../../../shared/training/training-config';
import {
  fieldLabel,
  messagesByPath,
  parseUnitsText,
  unitsText,
  type CurvePoint,
} from '../../../shared/training/train-view';
import { api, CallError } from '../api/client';

type Adam = Extract<OptimizerConfig, { kind: 'adam' }>;
type Sgd = Extract<OptimizerConfig, { kind: 'sgd' }>;
type ScheduleKind = LearningRateSchedule['kind'];
type Schedules = { [K in ScheduleKind]: Extract<LearningRateSchedule, { kind: K }> };

/** What the live charts draw while a run trains: train figures per progress event, dev per epoch. */
export interface LiveCurves {
  trainLoss: CurvePoint[];
  trainAccuracy: CurvePoint[];
  devLoss: CurvePoint[];
  devAccuracy: CurvePoint[];
}

const DEFAULTS = TrainingConfigSchema.parse({});

function emptyCurves(): LiveCurves {
  return { trainLoss: [], trainAccuracy: [], devLoss: [], devAccuracy: [] };
}

/**
 * The Train screen's state: the config form (one sub-form per model, optimizer and schedule kind, so
 * switching back keeps what was typed), the run in progress with its live curves, the project's runs
 * and the two picked for comparison. Kept across tab switches; reloaded when another project opens.
 */
class TrainState {
  modelKind = $state<'mlp' | 'cnn'>(DEFAULTS.model.kind);
  mlp = $state<MlpConfig>(MlpConfigSchema.parse({ kind: 'mlp' }));
  mlpUnitsText = $state(unitsText(MlpConfigSchema.parse({ kind: 'mlp' }).hiddenUnits));
  cnn = $state<CnnConfig>(CnnConfigSchema.parse({ kind: 'cnn' }));
  cnnFiltersText = $state(unitsText(CnnConfigSchema.parse({ kind: 'cnn' }).filters));
  optimizerKind = $state<OptimizerConfig['kind']>(DEFAULTS.optimizer.kind);
  adam = $state<Adam>(OptimizerConfigSchema.parse({ kind: 'adam' }) as Adam);
  sgd = $state<Sgd>(OptimizerConfigSchema.parse({ kind: 'sgd' }) as Sgd);
  scheduleKind = $state<ScheduleKind>(DEFAULTS.schedule.kind);
  schedules = $state<Schedules>({
    none: { kind: 'none' },
    step: LearningRateScheduleSchema.parse({ kind: 'step' }) as Schedules['step'],
    exponential: LearningRateScheduleSchema.parse({ kind: 'exponential' }) as Schedules['exponential'],
    cosine: LearningRateScheduleSchema.parse({ kind: 'cosine' }) as Schedules['cosine'],
  });
  base = $state({
    learningRate: DEFAULTS.learningRate,
    batchSize: DEFAULTS.batchSize,
    epochs: DEFAULTS.epochs,
    seed: DEFAULTS.seed,
    limitTrainItems: DEFAULTS.limitTrainItems,
    input: { ...DEFAULTS.input },
    augmentation: { ...DEFAULTS.augmentation },
  });

  /** The project the state was loaded for. */
  loadedFor = $state<string | null>(null);
  loaded = $state(false);
  split = $state<SplitState | null>(null);
  runs = $state<RunSummary[]>([]);
  /** Full records by run id (backend, curves, config), fetched for the list and the comparison. */
  records = $state<Record<string, RunRecord>>({});
  /** The run this screen started (or found running) and its last progress. */
  liveRunId = $state<string | null>(null);
  progress = $state<TrainingProgress | null>(null);
  live = $state<LiveCurves>(emptyCurves());
  starting = $state(false);
  cancelling = $state(false);
  /** Up to two run ids, in the order picked. */
  selected = $state<string[]>([]);
  notice = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  private listening = false;

  /** The config as the form reads, before validation (a units text that is not numbers stays as text). */
  readonly draft = $derived.by(() => {
    const model =
      this.modelKind === 'mlp'
        ? { ...this.mlp, hiddenUnits: parseUnitsText(this.mlpUnitsText) ?? this.mlpUnitsText }
        : { ...this.cnn, filters: parseUnitsText(this.cnnFiltersText) ?? this.cnnFiltersText };
    return {
      ...this.base,
      model,
      optimizer: this.optimizerKind === 'adam' ? this.adam : this.sgd,
      schedule: this.schedules[this.scheduleKind],
    };
  });
  readonly parsed = $derived(TrainingConfigSchema.safeParse($state.snapshot(this.draft)));
  /** The schema's messages by dotted path (`model.hiddenUnits`, `learningRate`). */
  readonly problems = $derived.by(() => {
    const messages = messagesByPath(this.parsed.error);
    const unitsKey = this.modelKind === 'mlp' ? 'model.hiddenUnits' : 'model.filters';
    const text = this.modelKind === 'mlp' ? this.mlpUnitsText : this.cnnFiltersText;
    if (parseUnitsText(text) === null) {
      messages[unitsKey] = 'Whole numbers separated by commas, e.g. "256, 128".';
    }
    return messages;
  });
  /** "Epochs: Too small: …", in form order as the schema reports them. */
  readonly problemList = $derived(
    Object.entries(this.problems).map(([path, message]) => `${fieldLabel(path)}: ${message}`),
  );
  readonly frozen = $derived(this.split?.current ?? null);
  /** The run this screen follows is still training (as the run list says). */
  readonly running = $derived(
    this.liveRunId !== null && this.runs.find((run) => run.id === this.liveRunId)?.status === 'running',
  );
  readonly canStart = $derived(
    this.loaded && this.frozen !== null && this.parsed.success && !this.running && !this.starting,
  );

  async load(projectDir: string): Promise<void> {
    this.listen();
    if (projectDir !== this.loadedFor) {
      this.loadedFor = projectDir;
      this.loaded = false;
      this.records = {};
      this.selected = [];
      this.liveRunId = null;
      this.progress = null;
      this.live = emptyCurves();
      this.notice = null;
    }
    try {
      this.split = await api.get('split.current', {});
      await this.refreshRuns();
    } catch (error) {
      this.fail(error);
    } finally {
      this.loaded = true;
    }
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    api.on('train.progress', (progress) => this.onProgress(progress));
    api.on('train.finished', (record) => void this.onFinished(record));
  }

  private onProgress(progress: TrainingProgress): void {
    if (this.liveRunId === null) this.liveRunId = progress.runId;
    if (progress.runId !== this.liveRunId) return;
    this.progress = progress;
    const live = this.live;
    if (progress.phase === 'training' && progress.epoch > 0 && progress.batchesPerEpoch > 0) {
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

  private async onFinished(record: RunRecord): Promise<void> {
    this.records[record.id] = record;
    if (record.id === this.liveRunId) {
      this.cancelling = false;
      this.notice =
        record.status === 'completed'
          ? { kind: 'ok', text: `Run ${record.id} completed.` }
          : record.status === 'cancelled'
            ? { kind: 'ok', text: `Run ${record.id} cancelled.` }
            : { kind: 'error', text: `Run ${record.id} failed: ${record.error ?? 'unknown error'}` };
    }
    await this.refreshRuns();
  }

  async refreshRuns(): Promise<void> {
    this.runs = await api.get('runs.list', {});
    const running = this.runs.find((run) => run.status === 'running');
    if (running && this.liveRunId === null) this.liveRunId = running.id;
    // Records of finished runs do not change: fetch each once (the list shows their backend).
    await Promise.all(
      this.runs
        .filter((run) => run.status !== 'running' && !this.records[run.id])
        .slice(0, 30)
        .map(async (run) => {
          const result = await api.call('runs.get', { runId: run.id });
          if (result.ok) this.records[run.id] = result.value;
        }),
    );
  }

  async start(): Promise<void> {
    if (!this.canStart || !this.parsed.success) return;
    this.starting = true;
    this.notice = null;
    // Follow the new run from its first event (which may come before train.start returns).
    this.liveRunId = null;
    this.progress = null;
    this.live = emptyCurves();
    try {
      const { runId } = await api.get('train.start', this.parsed.data);
      if (this.liveRunId !== runId) {
        this.liveRunId = runId;
        this.progress = null;
        this.live = emptyCurves();
      }
      await this.refreshRuns();
    } catch (error) {
      this.fail(error);
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.liveRunId) return;
    this.cancelling = true;
    try {
      await api.get('train.cancel', { runId: this.liveRunId });
    } catch (error) {
      this.cancelling = false;
      this.fail(error);
    }
  }

  /** Pick a run for the comparison; a third pick replaces the first. */
  toggleSelected(runId: string): void {
    if (this.selected.includes(runId)) this.selected = this.selected.filter((id) => id !== runId);
    else this.selected = [...this.selected, runId].slice(-2);
  }

  /** Fill the form with a run's config, to repeat or vary it. */
  useConfig(config: TrainingConfig): void {
    this.modelKind = config.model.kind;
    if (config.model.kind === 'mlp') {
      this.mlp = { ...config.model };
      this.mlpUnitsText = unitsText(config.model.hiddenUnits);
    } else {
      this.cnn = { ...config.model };
      this.cnnFiltersText = unitsText(config.model.filters);
    }
    this.optimizerKind = config.optimizer.kind;
    if (config.optimizer.kind === 'adam') this.adam = { ...config.optimizer };
    else this.sgd = { ...config.optimizer };
    this.scheduleKind = config.schedule.kind;
    this.schedules = { ...this.schedules, [config.schedule.kind]: { ...config.schedule } };
    this.base = {
      learningRate: config.learningRate,
      batchSize: config.batchSize,
      epochs: config.epochs,
      seed: config.seed,
      limitTrainItems: config.limitTrainItems,
      input: { ...config.input },
      augmentation: { ...config.augmentation },
    };
    this.notice = { kind: 'ok', text: 'The form holds that run’s config: change what you want and start.' };
  }

  /** Put a learning rate into the form (the LR finder's "Use in training config"), saying where it came from. */
  useLearningRate(learningRate: number, from: string): void {
    this.base.learningRate = learningRate;
    this.notice = { kind: 'ok', text: `Learning rate set to ${learningRate} (${from}).` };
  }

  private fail(error: unknown): void {
    this.notice = {
      kind: 'error',
      text: error instanceof CallError ? error.message : `Unexpected error: ${(error as Error).message}`,
    };
  }
}

export const trainState = new TrainState();
