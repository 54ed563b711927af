import type { predictionCalls } from '../../../shared/calls/prediction-calls';
import type { CeilingApp } from '../ceiling-app';
import { importPredictionsCsv } from '../ml/predictions/import-predictions';
import type { HandlersOf } from '../router';

export function predictionHandlers(app: CeilingApp): HandlersOf<typeof predictionCalls> {
  return {
    'predictions.import': async ({ path }) => importPredictionsCsv(app.requireProject(), path),
  };
}
