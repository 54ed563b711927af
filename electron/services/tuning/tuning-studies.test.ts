/**
 * Tuning end to end on a real project: 400 Fashion-MNIST PNGs from the demo (40 per class), a frozen
 * split, real sharp, real TF.js trials in real training worker threads (from the sources, through
 * worker-bootstrap.mjs), real study files.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../shared/training/run-schemas';
import { gridSearch } from '../../../shared/tuning/grid-search';
import type { SearchSpace } from '../../../shared/tuning/search-space';
import type {
  ParameterImportance,
  Study,
  StudySettingsInput,
  StudySummary,
  StudyWithTrials,
  Trial,
  TuningProgress,
} from '../../../shared/tuning/study-schemas';
import type { CeilingApp } from '../ceiling-app';
import { errorOf, valueOf } from '../test-support/app';
import { openDemoProject } from '../test-support/demo-project';
import { tempDirs } from '../test-support/fixtures';
import { STUDIES_FOLDER, TRIALS_FOLDER } from './study-store';

const PER_CLASS = 40;
const BASE = {
  epochs: 1,
  batchSize: 32,
  learningRate: 0.003,
  seed: 3,
  model: { kind: 'mlp', hiddenUnits: [32] },
};
const LR_SPACE: SearchSpace = {
  parameters: [{ name: 'learning_rate', scale: 'log_uniform', low: 1e-3, high: 1e-2 }],
};
/** A good and a useless learning rate: the useless one's dev accuracy stays near chance. */
const GOOD_BAD: SearchSpace = {
  parameters: [{ name: 'learning_rate', scale: 'choice', choices: [0.003, 1e-7] }],
};
/** A seed whose shuffled grid tries the good learning rate first. */
const GOOD_FIRST_SEED = [...Array(20).keys()].find(
  (seed) => gridSearch(GOOD_BAD, 1, seed)[0]!.learning_rate === 0.003,
)!;

