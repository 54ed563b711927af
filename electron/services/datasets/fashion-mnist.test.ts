// Reads the real Debian package on purpose: if dataset-fashion-mnist is not
// installed these tests fail with the install hint rather than being skipped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, it, expect } from 'vitest';
import { FASHION_MNIST_CLASSES, readFashionMnist, writePng, type FashionMnistData } from './fashion-mnist.js';

describe('fashion-mnist', () => {
  it('reads the t10k part: 10,000 images of 28×28 with labels < 10', async () => {
    const data: FashionMnistData = await readFashionMnist('t10k');
    expect(data.count).toBe(10000);
    expect(data.rows).toBe(28);
    expect(data.cols).toBe(28);
    expect(data.images.length).toBe(10000 * 28 * 28);
    expect(data.labels.length).toBe(10000);
    expect(Math.max(...data.labels)).toBeLessThan(FASHION_MNIST_CLASSES.length);
  });

  it('writes a PNG that decodes back to identical pixels', async () => {
    const { rows, cols, images } = await readFashionMnist('t10k');
    const image = images.subarray(0, rows * cols);
    const dir = await mkdtemp(join(tmpdir(), 'ceiling-fmnist-'));
    try {
      const file = join(dir, 'first.png');
      await writePng(image, rows, cols, file);
      const { data, info } = await sharp(file)
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([cols, rows, 1]);
      expect(new Uint8Array(data)).toEqual(new Uint8Array(image));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the missing file and the Debian package when data is absent', async () => {
    await expect(readFashionMnist('t10k', '/nonexistent/fashion-mnist')).rejects.toThrow(
      /Fashion-MNIST not found at \/nonexistent\/fashion-mnist\/t10k-.*apt-get install dataset-fashion-mnist/,
    );
  });
});
