import { ApiFailure } from '../../../shared/result';
import { applyParams } from '../../../shared/tuning/apply-params';
import type { Params } from '../../../shared/tuning/search-space';
import { requeuedTrial } from '../../../shared/tuning/requeued-trial';
import type { Study, StudySummary, Trial, TuningProgress } from '../../../shared/tuning/study-schemas';
import { nextTrials, type PlannedTrial } from '../../../shared/tuning/study-plan';
import { shouldPruneTrial } from '../../../shared/tuning/trial-pruning';
import { startTrainingWorker, type TrainingWorkerHandle } from '../ml/worker/training-worker';
import type { StudyStore } from './study-store';
import { bestTrial, summarizeStudy } from './study-summary';

export interface TuningEvents {
  progress(progress: TuningProgress): void;
  trial(trial: Trial): void;
  study(summary: StudySummary): void;
}

/** Why a running trial's worker was told to stop. */
type StopReason = 'pruned' | 'stopped' | 'requeue';

interface ActiveTrial {
  trial: Trial;
  worker: TrainingWorkerHandle | null;
  reason: StopReason | null;
  prunedAtEpoch: number | null;
}

/** A new trial, queued. */
export function queuedTrial(studyId: string, number: number, planned: PlannedTrial): Trial {
  return {
    id: `${studyId}-t${number}`,
    studyId,
    number,
    round: planned.round,
    params: planned.params,
    epochs: planned.epochs,
    status: 'queued',
    curves: [],
    value: null,
    bestValue: null,
    prunedAtEpoch: null,
    startedAt: null,
    endedAt: null,
    seconds: null,
    error: null,
    restarts: 0,
    runId: null,
  };
}

/**
 * Runs one study's trials: up to `study.workers` at once (panda: 1, caviar: N), each in its own
 * training worker thread (tfjs-wasm is single-threaded, so parallel trials need parallel threads), each
 * training the base config with its params on the frozen split's data cache. A trial reports dev
 * accuracy at every epoch's end; the pruner decides there, and a pruned trial's worker is stopped
 * through the worker's cancel flag. Every change of a trial is written to its own file at once.
 *
 * The loop plans more trials (TPE, the next coarse-to-fine round) when the queue is empty and a worker
 * is free, and ends when nothing is queued, running or plannable: the study is then completed. `halt`
 * (pause, or the project closing) stops the running trials, queues them again and ends the loop with the
 * study paused.
 */
export class StudyRunner {
  private readonly active = new Map<string, ActiveTrial>();
  private halted = false;
  private saving = new Map<string, Promise<void>>();
  private studySaving: Promise<void> = Promise.resolve();
  readonly finished: Promise<void>;

  constructor(
    private study: Study,
    private readonly trials: Trial[],
    private readonly store: StudyStore,
    private readonly cachePath: string,
    private readonly events: TuningEvents,
    /** Called once the study's last write is done, before its final event: the project is free again. */
    private readonly release: () => void = () => undefined,
  ) {
    this.finished = this.run();
  }

  get studyId(): string {
    return this.study.id;
  }

  get current(): { study: Study; trials: Trial[] } {
    return { study: this.study, trials: this.trials };
  }

  /** Stops the running trials (queued again, to be re-run) and waits until the study is saved paused. */
  async halt(): Promise<void> {
    this.halted = true;
    for (const entry of this.active.values()) this.stopEntry(entry, 'requeue');
    await this.finished;
  }

  /** Stops one running trial (status stopped, curve kept); false when it is not running. */
  stopTrial(trialId: string): boolean {
    const entry = this.active.get(trialId);
    if (!entry || entry.reason) return false;
    this.stopEntry(entry, 'stopped');
    return true;
  }

  /** Panda: the next trial to start takes these params. */
  setNext(params: Params): Study {
    this.updateStudy({ nextParams: params });
    return this.study;
  }

  private stopEntry(entry: ActiveTrial, reason: StopReason): void {
    entry.reason ??= reason;
    entry.worker?.cancel();
  }

  private updateStudy(change: Partial<Study>, announce = true): void {
    this.study = { ...this.study, ...change, updatedAt: new Date().toISOString() };
    const snapshot = this.study;
    this.studySaving = this.studySaving.then(() => this.store.saveStudy(snapshot)).catch(() => undefined);
    if (announce) this.events.study(summarizeStudy(snapshot, this.trials));
  }

  /** Saves a trial (in order per trial: an epoch's save never lands after the final one) and announces it. */
  private saveTrial(trial: Trial): Promise<void> {
    const snapshot: Trial = { ...trial, curves: [...trial.curves] };
    const saved = (this.saving.get(trial.id) ?? Promise.resolve())
      .then(() => this.store.saveTrial(snapshot))
      .catch(() => undefined);
    this.saving.set(trial.id, saved);
    this.events.trial(snapshot);
    return saved;
  }

