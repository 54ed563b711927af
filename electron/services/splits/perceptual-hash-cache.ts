import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Item } from '../../../shared/items';
import type { Hash64 } from '../../../shared/splits/near-duplicates';
import { mapWithConcurrency } from '../import/map-with-concurrency';
import { writeFileAtomic } from '../storage/atomic-write';
import { differenceHash } from './perceptual-hash';

export const PERCEPTUAL_HASH_FILE = 'perceptual-hashes.bin';
const MAGIC = 'CPH1';
/** A record: the 20-hex-digit content hash as 10 bytes, then the dHash as two uint32 (hi, lo), little-endian. */
const RECORD_BYTES = 18;

/**
 * Perceptual hashes by content hash, computed lazily (only for items that need one) with 4 images in
 * flight, and kept in a compact file of their own in the project folder (18 bytes an image), so a
 * second preview or a re-opened project costs nothing. Files that cannot be read or decoded get no hash
 * (remembered for this session only: they may be fixed on disk).
 */
export class PerceptualHashCache {
  private readonly byHash = new Map<string, Hash64>();
  private readonly failed = new Set<string>();
  /** Runs one after another, so two previews never decode the same images at once. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(projectDir: string): Promise<PerceptualHashCache> {
    const cache = new PerceptualHashCache(join(projectDir, PERCEPTUAL_HASH_FILE));
    let bytes: Buffer;
    try {
      bytes = await readFile(cache.file);
    } catch {
      return cache; // missing (or unreadable): derived data, recomputed on demand
    }
    if (bytes.subarray(0, 4).toString('latin1') !== MAGIC) return cache;
    for (let offset = 4; offset + RECORD_BYTES <= bytes.length; offset += RECORD_BYTES) {
      const hash = bytes.subarray(offset, offset + 10).toString('hex');
      cache.byHash.set(hash, { hi: bytes.readUInt32LE(offset + 10), lo: bytes.readUInt32LE(offset + 14) });
    }
    return cache;
  }

  get(contentHash: string): Hash64 | null {
    return this.byHash.get(contentHash) ?? null;
  }

  /**
   * Compute what is missing for these items (one decode per content hash) and save the file once at the
   * end. `onProgress(done, total)` is called as images finish.
   */
  ensure(
    items: readonly Item[],
    datasetRoot: string,
    onProgress: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const run = this.queue.then(() => this.compute(items, datasetRoot, onProgress, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async compute(
    items: readonly Item[],
    datasetRoot: string,
    onProgress: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const missing = new Map<string, Item>();
    for (const item of items)
      if (!this.byHash.has(item.hash) && !this.failed.has(item.hash) && !missing.has(item.hash))
        missing.set(item.hash, item);
    if (missing.size === 0) return;
    let done = 0;
    onProgress(0, missing.size);
    await mapWithConcurrency(
      [...missing.values()],
      4,
      async (item) => {
        try {
          const buffer = await readFile(join(datasetRoot, ...item.path.split('/')));
          this.byHash.set(item.hash, await differenceHash(buffer));
        } catch {
          this.failed.add(item.hash);
        }
        onProgress(++done, missing.size);
      },
      signal,
    );
    await this.save();
  }

  private async save(): Promise<void> {
    const records = [...this.byHash].filter(([hash]) => /^[0-9a-f]{20}$/.test(hash));
    const bytes = Buffer.alloc(4 + records.length * RECORD_BYTES);
    bytes.write(MAGIC, 0, 'latin1');
    records.forEach(([hash, value], n) => {
      const offset = 4 + n * RECORD_BYTES;
      bytes.write(hash, offset, 'hex');
      bytes.writeUInt32LE(value.hi >>> 0, offset + 10);
      bytes.writeUInt32LE(value.lo >>> 0, offset + 14);
    });
    await writeFileAtomic(this.file, bytes);
  }
}
