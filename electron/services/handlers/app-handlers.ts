import type { appCalls } from '../../../shared/calls/app-calls';
import { ApiFailure } from '../../../shared/result';
import type { CeilingApp, CeilingAppOptions } from '../ceiling-app';
import { probeBackend } from '../ml/backend-probe';
import type { HandlersOf } from '../router';

export function appHandlers(_app: CeilingApp, options: CeilingAppOptions): HandlersOf<typeof appCalls> {
  return {
    'app.info': async () => ({
      version: options.version,
      host: options.host,
      backend: probeBackend(),
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
    }),
    'system.pickFolder': async ({ title }) => {
      if (!options.pickFolder) {
        throw new ApiFailure('unsupported', 'There is no folder picker here: type the folder path instead.');
      }
      return { path: await options.pickFolder(title ?? 'Open a dataset folder') };
    },
  };
}
