/**
 * The training worker's entry (a worker_threads worker). Built by electron-vite as out/main/ml-worker.js;
 * from the sources (vitest, tsx) it is loaded through worker-bootstrap.mjs. See start-ml-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initTensorFlow } from '../backend/init-tensorflow';
import { runLrFindJob } from '../lr-finder/lr-find-job';
import { runPredictJob } from '../predictions/predict-job';
import { runTrainJob } from './train-job';
import {
  CANCEL_INDEX,
  LrFindRequestSchema,
  PredictRequestSchema,
  StartRequestSchema,
  type LrFindWorkerMessage,
  type PredictWorkerMessage,
  type WorkerMessage,
} from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs only as a worker thread');
const cancelFlag = (workerData as { cancelFlag: Int32Array }).cancelFlag;
/** The parent's cancel flag, read between batches. */
const isCancelled = () => Atomics.load(cancelFlag, CANCEL_INDEX) !== 0;

function send(message: WorkerMessage | PredictWorkerMessage | LrFindWorkerMessage): void {
  port!.postMessage(message);
}

function describe(error: unknown): { message: string; stack?: string } {
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

/** Initialises TF.js and tells the parent which backend runs: the first message of every request. */
async function initTensorFlowAndSendBackend() {
  const { tf, backend } = await initTensorFlow();
  send({
    type: 'backend',
    backend: { name: backend.name, reason: backend.reason, advice: backend.advice },
    problems: backend.problems,
  });
  return tf;
}

// The worker's own last resort (the wasm glue's rethrowing listeners are removed by initTensorFlow):
// report, then exit non-zero so the parent never waits for a result that cannot come.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    send({ type: 'error', ...describe(error) });
    process.exit(1);
  });
}

port.once('message', (raw: unknown) => {
  void (async () => {
    try {
      const predict = PredictRequestSchema.safeParse(raw);
      if (predict.success) {
        const tf = await initTensorFlowAndSendBackend();
        const result = await runPredictJob(
          tf,
          predict.data.job,
          (done, total) => send({ type: 'predict-progress', done, total }),
          isCancelled,
        );
        send({ type: 'predicted', result });
        return;
      }
      const lrFind = LrFindRequestSchema.safeParse(raw);
      if (lrFind.success) {
        const tf = await initTensorFlowAndSendBackend();
        const result = await runLrFindJob(
          tf,
          lrFind.data.job,
          (progress) => send({ type: 'lr-find-progress', ...progress }),
          isCancelled,
        );
        send({ type: 'lr-found', result });
        return;
      }
      const request = StartRequestSchema.parse(raw);
      if (request.crash === 'throw') throw new Error('a test crash: thrown in the worker');
      if (request.crash === 'exit') process.exit(3);
      if (request.crash === 'out-of-memory') {
        const hoard: number[][] = [];
        for (;;) hoard.push(Array.from({ length: 1e5 }, (_, i) => i + 0.5));
      }
      if (request.crash === 'unhandled-rejection') {
        void Promise.reject(new Error('a test crash: a rejection nobody handled'));
        return;
      }
      const tf = await initTensorFlowAndSendBackend();
      const result = await runTrainJob(
        tf,
        request.job,
        (progress) => send({ type: 'progress', progress }),
        isCancelled,
      );
      send({ type: 'result', result });
    } catch (error) {
      send({ type: 'error', ...describe(error) });
    }
  })();
});
