import type { decompositionCalls } from '../../../shared/calls/decomposition-calls';
import type { CeilingApp } from '../ceiling-app';
import {
  exportDecomposition,
  loadDecomposition,
  saveDecomposition,
} from '../decomposition/decomposition-service';
import type { HandlersOf } from '../router';

export function decompositionHandlers(app: CeilingApp): HandlersOf<typeof decompositionCalls> {
  return {
    'decomposition.get': async () => loadDecomposition(app.requireProject().projectDir),
    'decomposition.save': async (input) => saveDecomposition(app.requireProject().projectDir, input),
    'decomposition.export': async ({ input, target }) =>
      exportDecomposition(app.requireProject().projectDir, input, target, app.exportScope),
  };
}
