/**
 * Test fixtures: temporary folders and small real images (PNG, JPEG with EXIF orientation, hand-written
 * BMP) made with sharp. Only the unit tests import this module.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/** A fresh folder under the OS temp dir; `cleanup` removes it with everything inside. */
export interface TempDir {
  path: string;
  cleanup: () => Promise<void>;
}

export async function makeTempDir(prefix = 'ceiling-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Collects temp folders made during a test file and removes them all: call `make()` in tests and
 * `cleanupAll()` in `afterEach`/`afterAll`.
 */
export function tempDirs(prefix = 'ceiling-test-') {
  const made: TempDir[] = [];
  return {
    async make(): Promise<string> {
      const dir = await makeTempDir(prefix);
      made.push(dir);
      return dir.path;
    },
    async cleanupAll(): Promise<void> {
      await Promise.all(made.splice(0).map((dir) => dir.cleanup()));
    },
  };
}

/** A solid-colour RGB image whose colour is derived from `seed`, so different seeds give different bytes. */
function solid(width: number, height: number, seed: number) {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 37) % 256, g: (seed * 101) % 256, b: Math.floor(seed / 256) % 256 },
    },
  });
}

export function pngBuffer(width = 16, height = 16, seed = 1): Promise<Buffer> {
  return solid(width, height, seed).png().toBuffer();
}

export function jpegBuffer(width = 16, height = 16, seed = 1, orientation?: number): Promise<Buffer> {
  const pipeline = solid(width, height, seed).jpeg({ quality: 90 });
  return (orientation === undefined ? pipeline : pipeline.withMetadata({ orientation })).toBuffer();
}

/**
 * A 24-bit uncompressed BMP written by hand: BITMAPFILEHEADER (14 bytes) + BITMAPINFOHEADER (40 bytes),
 * then bottom-up rows of BGR pixels, each row padded to a multiple of 4 bytes.
 */
export function bmpBuffer(width: number, height: number): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const pixelBytes = rowSize * height;
  const size = 54 + pixelBytes;
  const bmp = Buffer.alloc(size);
  bmp.write('BM', 0, 'ascii');
  bmp.writeUInt32LE(size, 2);
  bmp.writeUInt32LE(54, 10); // offset of the pixel data
  bmp.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  bmp.writeInt32LE(width, 18);
  bmp.writeInt32LE(height, 22); // positive: bottom-up rows
  bmp.writeUInt16LE(1, 26); // planes
  bmp.writeUInt16LE(24, 28); // bits per pixel
  bmp.writeUInt32LE(0, 30); // BI_RGB, no compression
  bmp.writeUInt32LE(pixelBytes, 34);
  bmp.writeInt32LE(2835, 38); // 72 dpi
  bmp.writeInt32LE(2835, 42);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = 54 + y * rowSize + x * 3;
      bmp[offset] = 200; // blue
      bmp[offset + 1] = (x * 16) % 256; // green
      bmp[offset + 2] = (y * 16) % 256; // red
    }
  }
  return bmp;
}

/** Write `data` at `root/relative`, creating folders on the way. Returns the absolute path. */
export async function put(root: string, relative: string, data: string | Uint8Array): Promise<string> {
  const target = join(root, ...relative.split('/'));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, data);
  return target;
}

/** Write `count` distinct small PNGs as `root/<label>/img-NNNN.png`, spread over the given labels. */
export async function putManyPngs(root: string, labels: readonly string[], count: number, seedBase = 1000) {
  const paths: string[] = [];
  for (let n = 0; n < count; n++) {
    const label = labels[n % labels.length]!;
    const relative = `${label}/img-${String(n).padStart(4, '0')}.png`;
    await put(root, relative, await pngBuffer(8, 8, seedBase + n));
    paths.push(relative);
  }
  return paths;
}

/** Every file below `dir` (relative paths), or [] when `dir` does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The pid of a process that has already exited (for stale-lock tests). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn node');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  return pid;
}
