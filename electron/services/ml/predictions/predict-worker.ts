import type { BackendInfo } from '../../../../shared/backend';
import { startMlWorker } from '../worker/start-ml-worker';
import {
  PredictWorkerMessageSchema,
  type PredictJob,
  type PredictJobResult,
  type PredictRequest,
} from '../worker/worker-protocol';

/**
 * Runs a user model's inference in the ML worker (the training worker's code, a `predict` request): TF.js
 * never loads in the calling thread. A crash of the worker rejects `result`; `cancel` stops it between batches.
 */
export function startPredictWorker(
  job: PredictJob,
  events: {
    onBackend?: (backend: BackendInfo) => void;
    onProgress?: (done: number, total: number) => void;
  } = {},
): { cancel(): void; result: Promise<PredictJobResult> } {
  const request: PredictRequest = { type: 'predict', job };
  return startMlWorker({
    request,
    messages: PredictWorkerMessageSchema,
    workerName: 'ML worker',
    failedPrefix: 'Inference failed',
    adviseOnOutOfMemory: false,
    onBackend: events.onBackend,
    read: (message): { result: PredictJobResult } | undefined => {
      if (message.type === 'predict-progress') events.onProgress?.(message.done, message.total);
      else if (message.type === 'predicted') return { result: message.result };
      return undefined;
    },
  });
}
