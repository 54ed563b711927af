import { Worker } from 'node:worker_threads';
import type { BackendInfo } from '../../../../shared/backend';
import { setRunningBackend } from '../backend/running-backend';
import { trainingWorkerEntry } from '../worker/training-worker';
import { CANCEL_INDEX, LrFindWorkerMessageSchema, type LrFindRequest } from '../worker/worker-protocol';
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
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(trainingWorkerEntry(), {
    workerData: { cancelFlag },
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
  const result = new Promise<LrFindJobResult>((resolve, reject) => {
    let settled = false;
    let reportedError: string | null = null;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (raw: unknown) => {
      const parsed = LrFindWorkerMessageSchema.safeParse(raw);
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
      } else if (message.type === 'lr-find-progress') {
        events.onProgress?.({ done: message.done, total: message.total, points: message.points });
      } else if (message.type === 'lr-found') settle(() => resolve(message.result));
      else {
        reportedError = message.message;
        settle(() => reject(new Error(`The LR finder failed: ${message.message}`)));
      }
    });
    worker.on('error', (error) => {
      const oom = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() =>
        reject(
          new Error(
            oom
              ? 'The ML worker ran out of memory: try a smaller batch size, model or input size.'
              : `The ML worker crashed: ${error.message}`,
          ),
        ),
      );
    });
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          new Error(
            reportedError
              ? `The LR finder failed: ${reportedError}`
              : `The ML worker exited (code ${code}) before it reported a result.`,
          ),
        ),
      ),
    );
  });
  const request: LrFindRequest = { type: 'lr-find', job };
  worker.postMessage(request);
  return { cancel: () => Atomics.store(cancelFlag, CANCEL_INDEX, 1), result };
}
