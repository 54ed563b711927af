/**
 * Fashion-MNIST (Debian's IDX files) straight into a data cache file, the format the ML worker reads, so
 * the benches that train (train, lr-find, cleanup) need no project.
 */
import type { FashionMnistData } from '../services/datasets/fashion-mnist';
import { FASHION_MNIST_CLASSES } from '../services/datasets/fashion-mnist';
import { writeDataCache } from '../services/ml/data/data-cache-file';
import type { DecodedPart } from '../services/ml/data/decoded-dataset';

/**
 * Images `from` … `from + count − 1` of an IDX part, with ids `<prefix>-<index>`; `labels` replaces the
 * IDX labels (e.g. with some flipped).
 */
export function fashionMnistPart(
  data: FashionMnistData,
  prefix: string,
  from = 0,
  count = data.count - from,
  labels?: Uint16Array,
): DecodedPart {
  const pixels = data.rows * data.cols;
  return {
    ids: Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`),
    pixels: data.images.subarray(from * pixels, (from + count) * pixels),
    labels: labels ?? Uint16Array.from(data.labels.subarray(from, from + count)),
  };
}

/** Writes a 28×28 greyscale data cache of the ten Fashion-MNIST classes, split v1, no train-dev part. */
export function writeFashionMnistCache(
  cachePath: string,
  parts: { train: DecodedPart; dev: DecodedPart; test: DecodedPart },
): Promise<void> {
  return writeDataCache(cachePath, {
    splitVersion: 1,
    labelFixRevision: 0,
    width: 28,
    height: 28,
    channels: 1,
    classes: [...FASHION_MNIST_CLASSES],
    parts: {
      train: parts.train,
      'train-dev': { ids: [], pixels: new Uint8Array(0), labels: new Uint16Array(0) },
      dev: parts.dev,
      test: parts.test,
    },
    skipped: [],
  });
}
