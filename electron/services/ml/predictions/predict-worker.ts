import { Worker } from 'node:worker_threads';
import type { BackendInfo } from '../../../../shared/backend';
import { setRunningBackend } from '../backend/running-backend';
import { trainingWorkerEntry } from '../worker/training-worker';
import {
  CANCEL_INDEX,
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
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(trainingWorkerEntry(), {
    workerData: { cancelFlag },
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
  const result = new Promise<PredictJobResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (raw: unknown) => {
      const parsed = PredictWorkerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        settle(() =>
          reject(new Error(`The ML worker sent a malformed message: ${parsed.error.issues[0]?.message}`)),
        );
        return;
      }
      const message = parsed.data;
      if (message.type === 'backend') {
        setRunningBackend(message.backend);
        events.onBackend?.(message.backend);
      } else if (message.type === 'predict-progress') events.onProgress?.(message.done, message.total);
      else if (message.type === 'predicted') settle(() => resolve(message.result));
      else settle(() => reject(new Error(`Inference failed: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(new Error(`The ML worker crashed: ${error.message}`))));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`The ML worker exited (code ${code}) before it reported a result.`))),
    );
  });
  const request: PredictRequest = { type: 'predict', job };
  worker.postMessage(request);
  return { cancel: () => Atomics.store(cancelFlag, CANCEL_INDEX, 1), result };
}