  private async run(): Promise<void> {
    const running = new Set<Promise<void>>();
    try {
      for (;;) {
        while (!this.halted && this.active.size < this.study.workers) {
          const trial = await this.nextQueued();
          if (!trial) break;
          const done: Promise<void> = this.runTrial(trial).finally(() => running.delete(done));
          running.add(done);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
      await Promise.all(running);
      const best = bestTrial(this.trials);
      this.updateStudy(
        { status: this.halted ? 'paused' : 'completed', bestTrialId: best?.id ?? null },
        false,
      );
    } catch (error) {
      this.halted = true;
      for (const entry of this.active.values()) this.stopEntry(entry, 'requeue');
      await Promise.allSettled(running);
      const message = error instanceof Error ? error.message : String(error);
      this.updateStudy({ status: 'failed', error: message }, false);
    }
    // the final event comes after the last write and after the project is free for another study
    await this.studySaving;
    await Promise.all(this.saving.values());
    this.release();
    this.events.study(summarizeStudy(this.study, this.trials));
  }

  /** The next queued trial; when none is left, the strategy may plan more (TPE, a coarse-to-fine round). */
  private async nextQueued(): Promise<Trial | null> {
    let trial = this.trials.find((candidate) => candidate.status === 'queued');
    if (!trial) {
      const { planned, space } = nextTrials(
        this.study.settings,
        this.trials,
        this.study.workers - this.active.size,
      );
      if (planned.length === 0) return null;
      const added = planned.map((plan, i) => queuedTrial(this.study.id, this.trials.length + i, plan));
      this.trials.push(...added);
      await Promise.all(added.map((queued) => this.saveTrial(queued)));
      if (space) this.updateStudy({ roundSpaces: [...this.study.roundSpaces, space] });
      trial = added[0]!;
    }
    if (this.study.nextParams) {
      // panda's "change the next trial's values": the user's params replace the strategy's, once
      trial.params = { ...trial.params, ...this.study.nextParams };
      this.updateStudy({ nextParams: null });
    }
    return trial;
  }

  private async runTrial(trial: Trial): Promise<void> {
    const entry: ActiveTrial = { trial, worker: null, reason: null, prunedAtEpoch: null };
    this.active.set(trial.id, entry);
    const started = performance.now();
    Object.assign(trial, {
      status: 'running',
      curves: [],
      value: null,
      bestValue: null,
      prunedAtEpoch: null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      seconds: null,
      error: null,
    } satisfies Partial<Trial>);
    void this.saveTrial(trial);
    this.updateStudy({});
    try {
      const config = applyParams({ ...this.study.settings.baseConfig, epochs: trial.epochs }, trial.params);
      entry.worker = startTrainingWorker(
        { config, cachePath: this.cachePath, runDir: this.store.folderOf(this.study.id), trialOnly: true },
        {
          onProgress: (progress) => {
            if (entry.reason) return; // stopping: later epochs do not count
            this.events.progress({
              studyId: this.study.id,
              trialId: trial.id,
              epoch: progress.epoch,
              epochs: progress.epochs,
              batch: progress.batch,
              batchesPerEpoch: progress.batchesPerEpoch,
              trainLoss: progress.trainLoss,
              trainAccuracy: progress.trainAccuracy,
              devAccuracy: progress.devAccuracy,
              epochEnd: progress.epochEnd,
            });
            const point = progress.epochEnd;
            if (!point) return;
            trial.curves = [...trial.curves, point];
            trial.value = point.devAccuracy;
            if (point.devAccuracy !== null)
              trial.bestValue = Math.max(trial.bestValue ?? -Infinity, point.devAccuracy);
            void this.saveTrial(trial);
            if (shouldPruneTrial(this.study.settings.pruner, trial, point.epoch, this.trials)) {
              entry.prunedAtEpoch = point.epoch;
              this.stopEntry(entry, 'pruned');
            }
          },
        },
      );
      if (entry.reason) entry.worker.cancel(); // halted while the worker was starting
      const result = await entry.worker.result;
      if (entry.reason === 'requeue') {
        Object.assign(trial, requeuedTrial(trial));
      } else if (entry.reason === 'pruned') {
        trial.status = 'pruned';
        trial.prunedAtEpoch = entry.prunedAtEpoch;
      } else if (entry.reason === 'stopped') {
        trial.status = 'stopped';
      } else if (result.status === 'completed' && trial.value === null) {
        trial.status = 'failed';
        trial.error = 'The frozen split has no dev items: tuning maximises dev accuracy.';
      } else {
        trial.status = result.status === 'completed' ? 'completed' : 'stopped';
      }
    } catch (error) {
      trial.status = entry.reason === 'requeue' ? 'queued' : 'failed';
      trial.error =
        entry.reason === 'requeue' ? null : error instanceof Error ? error.message : String(error);
    } finally {
      this.active.delete(trial.id);
    }
    if (trial.status !== 'queued') {
      trial.endedAt = new Date().toISOString();
      trial.seconds = (performance.now() - started) / 1000;
    }
    await this.saveTrial(trial);
    const best = bestTrial(this.trials);
    this.updateStudy({ bestTrialId: best?.id ?? null });
  }
}

/** The study of a trial id (`<studyId>-t<number>`). */
export function studyIdOf(trialId: string): string {
  const match = /^(.*)-t[0-9]+$/.exec(trialId);
  if (!match) throw new ApiFailure('invalid_input', `${trialId} is not a trial id.`);
  return match[1]!;
}
