/**
 * Regenerates the demo dataset that ships with Ceiling, from the t10k part of
 * Debian's dataset-fashion-mnist package:
 *
 *   npx tsx electron/tools/make-demo.ts [outDir]   (default resources/demo/fashion-mnist)
 *
 * Two "sources" with a deliberate domain shift, so the app has something to find:
 *   studio/<class>/t10k-NNNNN.png  original images, unmodified
 *   phone/<class>/t10k-NNNNN.png   different images, rotated, blurred, washed out, noisy
 *
 * Output is byte-for-byte deterministic: image choice is by file order, and every
 * random degradation parameter comes from a PRNG seeded with the image's t10k index.
 */
import { mkdir, readdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import {
  FASHION_MNIST_CLASSES,
  readFashionMnist,
  writePng,
  type FashionMnistData,
} from '../services/datasets/fashion-mnist.js';

const DEFAULT_OUT_DIR = 'resources/demo/fashion-mnist';
const STUDIO_PER_CLASS = 200;
const PHONE_PER_CLASS = 100;
const SOURCES = ['studio', 'phone'] as const;
type Source = (typeof SOURCES)[number];

interface Pick {
  index: number;
  label: number;
  source: Source;
}

/** Tiny seeded PRNG (mulberry32): returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** First STUDIO_PER_CLASS images of each class in file order go to studio, the next PHONE_PER_CLASS to phone. */
function pickImages(labels: Uint8Array): Pick[] {
  const seen = new Array<number>(FASHION_MNIST_CLASSES.length).fill(0);
  const picks: Pick[] = [];
  for (const [index, label] of labels.entries()) {
    const n = seen[label] ?? 0;
    seen[label] = n + 1;
    if (n < STUDIO_PER_CLASS) picks.push({ index, label, source: 'studio' });
    else if (n < STUDIO_PER_CLASS + PHONE_PER_CLASS) picks.push({ index, label, source: 'phone' });
  }
  return picks;
}

/**
 * Simulates a cheap phone photo of the item: small rotation (black fill, cropped
 * back to the original size), gaussian blur, lower contrast with a lifted black
 * level, then additive gaussian sensor noise.
 */
async function degrade(pixels: Uint8Array, rows: number, cols: number, index: number): Promise<Uint8Array> {
  const rand = mulberry32(Math.imul(index + 1, 0x9e3779b9));
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const angle = between(-12, 12);
  const sigma = between(0.5, 1.2);
  const contrast = between(0.55, 0.8);
  const offset = between(8, 28);
  const noiseStd = between(5, 11);

  // Rotating a non-right angle enlarges the canvas; crop the centre back out.
  const rotated = await sharp(pixels, { raw: { width: cols, height: rows, channels: 1 } })
    .rotate(angle, { background: { r: 0, g: 0, b: 0 } })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = rotated.info;
  const out = await sharp(rotated.data, { raw: { width, height, channels: 1 } })
    .extract({ left: (width - cols) >> 1, top: (height - rows) >> 1, width: cols, height: rows })
    .blur(sigma)
    .linear(contrast, offset)
    .toColourspace('b-w')
    .raw()
    .toBuffer();

  const noisy = new Uint8Array(rows * cols);
  for (let i = 0; i < noisy.length; i++) {
    // Box–Muller; 1 - rand() avoids log(0).
    const gauss = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    noisy[i] = Math.min(255, Math.max(0, Math.round((out[i] ?? 0) + gauss * noiseStd)));
  }
  return noisy;
}

/** Deletes PNGs left by a previous run, touching only outDir/studio and outDir/phone. */
async function clearOldPngs(outDir: string): Promise<void> {
  for (const source of SOURCES) {
    const dir = join(outDir, source);
    let entries: string[];
    try {
      entries = await readdir(dir, { recursive: true });
    } catch {
      continue; // nothing there yet
    }
    for (const entry of entries) {
      if (entry.endsWith('.png')) await rm(join(dir, entry));
    }
    // Remove now-empty class folders (deepest first) and the source folder itself.
    for (const entry of [
      ...entries
        .filter((e) => !e.endsWith('.png'))
        .sort()
        .reverse(),
      '',
    ]) {
      await rmdir(join(dir, entry)).catch((): void => undefined);
    }
  }
}

const LICENSE_TEXT = `Fashion-MNIST demo subset

Copyright (c) 2017 Zalando SE, https://tech.zalando.com

Permission is hereby granted, free of charge, to any person obtaining a
copy of this software and associated documentation files (the "Software"),
to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense,
and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included
in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

---

About this subset: these ${(STUDIO_PER_CLASS + PHONE_PER_CLASS) * FASHION_MNIST_CLASSES.length} PNG images are
derived from the Fashion-MNIST test set (t10k-images-idx3-ubyte /
t10k-labels-idx1-ubyte, as packaged in Debian's dataset-fashion-mnist,
source https://github.com/zalandoresearch/fashion-mnist) by the script
electron/tools/make-demo.ts of the Ceiling project. For each of the 10
classes, the first ${STUDIO_PER_CLASS} test images in file order are stored unmodified under
studio/, and the next ${PHONE_PER_CLASS} (different images, so no image appears in both
sources) are stored under phone/ after a deterministic degradation: rotation
by up to +/-12 degrees on a black background, gaussian blur (sigma 0.5-1.2),
reduced contrast (linear gain 0.55-0.8 with an offset of 8-28), and additive
gaussian noise (std 5-11) from a PRNG seeded with the image index. File names
(t10k-NNNNN.png) give each image's position in the original test set.
`;

function readmeText(counts: Map<string, number>): string {
  const rows = FASHION_MNIST_CLASSES.map(
    (name) => `| ${name} | ${counts.get(`studio/${name}`) ?? 0} | ${counts.get(`phone/${name}`) ?? 0} |`,
  );
  const total = (source: Source): number =>
    FASHION_MNIST_CLASSES.reduce((sum, name) => sum + (counts.get(`${source}/${name}`) ?? 0), 0);
  return `# Fashion-MNIST demo dataset

Demo data for Ceiling: 28×28 greyscale PNGs from the Fashion-MNIST test set
in two sources. \`studio/\` holds original images; \`phone/\` holds *different*
images that were rotated, blurred, washed out and made noisy, to give the app a
domain shift to find. Layout: \`<source>/<class>/t10k-<index>.png\`, where index
is the image's position in \`t10k-images-idx3-ubyte\`.

| class | studio | phone |
| --- | ---: | ---: |
${rows.join('\n')}
| **total** | ${total('studio')} | ${total('phone')} |

Licence: MIT/Expat, copyright 2017 Zalando SE — see [LICENSE](LICENSE).

## Regenerate

Needs Debian's \`dataset-fashion-mnist\` package. Output is byte-for-byte reproducible.

    npm run make-demo
    # or, without building first:
    npx tsx electron/tools/make-demo.ts [outDir]
`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const outDir = resolve(process.argv[2] ?? DEFAULT_OUT_DIR);
  const data: FashionMnistData = await readFashionMnist('t10k');
  const { rows, cols } = data;
  const picks = pickImages(data.labels);

  await clearOldPngs(outDir);
  for (const source of SOURCES) {
    for (const name of FASHION_MNIST_CLASSES) await mkdir(join(outDir, source, name), { recursive: true });
  }

  const counts = new Map<string, number>();
  let bytes = 0;
  const BATCH = 64; // bounded parallelism; order of writes does not affect the bytes
  for (let start = 0; start < picks.length; start += BATCH) {
    await Promise.all(
      picks.slice(start, start + BATCH).map(async ({ index, label, source }: Pick): Promise<void> => {
        const original = data.images.subarray(index * rows * cols, (index + 1) * rows * cols);
        const pixels = source === 'studio' ? original : await degrade(original, rows, cols, index);
        const key = `${source}/${FASHION_MNIST_CLASSES[label]}`;
        const file = join(outDir, key, `t10k-${String(index).padStart(5, '0')}.png`);
        await writePng(pixels, rows, cols, file);
        const { size } = await stat(file); // not `bytes += await …`: that reads bytes before awaiting
        bytes += size;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }),
    );
  }

  const readme = readmeText(counts);
  await writeFile(join(outDir, 'LICENSE'), LICENSE_TEXT);
  await writeFile(join(outDir, 'README.md'), readme);
  bytes += Buffer.byteLength(LICENSE_TEXT) + Buffer.byteLength(readme);

  const perSource = SOURCES.map(
    (s) => `${s} ${FASHION_MNIST_CLASSES.reduce((n, c) => n + (counts.get(`${s}/${c}`) ?? 0), 0)}`,
  ).join(', ');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `make-demo: ${picks.length} PNGs (${perSource}; ${FASHION_MNIST_CLASSES.length} classes) ` +
      `in ${outDir}, ${(bytes / 1024).toFixed(0)} KiB total, ${seconds} s`,
  );
}

main().catch((err: unknown): void => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
