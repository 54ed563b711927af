import type { BackendInfo } from '../../../../shared/backend';
import { ApiFailure } from '../../../../shared/result';
import type { RunRecord, TrainingProgress } from '../../../../shared/training/run-schemas';
import type { TrainingConfig } from '../../../../shared/training/training-config';
import { CleanupService } from '../../cleanup/cleanup-service';
import type { Project } from '../../projects/project';
import { requireFrozenSplit } from '../../splits/require-frozen-split';
import { ensureDataCacheAtCurrentLabels } from '../data/current-labels-data-cache';
import { startTrainingWorker, type TrainingWorkerHandle } from '../worker/training-worker';
import { MODEL_FILE, WEIGHTS_FILE } from './model-folder-handler';
import { PREDICTIONS_FILE } from './predictions-file';
import { newRunId, RunStore } from './run-store';

export interface TrainingRunEvents {
  progress(progress: TrainingProgress): void;
  finished(record: RunRecord): void;
}

interface ActiveRun {
  id: string;
  cancelled: boolean;
  /** Stops the decoding of the split, when the run is cancelled before training. */
  preparing: AbortController;
  worker: TrainingWorkerHandle | null;
  finished: Promise<RunRecord>;
}

const perProject = new WeakMap<Project, TrainingRuns>();

/**
 * A project's training runs, from the main process's side: checks that a split is frozen, decodes the
 * split into the data cache, starts the training worker, relays its progress, and records the run
 * (runs/<id>/run.json). One training at a time per project; the worker does the computing.
 */
export class TrainingRuns {
  private active: ActiveRun | null = null;
  private readonly store: RunStore;

  private constructor(private readonly project: Project) {
    this.store = new RunStore(project.projectDir);
  }

  static of(project: Project): TrainingRuns {
    let runs = perProject.get(project);
    if (!runs) perProject.set(project, (runs = new TrainingRuns(project)));
    return runs;
  }

  /** Starts a run and returns its id at once; progress and the end arrive through `events`. */
  async start(
    config: TrainingConfig,
    events: TrainingRunEvents,
  ): Promise<{
    runId: string;
    finished: Promise<RunRecord>;
    labelRevision: number;
    coverageWarning: string | null;
  }> {
    if (this.active)
      throw new ApiFailure('busy', `Run ${this.active.id} is training: cancel it or wait for it.`);
    const { index, frozen, splitOf } = await requireFrozenSplit(
      this.project,
      'Training needs a frozen split',
    );
    // the current labels (imported + label-fix log) at this revision; excluded items stay out
    const cleanup = CleanupService.of(this.project);
    const labels = await cleanup.currentLabels();
    const coverageWarning = labels.revision > 0 ? await cleanup.warningOrNull() : null;
    const record: RunRecord = {
      schemaVersion: 1,
      id: newRunId(),
      status: 'running',
      config,
      splitVersion: frozen.version,
      labelFixRevision: labels.revision,
      ...(coverageWarning ? { labelCoverageWarning: coverageWarning } : {}),
      classes: [],
      startedAt: new Date().toISOString(),
      endedAt: null,
      backend: null,
      curves: [],
      metrics: null,
      inferenceImagesPerSecond: null,
      files: null,
      error: null,
    };
    await this.store.create(record);
    const active: ActiveRun = {
      id: record.id,
      cancelled: false,
      preparing: new AbortController(),
      worker: null,
      finished: null!,
    };
    this.active = active;
    active.finished = this.run(record, active, events, () =>
      ensureDataCacheAtCurrentLabels(
        this.project,
        {
          items: index.items,
          splitOf,
          splitVersion: frozen.version,
          input: config.input,
          onProgress: throttled((done, total) => events.progress(preparing(record, done, total))),
          signal: active.preparing.signal,
        },
        labels,
      ),
    ).finally(() => {
      if (this.active === active) this.active = null;
    });
    return { runId: record.id, finished: active.finished, labelRevision: labels.revision, coverageWarning };
  }

  /** Cancels the running training (between batches); false when none runs or `runId` is another. */
  cancel(runId?: string): boolean {
    const active = this.active;
    if (!active || (runId && runId !== active.id)) return false;
    active.cancelled = true;
    active.preparing.abort();
    active.worker?.cancel();
    return true;
  }

