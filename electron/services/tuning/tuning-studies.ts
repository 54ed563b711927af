import { availableParallelism } from 'node:os';
import { ApiFailure } from '../../../shared/result';
import type { RunRecord, TrainingProgress } from '../../../shared/training/run-schemas';
import { applyParams, spaceConfigProblems } from '../../../shared/tuning/apply-params';
import { pedAnovaImportance } from '../../../shared/tuning/parameter-importance';
import { isValueOf } from '../../../shared/tuning/parameter-scale';
import { requeuedTrial } from '../../../shared/tuning/requeued-trial';
import { searchSpaceProblems, type Params } from '../../../shared/tuning/search-space';
import { gridSize, initialTrials, MAX_GRID_POINTS } from '../../../shared/tuning/study-plan';
import type {
  ParameterImportance,
  Study,
  StudySettings,
  StudySummary,
  StudyWithTrials,
  Trial,
} from '../../../shared/tuning/study-schemas';
import { ensureDataCacheAtCurrentLabels } from '../ml/data/current-labels-data-cache';
import { TrainingRuns } from '../ml/runs/training-runs';
import { newRunId } from '../ml/runs/run-store';
import type { Project } from '../projects/project';
import { SplitService } from '../splits/split-service';
import { queuedTrial, StudyRunner, studyIdOf, type TuningEvents } from './study-runner';
import { StudyStore } from './study-store';
import { summarizeStudy } from './study-summary';

const perProject = new WeakMap<Project, TuningStudies>();

