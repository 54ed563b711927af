import type { BackendInfo } from '../../../../shared/backend';
import { startMlWorker } from './start-ml-worker';
import type { TrainJob, TrainJobResult, JobProgress } from './train-job';
import { WorkerMessageSchema, type StartRequest } from './worker-protocol';

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
  const request: StartRequest = { type: 'start', job, ...(testCrash ? { crash: testCrash } : {}) };
  return startMlWorker({
    request,
    messages: WorkerMessageSchema,
    workerName: 'training worker',
    failedPrefix: 'Training failed',
    adviseOnOutOfMemory: true,
    heapLimitMb,
    onBackend: events.onBackend,
    read: (message): { result: TrainJobResult } | undefined => {
      if (message.type === 'progress') events.onProgress?.(message.progress);
      else if (message.type === 'result') return { result: message.result };
      return undefined;
    },
  });
}