  /**
   * Cancels the project's running training, if any, and waits until its run is recorded: closing a
   * project must call this before releasing the lock, so no worker writes into a project another
   * process may now own.
   */
  static async stopFor(project: Project): Promise<void> {
    const runs = perProject.get(project);
    if (!runs?.active) return;
    runs.cancel();
    await runs.active?.finished.catch(() => undefined);
  }

  list(): Promise<RunRecord[]> {
    return this.store.list().then((records) => records.map((record) => this.withInterruption(record)));
  }

  async get(runId: string): Promise<RunRecord> {
    return this.withInterruption(await this.store.get(runId));
  }

  /** A record left `running` by a process that is gone (the app was killed mid-run) is shown as failed. */
  private withInterruption(record: RunRecord): RunRecord {
    if (record.status !== 'running' || this.active?.id === record.id) return record;
    return {
      ...record,
      status: 'failed',
      error: record.error ?? 'Interrupted: the app stopped during this run.',
    };
  }

  private async run(
    record: RunRecord,
    active: ActiveRun,
    events: TrainingRunEvents,
    prepare: () => Promise<{ path: string }>,
  ): Promise<RunRecord> {
    let backend: BackendInfo | null = null;
    let current = record;
    // run.json saves in order: an epoch's save must never land after the final one
    let saving: Promise<void> = Promise.resolve();
    const save = (next: RunRecord) => {
      saving = saving.then(() => this.store.save(next)).catch(() => undefined);
    };
    const end = async (next: RunRecord, status: RunRecord['status'], error: string | null) => {
      await saving;
      return this.end(next, status, error, events);
    };
    try {
      const cache = await prepare();
      if (active.cancelled) return await end(current, 'cancelled', null);
      const folder = this.store.folderOf(record.id);
      active.worker = startTrainingWorker(
        { config: record.config, cachePath: cache.path, runDir: folder },
        {
          onBackend: (info) => {
            backend = info;
            current = { ...current, backend: info };
            save(current);
          },
          onProgress: (progress) => {
            events.progress({ ...progress, runId: record.id, backend });
            if (progress.epochEnd) {
              current = { ...current, curves: [...current.curves, progress.epochEnd] };
              save(current);
            }
          },
        },
      );
      if (active.cancelled) active.worker.cancel();
      const result = await active.worker.result;
      current = { ...current, classes: result.classes, curves: result.curves };
      if (result.status === 'cancelled') return await end(current, 'cancelled', null);
      return await end(
        {
          ...current,
          metrics: result.metrics,
          inferenceImagesPerSecond: result.inferenceImagesPerSecond,
          files: { model: MODEL_FILE, weights: WEIGHTS_FILE, predictions: PREDICTIONS_FILE },
        },
        'completed',
        null,
      );
    } catch (error) {
      if (active.cancelled) return end(current, 'cancelled', null); // cancelled while decoding the split
      return end(current, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** Records the end; a run that did not complete keeps its run.json and nothing else. */
  private async end(
    record: RunRecord,
    status: RunRecord['status'],
    error: string | null,
    events: TrainingRunEvents,
  ): Promise<RunRecord> {
    if (status !== 'completed') await this.store.removeArtifacts(record.id);
    const ended: RunRecord = {
      ...record,
      status,
      error,
      endedAt: new Date().toISOString(),
      ...(status === 'completed' ? {} : { files: null, metrics: null }),
    };
    await this.store.save(ended);
    events.finished(ended);
    return ended;
  }
}

function preparing(record: RunRecord, done: number, total: number): TrainingProgress {
  return {
    runId: record.id,
    phase: 'preparing',
    backend: null,
    epoch: 0,
    epochs: record.config.epochs,
    batch: done,
    batchesPerEpoch: total,
    trainLoss: null,
    trainAccuracy: null,
    devLoss: null,
    devAccuracy: null,
    examplesPerSecond: null,
    etaSeconds: null,
    epochEnd: null,
  };
}

/** At most one decoding progress event every 100 ms, and always the last. */
function throttled(report: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    report(done, total);
  };
}