/** Caviar's default: every core but one, so the app stays responsive (at least 1). */
export function defaultWorkers(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/**
 * A project's tuning studies, from the main process's side: creates them (validated space, frozen
 * split), runs one study at a time (StudyRunner), pauses, stops and steers trials, and answers the
 * results calls. Recovery: the first time a project's studies are touched in this process, a study
 * left `running` by a process that is gone becomes `paused` and its `running` trials are queued again
 * (their partial curves dropped, `restarts` counted): the user resumes it, and those trials re-run
 * from their first epoch (a trial is short; restarting it keeps its curve honest).
 */
export class TuningStudies {
  private readonly store: StudyStore;
  private runner: StudyRunner | null = null;
  private readonly recovered: Promise<void>;

  private constructor(private readonly project: Project) {
    this.store = new StudyStore(project.projectDir);
    this.recovered = this.recover();
  }

  static of(project: Project): TuningStudies {
    let studies = perProject.get(project);
    if (!studies) perProject.set(project, (studies = new TuningStudies(project)));
    return studies;
  }

  /** Pauses the project's running study (its running trials queued again) and waits until it is saved. */
  static async stopFor(project: Project): Promise<void> {
    const studies = perProject.get(project);
    await studies?.runner?.halt();
  }

  private async recover(): Promise<void> {
    for (const study of await this.store.listStudies()) {
      if (study.status !== 'running') continue;
      for (const trial of await this.store.getTrials(study.id)) {
        if (trial.status !== 'running') continue;
        await this.store.saveTrial(requeuedTrial(trial));
      }
      await this.store.saveStudy({ ...study, status: 'paused', updatedAt: new Date().toISOString() });
    }
  }

  async create(settings: StudySettings, cores = availableParallelism()): Promise<Study> {
    await this.recovered;
    const problems = [
      ...searchSpaceProblems(settings.space),
      ...spaceConfigProblems(settings.space, settings.baseConfig),
    ];
    if (problems.length > 0)
      throw new ApiFailure('invalid_input', problems.map((problem) => problem.message).join(' '));
    if (settings.strategy === 'grid' && gridSize(settings) > MAX_GRID_POINTS)
      throw new ApiFailure(
        'invalid_input',
        `This grid has ${gridSize(settings).toExponential(1)} points; give fewer values per axis (at most ${MAX_GRID_POINTS.toLocaleString('en-US')} points).`,
      );
    if (settings.workers !== undefined && settings.workers > cores)
      throw new ApiFailure(
        'invalid_input',
        `${settings.workers} workers is more than this machine's ${cores} cores: each trial trains on one core.`,
      );
    const frozen = (await (await SplitService.of(this.project)).state()).current;
    if (!frozen)
      throw new ApiFailure(
        'not_found',
        'Tuning needs a frozen split: freeze one on the Split screen or with `ceiling split <dataset> --freeze`.',
      );
    const now = new Date();
    const id = newRunId(now);
    const study: Study = {
      schemaVersion: 1,
      id,
      settings,
      workers: settings.mode === 'panda' ? 1 : (settings.workers ?? defaultWorkers(cores)),
      status: 'created',
      splitVersion: frozen.version,
      metric: 'devAccuracy',
      direction: 'maximize',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      nextParams: null,
      roundSpaces: [settings.space],
      bestTrialId: null,
      error: null,
    };
    const trials = initialTrials(settings).map((planned, number) => queuedTrial(id, number, planned));
    await this.store.create(study, trials);
    return study;
  }

  async list(): Promise<StudySummary[]> {
    await this.recovered;
    const summaries: StudySummary[] = [];
    for (const study of await this.store.listStudies()) {
      const { trials } = await this.get(study.id);
      summaries.push(summarizeStudy(study, trials));
    }
    return summaries;
  }

  /** A study and its trials; the running study's come from memory (the freshest figures). */
  async get(studyId: string): Promise<StudyWithTrials> {
    await this.recovered;
    if (this.runner?.studyId === studyId) {
      const { study, trials } = this.runner.current;
      return { study, trials: trials.map((trial) => ({ ...trial, curves: [...trial.curves] })) };
    }
    return { study: await this.store.getStudy(studyId), trials: await this.store.getTrials(studyId) };
  }

  /** The running study's id, if any. */
  get runningStudyId(): string | null {
    return this.runner?.studyId ?? null;
  }

  /** Starts or resumes a study; its trials run in the background. */
  async start(studyId: string, events: TuningEvents): Promise<Study> {
    await this.recovered;
    if (this.runner?.studyId === studyId) return this.runner.current.study;
    this.assertIdle();
    const { study, trials } = await this.get(studyId);
    if (study.status === 'completed' && !trials.some((trial) => trial.status === 'queued'))
      throw new ApiFailure('busy', `Study ${studyId} is completed: create a new study to search again.`);
    const index = this.project.index;
    const splits = await SplitService.of(this.project);
    const frozen = (await splits.state()).current;
    const splitOf = await splits.splitLookup();
    if (!index || !frozen || !splitOf)
      throw new ApiFailure('not_found', 'Tuning needs the imported items and a frozen split.');
    if (frozen.version !== study.splitVersion)
      throw new ApiFailure(
        'busy',
        `Study ${studyId} was made on split version ${study.splitVersion}; the frozen split is now version ${frozen.version}. Create a new study to tune on it.`,
      );
    const running: Study = { ...study, status: 'running', error: null, updatedAt: new Date().toISOString() };
    let cachePath: string;
    try {
      ({ path: cachePath } = await ensureDataCacheAtCurrentLabels(this.project, {
        items: index.items,
        splitOf,
        splitVersion: frozen.version,
        input: study.settings.baseConfig.input,
      }));
    } catch (error) {
      throw new ApiFailure('io', `The split could not be decoded for tuning: ${String(error)}`);
    }
    this.assertIdle(); // again: another start may have begun while the split was decoded
    await this.store.saveStudy(running);
    const runner: StudyRunner = new StudyRunner(running, trials, this.store, cachePath, events, () => {
      if (this.runner === runner) this.runner = null;
    });
    this.runner = runner;
    events.study(summarizeStudy(running, trials));
    return running;
  }

  private assertIdle(): void {
    const runner = this.runner;
    if (runner) throw new ApiFailure('busy', `Study ${runner.studyId} is running: pause it or wait for it.`);
  }

  /** Pauses the running study: its running trials stop and are queued again. */
  async pause(studyId: string): Promise<Study> {
    await this.recovered;
    if (this.runner?.studyId === studyId) await this.runner.halt();
    const study = await this.store.getStudy(studyId);
    if (study.status === 'running' || study.status === 'created') {
      const paused: Study = { ...study, status: 'paused', updatedAt: new Date().toISOString() };
      await this.store.saveStudy(paused);
      return paused;
    }
    return study;
  }

  async remove(studyId: string): Promise<boolean> {
    await this.recovered;
    if (this.runner?.studyId === studyId)
      throw new ApiFailure('busy', `Study ${studyId} is running: pause it before deleting it.`);
    await this.store.getStudy(studyId);
    await this.store.remove(studyId);
    return true;
  }

  stopTrial(trialId: string): boolean {
    return this.runner?.studyId === studyIdOf(trialId) ? this.runner.stopTrial(trialId) : false;
  }

  /** Panda's "change the next trial": checked against the space, used by the next trial that starts. */
  async setNext(studyId: string, params: Params): Promise<Study> {
    await this.recovered;
    const { study } = await this.get(studyId);
    const problems: string[] = [];
    for (const [name, value] of Object.entries(params)) {
      const parameter = study.settings.space.parameters.find((candidate) => candidate.name === name);
      if (!parameter) problems.push(`"${name}" is not a parameter of this study.`);
      else if (!isValueOf(parameter, value))
        problems.push(`${String(value)} is not a value of "${name}" (${describeRange(parameter)}).`);
    }
    if (problems.length > 0) throw new ApiFailure('invalid_input', problems.join(' '));
    try {
      applyParams(study.settings.baseConfig, params);
    } catch (error) {
      throw new ApiFailure('invalid_input', (error as Error).message);
    }
    if (this.runner?.studyId === studyId) return this.runner.setNext(params);
    const updated: Study = { ...study, nextParams: params, updatedAt: new Date().toISOString() };
    await this.store.saveStudy(updated);
    return updated;
  }

  async importance(studyId: string): Promise<ParameterImportance> {
    const { study, trials } = await this.get(studyId);
    const used = trials
      .filter((trial) => trial.status === 'completed' && trial.value !== null)
      .map((trial) => ({ params: trial.params, value: trial.value! }));
    const parameters = pedAnovaImportance(study.settings.space, used, { direction: 'maximize' });
    return {
      method: 'ped-anova',
      trialsUsed: used.length,
      targetQuantile: 0.1,
      parameters,
      note:
        used.length <= 2
          ? `PED-ANOVA needs at least 3 completed trials; ${used.length} so far, so every parameter gets an equal share.`
          : null,
    };
  }

  /** "Train this config": a normal model run with the trial's config (and its epochs unless given). */
  async trainTrial(
    trialId: string,
    epochs: number | undefined,
    events: { progress(progress: TrainingProgress): void; finished(record: RunRecord): void },
  ): Promise<{ runId: string }> {
    const studyId = studyIdOf(trialId);
    const { study, trials } = await this.get(studyId);
    const trial = trials.find((candidate) => candidate.id === trialId);
    if (!trial) throw new ApiFailure('not_found', `There is no trial ${trialId}.`);
    let config;
    try {
      config = applyParams({ ...study.settings.baseConfig, epochs: epochs ?? trial.epochs }, trial.params);
    } catch (error) {
      throw new ApiFailure('invalid_input', (error as Error).message);
    }
    const { runId } = await TrainingRuns.of(this.project).start(config, events);
    const withRun: Trial = { ...trial, runId };
    if (this.runner?.studyId === studyId) {
      const live = this.runner.current.trials.find((candidate) => candidate.id === trialId);
      if (live) live.runId = runId;
    }
    await this.store.saveTrial(withRun);
    return { runId };
  }
}

function describeRange(parameter: StudySettings['space']['parameters'][number]): string {
  return parameter.scale === 'choice'
    ? `one of ${parameter.choices.join(', ')}`
    : `${parameter.low} to ${parameter.high}${parameter.scale === 'int' ? ', whole' : ''}`;
}