// Every test trains real models in worker threads: on a loaded 2-core machine one study took over the
// unit project's 30 s default, so these get the time a training needs (a limit, not a speed check).
describe('tuning studies on a real project', { timeout: 120_000 }, () => {
  const temps = tempDirs();
  let app: CeilingApp;
  let dataset: string;
  let projectDir: string;
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));

  async function create(settings: StudySettingsInput): Promise<Study> {
    return call<Study>('tuning.study.create', { baseConfig: BASE, ...settings });
  }

  /** Starts (or resumes) a study and resolves with it once its status is `until`. */
  async function runUntil(
    studyId: string,
    until: StudySummary['status'],
    start: 'tuning.study.start' | 'tuning.study.resume' | null = 'tuning.study.start',
    onEvent?: (name: string, payload: unknown) => void,
  ): Promise<StudyWithTrials> {
    const reached = new Promise<void>((resolve) => {
      const stop = app.events.subscribe((event) => {
        onEvent?.(event.name, event.payload);
        if (event.name === 'tuning.study') {
          const summary = event.payload as StudySummary;
          if (summary.id === studyId && summary.status === until) {
            stop();
            resolve();
          }
        }
      });
    });
    if (start) await call(start, { studyId });
    await reached;
    // the runner's last writes land right after its final event
    for (
      let i = 0;
      i < 50 && (await call<StudyWithTrials>('tuning.study.get', { studyId })).study.status !== until;
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    return call<StudyWithTrials>('tuning.study.get', { studyId });
  }

  beforeAll(async () => {
    ({ app, dataset, projectDir } = await openDemoProject(temps, PER_CLASS));
  });
  afterAll(async () => {
    await app?.closeProject();
    await temps.cleanupAll();
  });

  it('validates a search space with one message per problem, and refuses to create a study on a bad one', async () => {
    const { problems } = await call<{
      problems: { parameter: number | null; name: string; message: string }[];
    }>('tuning.space.validate', {
      space: {
        parameters: [
          { name: 'learning_rate', scale: 'log_uniform', low: 0, high: 1 },
          { name: 'momentum', scale: 'log_complement', low: 0.99, high: 0.9 },
          { name: 'batch_size', scale: 'choice', choices: [] },
          { name: 'widgets', scale: 'uniform', low: 0, high: 1 },
        ],
      },
    });
    expect(problems.map((problem) => [problem.name, problem.message])).toEqual([
      ['learning_rate', '"learning_rate" is on a log scale, so its range must stay above 0 (low is 0).'],
      ['momentum', '"momentum": low (0.99) must be below high (0.9).'],
      ['batch_size', '"batch_size" has no choices: give at least one.'],
      ['widgets', expect.stringContaining('No training setting is called "widgets"')],
    ]);
    const refused = errorOf(
      await app.router.call('tuning.study.create', {
        name: 'bad',
        space: { parameters: [{ name: 'learning_rate', scale: 'log_uniform', low: 0.1, high: 0.01 }] },
      }),
      'invalid_input',
    );
    expect(refused.message).toContain('low (0.1) must be below high (0.01)');
    const huge = errorOf(
      await app.router.call('tuning.study.create', {
        name: 'huge grid',
        strategy: 'grid',
        gridValuesPerAxis: 100,
        space: {
          parameters: ['learning_rate', 'momentum', 'dropout', 'l2'].map((name) => ({
            name,
            scale: 'uniform',
            low: 0.1,
            high: 0.5,
          })),
        },
      }),
      'invalid_input',
    );
    expect(huge.message).toBe(
      'This grid has 1.0e+8 points; give fewer values per axis (at most 1,000,000 points).',
    );
  });

  it("gives the presets by tier with their config fields, and the budget helper's figures", async () => {
    const presets = await call<{ tiers: { tier: number; names: string[] }[]; mappings: { name: string }[] }>(
      'tuning.presets',
    );
    expect(presets.tiers[0]).toMatchObject({ tier: 1, names: ['learning_rate'] });
    expect(presets.mappings.map((entry) => entry.name)).toContain('batch_size');
    const budget = await call<Record<string, number>>('tuning.budget', {
      trials: 25,
      dims: 2,
      sweetSpotFraction: 0.1,
    });
    expect(budget).toMatchObject({ gridValuesPerAxis: 5, randomTrialsFor95: 29 });
    expect(Math.round(budget.gridHitProbability! * 100)).toBe(41);
    expect(Math.round(budget.randomHitProbability! * 100)).toBe(93);
  });

  it('refuses to create a study without a frozen split', async () => {
    const error = errorOf(
      await app.router.call('tuning.study.create', { name: 'early', space: LR_SPACE }),
      'not_found',
    );
    expect(error.message).toContain('frozen split');
    await call('split.freeze', {});
  });

  it('a 2-trial random study completes: curves, values, trial files, events, CSV, importance', async () => {
    const study = await create({ name: 'random', space: LR_SPACE, trials: 2, epochsPerTrial: 2, seed: 5 });
    expect(study.status).toBe('created');
    const progress: TuningProgress[] = [];
    const { study: done, trials } = await runUntil(
      study.id,
      'completed',
      'tuning.study.start',
      (name, payload) => {
        if (name === 'tuning.progress') progress.push(payload as TuningProgress);
      },
    );
    expect(trials.map((trial) => trial.status)).toEqual(['completed', 'completed']);
    for (const trial of trials) {
      expect(trial.curves.map((point) => point.epoch)).toEqual([1, 2]);
      expect(trial.value).toBe(trial.curves[1]!.devAccuracy);
      expect(trial.value!).toBeGreaterThan(0.1); // better than chance on 10 classes
      expect(trial.params.learning_rate).toBeGreaterThanOrEqual(1e-3);
      expect(trial.seconds!).toBeGreaterThan(0);
    }
    const best = trials.reduce((a, b) => (b.value! > a.value! ? b : a));
    expect(done.bestTrialId).toBe(best.id);
    expect(progress.filter((event) => event.epochEnd !== null)).toHaveLength(4);
    // on disk: one file per trial, as returned
    const onDisk = JSON.parse(
      await readFile(join(projectDir, STUDIES_FOLDER, study.id, TRIALS_FOLDER, '1.json'), 'utf8'),
    ) as Trial;
    expect(onDisk).toEqual(trials[1]);
    // no model or predictions were written for a trial
    expect(await readdir(join(projectDir, STUDIES_FOLDER, study.id))).toEqual(['study.json', 'trials']);

    const { path, rows } = await call<{ path: string; rows: number }>('tuning.export', { studyId: study.id });
    const csv = (await readFile(path, 'utf8')).split('\r\n');
    expect(rows).toBe(2);
    expect(csv[0]).toBe(
      'trial,round,status,param_learning_rate,dev_accuracy,best_dev_accuracy,epochs_planned,epochs_run,pruned_at_epoch,started_at,ended_at,seconds,restarts,error,run_id',
    );
    expect(csv[1]!.startsWith(`0,1,completed,${trials[0]!.params.learning_rate},${trials[0]!.value}`)).toBe(
      true,
    );

    const importance = await call<ParameterImportance>('tuning.importance', { studyId: study.id });
    expect(importance.parameters).toEqual([{ name: 'learning_rate', importance: 1, raw: 0 }]);
    expect(importance.note).toContain('at least 3 completed trials');

    const [summary] = await call<StudySummary[]>('tuning.study.list');
    expect(summary).toMatchObject({ id: study.id, status: 'completed', plannedTrials: 2 });
    expect(summary!.counts.completed).toBe(2);
  });

  it.each([
    ['median', { kind: 'median', startupTrials: 1 }],
    ['successive-halving', { kind: 'successive-halving', minResource: 1, reductionFactor: 2 }],
  ] as const)(
    'the %s pruner stops a hopeless trial after its first epoch and keeps its curve',
    async (_, pruner) => {
      const study = await create({
        name: `pruned ${pruner.kind}`,
        space: GOOD_BAD,
        strategy: 'grid',
        trials: 2,
        epochsPerTrial: 3,
        seed: GOOD_FIRST_SEED,
        pruner,
      });
      const { trials } = await runUntil(study.id, 'completed');
      expect(trials.map((trial) => [trial.params.learning_rate, trial.status])).toEqual([
        [0.003, 'completed'],
        [1e-7, 'pruned'],
      ]);
      const pruned = trials[1]!;
      expect(pruned.prunedAtEpoch).toBe(1);
      expect(pruned.curves.map((point) => point.epoch)).toEqual([1]);
      expect(pruned.value!).toBeLessThan(trials[0]!.curves[0]!.devAccuracy!);
    },
  );

  it('coarse-to-fine runs its three rounds (narrowed space, more epochs, finalists); TPE plans as trials end', async () => {
    const c2f = await create({
      name: 'c2f',
      space: LR_SPACE,
      strategy: 'coarse-to-fine',
      epochsPerTrial: 1,
      coarseToFine: { roundTrials: [3, 2], topK: 1, round2EpochFactor: 2, finalEpochs: 3 },
    });
    const { study, trials } = await runUntil(c2f.id, 'completed');
    expect(trials.map((trial) => [trial.round, trial.epochs, trial.status])).toEqual([
      [1, 1, 'completed'],
      [1, 1, 'completed'],
      [1, 1, 'completed'],
      [2, 2, 'completed'],
      [2, 2, 'completed'],
      [3, 3, 'completed'],
    ]);
    expect(study.roundSpaces).toHaveLength(2);
    const narrowed = study.roundSpaces[1]!.parameters[0]! as { low: number; high: number };
    const bestOfRound1 = trials.slice(0, 3).reduce((a, b) => (b.value! > a.value! ? b : a));
    const lr = bestOfRound1.params.learning_rate as number;
    expect(narrowed.low).toBeLessThanOrEqual(lr * (1 + 1e-9));
    expect(narrowed.high).toBeGreaterThanOrEqual(lr * (1 - 1e-9));
    expect(Math.log10(narrowed.high / narrowed.low)).toBeCloseTo(0.1, 6); // 10 % of one decade
    const bestOfRound2 = trials.slice(3, 5).reduce((a, b) => (b.value! > a.value! ? b : a));
    expect(trials[5]!.params).toEqual(bestOfRound2.params);

    const tpe = await create({
      name: 'tpe',
      space: LR_SPACE,
      strategy: 'tpe',
      trials: 3,
      tpeStartupTrials: 2,
    });
    expect((await call<StudyWithTrials>('tuning.study.get', { studyId: tpe.id })).trials).toEqual([]);
    const done = await runUntil(tpe.id, 'completed');
    expect(done.trials.map((trial) => trial.status)).toEqual(['completed', 'completed', 'completed']);
  });

  it('panda: set-next changes the next trial, stop ends the running one, and the study goes on', async () => {
    const study = await create({ name: 'panda', space: LR_SPACE, trials: 2, epochsPerTrial: 3, seed: 9 });
    const next = await call<Study>('tuning.trial.setNext', {
      studyId: study.id,
      params: { learning_rate: 0.005 },
    });
    expect(next.nextParams).toEqual({ learning_rate: 0.005 });
    const outside = errorOf(
      await app.router.call('tuning.trial.setNext', { studyId: study.id, params: { learning_rate: 0.5 } }),
      'invalid_input',
    );
    expect(outside.message).toBe('0.5 is not a value of "learning_rate" (0.001 to 0.01).');
    let stopped = false;
    const { study: done, trials } = await runUntil(
      study.id,
      'completed',
      'tuning.study.start',
      (name, payload) => {
        const progress = payload as TuningProgress;
        if (name === 'tuning.progress' && !stopped && progress.trialId.endsWith('-t0') && progress.epochEnd) {
          stopped = true;
          void call('tuning.trial.stop', { trialId: progress.trialId });
        }
      },
    );
    expect(trials[0]!.params.learning_rate).toBe(0.005);
    expect(trials[0]!.status).toBe('stopped');
    expect(trials[0]!.curves.length).toBeGreaterThanOrEqual(1);
    expect(trials[0]!.curves.length).toBeLessThan(3);
    expect(trials[1]!.status).toBe('completed');
    expect(done.nextParams).toBeNull();
    expect(done.bestTrialId).toBe(trials[1]!.id);
  });

  it.skipIf(availableParallelism() < 2)('caviar runs 2 trials at once in 2 worker threads', async () => {
    const study = await create({
      name: 'caviar',
      space: LR_SPACE,
      trials: 4,
      epochsPerTrial: 1,
      mode: 'caviar',
      workers: 2,
    });
    expect(study.workers).toBe(2);
    const running = new Set<string>();
    let most = 0;
    const { trials } = await runUntil(study.id, 'completed', 'tuning.study.start', (name, payload) => {
      if (name !== 'tuning.trial') return;
      const trial = payload as Trial;
      if (trial.status === 'running') running.add(trial.id);
      else running.delete(trial.id);
      most = Math.max(most, running.size);
    });
    expect(most).toBe(2);
    expect(trials.every((trial) => trial.status === 'completed')).toBe(true);
    // overlapping training times
    const [a, b] = trials;
    expect(Date.parse(b!.startedAt!)).toBeLessThan(Date.parse(a!.endedAt!));
  });

  it('pause re-queues the running trial; a study left running by a dead process is paused and re-queued at open; resume finishes it', async () => {
    const study = await create({ name: 'resumable', space: LR_SPACE, trials: 2, epochsPerTrial: 2 });
    let paused = false;
    const { study: pausedStudy, trials } = await runUntil(
      study.id,
      'paused',
      'tuning.study.start',
      (name, payload) => {
        if (name === 'tuning.progress' && !paused) {
          paused = true;
          void call('tuning.study.pause', { studyId: (payload as TuningProgress).studyId });
        }
      },
    );
    expect(pausedStudy.status).toBe('paused');
    expect(trials.map((trial) => trial.status)).toEqual(['queued', 'queued']);
    expect(trials[0]!.restarts).toBe(1);

    // as if the app died mid-trial: the files say running
    const folder = join(projectDir, STUDIES_FOLDER, study.id);
    await writeFile(join(folder, 'study.json'), JSON.stringify({ ...pausedStudy, status: 'running' }));
    await writeFile(
      join(folder, TRIALS_FOLDER, '0.json'),
      JSON.stringify({ ...trials[0], status: 'running', startedAt: new Date().toISOString(), curves: [] }),
    );
    await app.closeProject();
    await call('project.open', { datasetPath: dataset, projectDir });
    const reopened = await call<StudyWithTrials>('tuning.study.get', { studyId: study.id });
    expect(reopened.study.status).toBe('paused');
    expect(reopened.trials[0]).toMatchObject({ status: 'queued', restarts: 2, startedAt: null });

    const { study: finished, trials: rerun } = await runUntil(study.id, 'completed', 'tuning.study.resume');
    expect(finished.status).toBe('completed');
    expect(rerun.map((trial) => [trial.status, trial.curves.length])).toEqual([
      ['completed', 2],
      ['completed', 2],
    ]);
  });

  it('closing the project while trials run pauses the study and leaves no running trial on disk', async () => {
    const study = await create({ name: 'closed', space: LR_SPACE, trials: 2, epochsPerTrial: 3 });
    const started = new Promise<void>((resolve) => {
      const stop = app.events.subscribe((event) => {
        if (event.name === 'tuning.progress') {
          stop();
          resolve();
        }
      });
    });
    await call('tuning.study.start', { studyId: study.id });
    await started;
    await app.closeProject();
    const folder = join(projectDir, STUDIES_FOLDER, study.id);
    const saved = JSON.parse(await readFile(join(folder, 'study.json'), 'utf8')) as Study;
    expect(saved.status).toBe('paused');
    const trial0 = JSON.parse(await readFile(join(folder, TRIALS_FOLDER, '0.json'), 'utf8')) as Trial;
    expect(trial0.status).toBe('queued');
    await call('project.open', { datasetPath: dataset, projectDir });
  });

  it("train this config: a real model run with the trial's params", async () => {
    const [completed] = (await call<StudySummary[]>('tuning.study.list')).filter((s) => s.name === 'random');
    const { trials } = await call<StudyWithTrials>('tuning.study.get', { studyId: completed!.id });
    const finished = new Promise<RunRecord>((resolve) => {
      const stop = app.events.subscribe((event) => {
        if (event.name === 'train.finished') {
          stop();
          resolve(event.payload as RunRecord);
        }
      });
    });
    const { runId } = await call<{ runId: string }>('tuning.trial.train', {
      trialId: trials[0]!.id,
      epochs: 1,
    });
    const record = await finished;
    expect(record.id).toBe(runId);
    expect(record.status).toBe('completed');
    expect(record.config.learningRate).toBe(trials[0]!.params.learning_rate);
    expect(record.config.model).toMatchObject({ kind: 'mlp', hiddenUnits: [32] });
    const after = await call<StudyWithTrials>('tuning.study.get', { studyId: completed!.id });
    expect(after.trials[0]!.runId).toBe(runId);
  });
});
