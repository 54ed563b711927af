import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BackendInfo } from '../../../../shared/backend';
import { setRunningBackend } from '../backend/running-backend';
import type { TrainJob, TrainJobResult, JobProgress } from './train-job';
import { CANCEL_INDEX, WorkerMessageSchema, type StartRequest } from './worker-protocol';

/**
 * Where the worker's code is. In the app and the CLI this module is bundled into out/main/ (or
 * out/main/chunks/), and electron-vite emits the worker next to it as out/main/ml-worker.js (an input
 * of electron.vite.config.ts). Run from the sources (vitest, `npm run bench`), the bundle is not used:
 * worker-bootstrap.mjs registers tsx's loader in the thread and imports worker-main.ts
 * (docs/decisions.md, ML engine).
 */
export function trainingWorkerEntry(): URL {
  for (const candidate of ['./ml-worker.js', '../ml-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url))) return url;
  }
  return new URL('./worker-bootstrap.mjs', import.meta.url);
}

export interface TrainingWorkerEvents {
  onBackend?: (backend: BackendInfo) => void;
  onProgress?: (progress: JobProgress) => void;
}

export interface TrainingWorkerHandle {
  /** Ask the worker to stop between batches; `result` then resolves with status `cancelled`. */
  cancel(): void;
  /** The job's result, or a rejection with a clear message when it failed or the worker crashed. */
  result: Promise<TrainJobResult>;
}

/**
 * Runs one training job in a worker thread. The caller's thread never runs TF.js, so the UI's event
 * loop stays free; a crash of the worker (an uncaught error, running out of memory, `process.exit`)
 * rejects `result` with what happened and never takes the caller down.
 */
export function startTrainingWorker(
  job: TrainJob,
  events: TrainingWorkerEvents = {},
  testCrash?: StartRequest['crash'],
  /** V8 heap limit of the worker: a model that outgrows it fails in the worker, not in the app. */
  heapLimitMb = 4096,
): TrainingWorkerHandle {
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(trainingWorkerEntry(), {
    workerData: { cancelFlag },
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
  });
  const result = new Promise<TrainJobResult>((resolve, reject) => {
    let settled = false;
    let reportedError: string | null = null;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (raw: unknown) => {
      const parsed = WorkerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        settle(() =>
          reject(
            new Error(`The training worker sent a malformed message: ${parsed.error.issues[0]?.message}`),
          ),
        );
        return;
      }
      const message = parsed.data;
      if (message.type === 'backend') {
        setRunningBackend(message.backend); // probeBackend / app.info now say what really runs
        events.onBackend?.(message.backend);
      } else if (message.type === 'progress') events.onProgress?.(message.progress);
      else if (message.type === 'result') settle(() => resolve(message.result));
      else {
        reportedError = message.message;
        settle(() => reject(new Error(`Training failed: ${message.message}`)));
      }
    });
    worker.on('error', (error) => {
      const oom = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() =>
        reject(
          new Error(
            oom
              ? 'The training worker ran out of memory: try a smaller batch size, model or input size.'
              : `The training worker crashed: ${error.message}`,
          ),
        ),
      );
    });
    worker.on('exit', (code) => {
      settle(() =>
        reject(
          new Error(
            reportedError
              ? `Training failed: ${reportedError}`
              : `The training worker exited (code ${code}) before it reported a result.`,
          ),
        ),
      );
    });
  });
  const request: StartRequest = { type: 'start', job, ...(testCrash ? { crash: testCrash } : {}) };
  worker.postMessage(request);
  return {
    cancel: () => Atomics.store(cancelFlag, CANCEL_INDEX, 1),
    result,
  };
}
