import type { predictionCalls } from '../../../shared/calls/prediction-calls';
import type { CeilingApp } from '../ceiling-app';
import { importPredictionsCsv } from '../ml/predictions/import-predictions';
import { predictWithModel } from '../ml/predictions/predict-with-model';
import type { HandlersOf } from '../router';

export function predictionHandlers(app: CeilingApp): HandlersOf<typeof predictionCalls> {
  return {
    'predictions.import': async ({ path }) => importPredictionsCsv(app.requireProject(), path),
    'predict.run': async (request) => {
      const project = app.requireProject();
      return predictWithModel(
        project,
        request,
        (progress) => app.events.emit('predict.progress', progress),
        () => app.currentProject === project,
      );
    },
  };
}
