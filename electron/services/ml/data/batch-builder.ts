import type { Augmentation } from '../../../../shared/training/training-config';
import { augmentImage } from './augment-image';
import { imageBytes, type DecodedDataset, type DecodedPart } from './decoded-dataset';

export interface BatchArrays {
  /** count × width × height × channels floats in [0, 1], HWC. */
  pixels: Float32Array;
  labels: Int32Array;
  count: number;
}

/**
 * Copies the images at `indices` of a part into a float batch (bytes / 255), augmenting each when
 * `augmentation` is given. Batches are built from arrays, then handed to `tf.tensor`: on wasm, slicing
 * rows out of one big tensor copies all of it (DESIGN §9).
 */
export function buildBatch(
  dataset: Pick<DecodedDataset, 'width' | 'height' | 'channels'>,
  part: DecodedPart,
  indices: ArrayLike<number>,
  augmentation?: { options: Augmentation; random: () => number },
): BatchArrays {
  const size = imageBytes(dataset);
  const count = indices.length;
  const pixels = new Float32Array(count * size);
  const labels = new Int32Array(count);
  const scratch = augmentation ? new Float32Array(size) : null;
  for (let i = 0; i < count; i++) {
    const source = indices[i]!;
    const from = source * size;
    const to = i * size;
    for (let j = 0; j < size; j++) pixels[to + j] = part.pixels[from + j]! / 255;
    labels[i] = part.labels[source]!;
    if (augmentation)
      augmentImage(
        pixels.subarray(to, to + size),
        dataset,
        augmentation.options,
        augmentation.random,
        scratch!,
      );
  }
  return { pixels, labels, count };
}

/** Indices start…end−1, for evaluation batches in order. */
export function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}
