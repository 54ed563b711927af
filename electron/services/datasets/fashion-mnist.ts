/**
 * Reader for Fashion-MNIST as shipped by Debian's `dataset-fashion-mnist`
 * package (gzipped IDX files). Plain Node on purpose: it is used by the
 * demo generator script and by tests, neither of which runs inside Electron.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import sharp from 'sharp';

/** Where the Debian package installs the data. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Class names indexed by label id. Spaces and slashes from the official names
 * ("T-shirt/top", "Ankle boot") are replaced so they can be used as folder names.
 */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt-top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle-boot',
];

export type FashionMnistPart = 'train' | 't10k';

export interface FashionMnistData {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols greyscale bytes, row-major, one image after another. */
  images: Uint8Array;
  /** count label ids, each an index into FASHION_MNIST_CLASSES. */
  labels: Uint8Array;
}

const IDX_IMAGES_MAGIC = 2051; // unsigned byte data, 3 dimensions
const IDX_LABELS_MAGIC = 2049; // unsigned byte data, 1 dimension

const gunzipAsync = promisify(gunzip);

/** Reads and gunzips one file, turning "file missing" into an actionable message. */
async function readGzip(file: string): Promise<Buffer> {
  let compressed: Buffer;
  try {
    compressed = await readFile(file);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `Fashion-MNIST not found at ${file} — install it with \`apt-get install dataset-fashion-mnist\``,
        { cause: err },
      );
    }
    throw err;
  }
  return gunzipAsync(compressed);
}

/**
 * Loads one part ('train' = 60,000 images, 't10k' = 10,000) into memory.
 * IDX headers are big-endian; magic numbers and sizes are checked so a
 * truncated or swapped file fails loudly instead of yielding garbage pixels.
 */
export async function readFashionMnist(
  part: FashionMnistPart,
  dir: string = FASHION_MNIST_DIR,
): Promise<FashionMnistData> {
  const imagesFile = join(dir, `${part}-images-idx3-ubyte.gz`);
  const labelsFile = join(dir, `${part}-labels-idx1-ubyte.gz`);
  const [img, lab] = await Promise.all([readGzip(imagesFile), readGzip(labelsFile)]);

  if (img.length < 16 || img.readUInt32BE(0) !== IDX_IMAGES_MAGIC) {
    throw new Error(`${imagesFile}: not an IDX image file (expected magic ${IDX_IMAGES_MAGIC})`);
  }
  if (lab.length < 8 || lab.readUInt32BE(0) !== IDX_LABELS_MAGIC) {
    throw new Error(`${labelsFile}: not an IDX label file (expected magic ${IDX_LABELS_MAGIC})`);
  }
  const count = img.readUInt32BE(4);
  const rows = img.readUInt32BE(8);
  const cols = img.readUInt32BE(12);
  const labelCount = lab.readUInt32BE(4);
  if (labelCount !== count) {
    throw new Error(`${labelsFile}: ${labelCount} labels but ${imagesFile} has ${count} images`);
  }
  if (img.length !== 16 + count * rows * cols) {
    throw new Error(`${imagesFile}: expected ${16 + count * rows * cols} bytes, got ${img.length}`);
  }
  if (lab.length !== 8 + count) {
    throw new Error(`${labelsFile}: expected ${8 + count} bytes, got ${lab.length}`);
  }
  return {
    count,
    rows,
    cols,
    images: new Uint8Array(img.buffer, img.byteOffset + 16, count * rows * cols),
    labels: new Uint8Array(lab.buffer, lab.byteOffset + 8, count),
  };
}

/**
 * Writes one greyscale image as an 8-bit single-channel PNG. sharp's output
 * colourspace defaults to sRGB (3 channels), so 'b-w' is forced; compression
 * is pinned rather than left to sharp's defaults so output bytes stay stable.
 */
export async function writePng(image: Uint8Array, rows: number, cols: number, file: string): Promise<void> {
  await sharp(image, { raw: { width: cols, height: rows, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toFile(file);
}
