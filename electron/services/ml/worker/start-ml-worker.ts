import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import type { BackendInfo } from '../../../../shared/backend';
import { setRunningBackend } from '../backend/running-backend';
import { CANCEL_INDEX } from './worker-protocol';

/**
 * Where the worker's code is. In the app and the CLI this module is bundled into out/main/ (or
 * out/main/chunks/), and electron-vite emits the worker next to it as out/main/ml-worker.js (an input
 * of electron.vite.config.ts). Run from the sources (vitest, `npm run bench`), the bundle is not used:
 * worker-bootstrap.mjs registers tsx's loader in the thread and imports worker-main.ts
 * (docs/decisions.md, ML engine).
 */
function mlWorkerEntry(): URL {
  for (const candidate of ['./ml-worker.js', '../ml-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url))) return url;
  }
  return new URL('./worker-bootstrap.mjs', import.meta.url);
}

/** The two messages every request's answers share (worker-protocol.ts): the backend, and a failure. */
type BackendMessage = { type: 'backend'; backend: BackendInfo; problems: string[] };
type ErrorMessage = { type: 'error'; message: string; stack?: string };

export interface MlWorkerRequest<Message extends { type: string }, Result> {
  /** The one request the worker gets (a `start`, `predict` or `lr-find` request of worker-protocol.ts). */
  request: unknown;
  /** The schema of the worker's messages for this request; every message is checked with it. */
  messages: z.ZodType<Message | BackendMessage | ErrorMessage>;
  /** How error messages name the worker, e.g. `training worker`. */
  workerName: string;
  /** What a failure the worker reported starts with, e.g. `Training failed`. */
  failedPrefix: string;
  /** Out of memory gets advice (a smaller batch size, model or input size) instead of the crash message. */
  adviseOnOutOfMemory: boolean;
  /** V8 heap limit of the worker: a model that outgrows it fails in the worker, not in the app. */
  heapLimitMb?: number;
  onBackend?: (backend: BackendInfo) => void;
  /** Reads one of the request's own messages (progress, the result): returns the result when it is the end. */
  read(message: Message): { result: Result } | undefined;
}

/**
 * Runs one request in a fresh ML worker thread and settles `result` exactly once: with the worker's
 * result, or a rejection saying what happened (a reported failure, a malformed message, a crash, running
 * out of memory, an exit without a result); the worker is then terminated. `cancel` sets the shared flag
 * the worker reads between batches. The caller's thread never runs TF.js.
 */
export function startMlWorker<Message extends { type: string }, Result>(
  options: MlWorkerRequest<Message, Result>,
): { cancel(): void; result: Promise<Result> } {
  const { workerName, failedPrefix } = options;
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(mlWorkerEntry(), {
    workerData: { cancelFlag },
    resourceLimits: { maxOldGenerationSizeMb: options.heapLimitMb ?? 4096 },
  });
  const result = new Promise<Result>((resolve, reject) => {
    let settled = false;
    let reportedError: string | null = null;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (raw: unknown) => {
      const parsed = options.messages.safeParse(raw);
      if (!parsed.success) {
        settle(() =>
          reject(new Error(`The ${workerName} sent a malformed message: ${parsed.error.issues[0]?.message}`)),
        );
        return;
      }
      const message = parsed.data;
      if (isBackendMessage(message)) {
        setRunningBackend(message.backend); // probeBackend / app.info now say what really runs
        options.onBackend?.(message.backend);
      } else if (isErrorMessage(message)) {
        reportedError = message.message;
        settle(() => reject(new Error(`${failedPrefix}: ${message.message}`)));
      } else {
        const end = options.read(message);
        if (end) settle(() => resolve(end.result));
      }
    });
    worker.on('error', (error) => {
      const oom = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() =>
        reject(
          new Error(
            oom && options.adviseOnOutOfMemory
              ? `The ${workerName} ran out of memory: try a smaller batch size, model or input size.`
              : `The ${workerName} crashed: ${error.message}`,
          ),
        ),
      );
    });
    worker.on('exit', (code) => {
      settle(() =>
        reject(
          new Error(
            reportedError
              ? `${failedPrefix}: ${reportedError}`
              : `The ${workerName} exited (code ${code}) before it reported a result.`,
          ),
        ),
      );
    });
  });
  worker.postMessage(options.request);
  return { cancel: () => Atomics.store(cancelFlag, CANCEL_INDEX, 1), result };
}

function isBackendMessage(message: { type: string }): message is BackendMessage {
  return message.type === 'backend';
}

function isErrorMessage(message: { type: string }): message is ErrorMessage {
  return message.type === 'error';
}
