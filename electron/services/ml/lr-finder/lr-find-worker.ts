import type { BackendInfo } from '../../../../shared/backend';
import { startMlWorker } from '../worker/start-ml-worker';
import { LrFindWorkerMessageSchema, type LrFindRequest } from '../worker/worker-protocol';
import type { LrFindJob, LrFindJobResult, LrFindProgress } from './lr-find-job';

export interface LrFindWorkerHandle {
  /** Stop between batches; `result` then resolves with status `cancelled` (weights restored all the same). */
  cancel(): void;
  result: Promise<LrFindJobResult>;
}

/**
 * Runs one LR range test in the ML worker (the training worker's code, an `lr-find` request): TF.js never
 * loads in the calling thread, and a crash of the worker rejects `result` with what happened.
 */
export function startLrFindWorker(
  job: LrFindJob,
  events: {
    onBackend?: (backend: BackendInfo) => void;
    onProgress?: (progress: LrFindProgress) => void;
  } = {},
): LrFindWorkerHandle {
  const request: LrFindRequest = { type: 'lr-find', job };
  return startMlWorker({
    request,
    messages: LrFindWorkerMessageSchema,
    workerName: 'ML worker',
    failedPrefix: 'The LR finder failed',
    adviseOnOutOfMemory: true,
    onBackend: events.onBackend,
    read: (message): { result: LrFindJobResult } | undefined => {
      if (message.type === 'lr-find-progress')
        events.onProgress?.({ done: message.done, total: message.total, points: message.points });
      else if (message.type === 'lr-found') return { result: message.result };
      return undefined;
    },
  });
}
