import type { tuningCalls } from '../../../shared/calls/tuning-calls';
import { ApiFailure } from '../../../shared/result';
import { PARAMETER_FIELDS, spaceConfigProblems } from '../../../shared/tuning/apply-params';
import { gridValuesPerAxis } from '../../../shared/tuning/grid-search';
import {
  evenGridHitProbability,
  gridHitProbability,
  randomHitProbability,
  trialsForHitProbability,
} from '../../../shared/tuning/search-budget';
import { searchSpaceProblems, type SearchSpace } from '../../../shared/tuning/search-space';
import { TIER_PRESETS } from '../../../shared/tuning/tier-presets';
import { TrainingConfigSchema } from '../../../shared/training/training-config';
import { trialsCsv } from '../../../shared/tuning/trials-csv';
import type { CeilingApp } from '../ceiling-app';
import { writeExport } from '../exports/write-export';
import type { HandlersOf } from '../router';
import type { TuningEvents } from '../tuning/study-runner';
import { TuningStudies } from '../tuning/tuning-studies';

const TIER_LABELS: Record<number, string> = {
  1: 'Tune first: the learning rate',
  2: 'Then: momentum, hidden units, mini-batch size',
  3: 'Then: layers, learning-rate decay',
  4: "Rarely: Adam's β1, β2, ε",
};

export function tuningHandlers(app: CeilingApp): HandlersOf<typeof tuningCalls> {
  const studies = () => TuningStudies.of(app.requireProject());
  const events: TuningEvents = {
    progress: (progress) => app.events.emit('tuning.progress', progress),
    trial: (trial) => app.events.emit('tuning.trial', trial),
    study: (summary) => app.events.emit('tuning.study', summary),
  };
  return {
    'tuning.presets': async () => ({
      parameters: TIER_PRESETS.map((parameter) => ({ ...parameter })),
      tiers: [1, 2, 3, 4].map((tier) => ({
        tier,
        label: TIER_LABELS[tier]!,
        names: TIER_PRESETS.filter((parameter) => parameter.tier === tier).map((parameter) => parameter.name),
      })),
      mappings: PARAMETER_FIELDS.map((entry) => ({ ...entry })),
    }),
    'tuning.space.validate': async ({ space }) => {
      const problems = [
        ...searchSpaceProblems(space as SearchSpace),
        ...spaceConfigProblems(space as SearchSpace, TrainingConfigSchema.parse({})).filter((problem) =>
          problem.message.startsWith('No training setting'),
        ),
      ];
      return {
        problems: problems.map((problem) => ({
          parameter: problem.parameter,
          name: problem.parameter === null ? null : (space.parameters[problem.parameter]?.name ?? null),
          message: problem.message,
        })),
      };
    },
    'tuning.study.create': async (settings) => studies().create(settings),
    'tuning.study.list': async () => studies().list(),
    'tuning.study.get': async ({ studyId }) => studies().get(studyId),
    'tuning.study.start': async ({ studyId }) => studies().start(studyId, events),
    'tuning.study.pause': async ({ studyId }) => studies().pause(studyId),
    'tuning.study.resume': async ({ studyId }) => studies().start(studyId, events),
    'tuning.study.delete': async ({ studyId }) => ({ deleted: await studies().remove(studyId) }),
    'tuning.trial.stop': async ({ trialId }) => ({ stopped: studies().stopTrial(trialId) }),
    'tuning.trial.setNext': async ({ studyId, params }) => studies().setNext(studyId, params),
    'tuning.trial.train': async ({ trialId, epochs }) =>
      studies().trainTrial(trialId, epochs, {
        progress: (progress) => app.events.emit('train.progress', progress),
        finished: (record) => app.events.emit('train.finished', record),
      }),
    'tuning.importance': async ({ studyId }) => studies().importance(studyId),
    'tuning.budget': async ({ trials, dims, sweetSpotFraction }) => ({
      trials,
      dims,
      sweetSpotFraction,
      gridValuesPerAxis: gridValuesPerAxis(trials, dims),
      gridHitProbability: gridHitProbability(trials, dims, sweetSpotFraction),
      evenGridHitProbability: evenGridHitProbability(trials, dims, sweetSpotFraction),
      randomHitProbability: randomHitProbability(trials, sweetSpotFraction),
      randomTrialsFor95: sweetSpotFraction >= 1 ? 1 : trialsForHitProbability(0.95, sweetSpotFraction),
    }),
    'tuning.export': async ({ studyId, path }) => {
      const project = app.requireProject();
      const { study, trials } = await studies().get(studyId);
      if (trials.length === 0) throw new ApiFailure('not_found', `Study ${studyId} has no trials yet.`);
      const { text, rows } = trialsCsv(study, trials);
      const written = await writeExport(
        project.projectDir,
        `tuning-${studyId}.csv`,
        text,
        path,
        app.exportScope,
      );
      return { path: written, rows };
    },
  };
}
