/**
 * Inference with a model the user brought, in the ML worker: load the model (layers or graph), feed every
 * split of the data cache in batches (pixels / 255, as the built-in models see them), and return the
 * class probabilities. Raw scores (logits) are turned into probabilities with a softmax.
 */
import { SPLITS } from '../../../../shared/splits';
import type { TensorFlow } from '../backend/init-tensorflow';
import { buildBatch, range } from '../data/batch-builder';
import { readDataCache } from '../data/data-cache-file';
import type { PredictJob, PredictJobResult } from '../worker/worker-protocol';
import { userModelHandler } from './user-model';

const BATCH = 256;

export async function runPredictJob(
  tf: TensorFlow,
  job: PredictJob,
  onProgress: (done: number, total: number) => void,
  cancelled: () => boolean,
): Promise<PredictJobResult> {
  const handler = userModelHandler(job.modelDir);
  const model = job.format === 'graph' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  const dataset = await readDataCache(job.cachePath);
  const shape = [dataset.height, dataset.width, dataset.channels];
  const modelInput = job.modelInput.length === 3 ? shape : job.modelInput;
  const total = SPLITS.reduce((sum, split) => sum + dataset.parts[split].ids.length, 0);
  const ids: string[] = [];
  const splits: number[] = [];
  const chunks: Float32Array[] = [];
  let classCount = -1;
  let softmaxApplied = false;
  let done = 0;
  const started = performance.now();
  for (const [splitIndex, split] of SPLITS.entries()) {
    const part = dataset.parts[split];
    for (let start = 0; start < part.ids.length; start += BATCH) {
      if (cancelled())
        return {
          status: 'cancelled',
          ids: [],
          splits: [],
          classCount: 0,
          probabilities: new Float32Array(0),
          softmaxApplied,
          imagesPerSecond: null,
        };
      const end = Math.min(part.ids.length, start + BATCH);
      const { pixels } = buildBatch(dataset, part, range(start, end));
      const x = tf.tensor(pixels, [end - start, ...modelInput]);
      const output = model.predict(x) as ReturnType<typeof tf.tensor>;
      if (Array.isArray(output))
        throw new Error('The model has several outputs: Ceiling reads one, the class scores.');
      if (output.shape.length !== 2)
        throw new Error(
          `The model's output has shape [${output.shape.join(', ')}]: expected [batch, classes].`,
        );
      if (classCount < 0) classCount = output.shape[1]!;
      let scores = await output.data<'float32'>();
      if (!looksLikeProbabilities(scores, classCount)) {
        softmaxApplied = true;
        const soft = tf.softmax(output);
        scores = await soft.data<'float32'>();
        soft.dispose();
      }
      chunks.push(Float32Array.from(scores));
      x.dispose();
      output.dispose();
      for (let i = start; i < end; i++) {
        ids.push(part.ids[i]!);
        splits.push(splitIndex);
      }
      done += end - start;
      onProgress(done, total);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const probabilities = new Float32Array(ids.length * Math.max(classCount, 0));
  let offset = 0;
  for (const chunk of chunks) {
    probabilities.set(chunk, offset);
    offset += chunk.length;
  }
  return {
    status: 'completed',
    ids,
    splits,
    classCount: Math.max(classCount, 0),
    probabilities,
    softmaxApplied,
    imagesPerSecond: seconds > 0 ? ids.length / seconds : null,
  };
}

/** Every row non-negative and summing to 1 (± 1e-3): a softmax output already. */
function looksLikeProbabilities(scores: Float32Array, classCount: number): boolean {
  for (let row = 0; row < scores.length; row += classCount) {
    let sum = 0;
    for (let j = 0; j < classCount; j++) {
      const value = scores[row + j]!;
      if (value < 0) return false;
      sum += value;
    }
    if (Math.abs(sum - 1) > 1e-3) return false;
  }
  return true;
}
