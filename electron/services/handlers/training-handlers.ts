import type { trainingCalls } from '../../../shared/calls/training-calls';
import type { CeilingApp } from '../ceiling-app';
import { summarize } from '../ml/runs/run-store';
import { TrainingRuns } from '../ml/runs/training-runs';
import type { HandlersOf } from '../router';

export function trainingHandlers(app: CeilingApp): HandlersOf<typeof trainingCalls> {
  const runs = () => TrainingRuns.of(app.requireProject());
  return {
    'train.start': async (config) => {
      const { runId, labelRevision, coverageWarning } = await runs().start(config, {
        progress: (progress) => app.events.emit('train.progress', progress),
        finished: (record) => app.events.emit('train.finished', record),
      });
      return { runId, labelRevision, coverageWarning };
    },
    'train.cancel': async ({ runId }) => ({ cancelled: runs().cancel(runId) }),
    'runs.list': async () => (await runs().list()).map(summarize),
    'runs.get': async ({ runId }) => runs().get(runId),
  };
}
