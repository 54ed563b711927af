import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Item, Split } from '../../../../shared/items';
import { SPLITS, type SplitName } from '../../../../shared/splits';
import type { InputShape } from '../../../../shared/training/training-config';
import { toImageError } from '../../images/open-image';
import { dataCacheFileName, writeDataCache } from './data-cache-file';
import { decodeToInput } from './decode-image';
import { imageBytes, type DecodedDataset } from './decoded-dataset';

export const DATA_CACHE_FOLDER = 'cache';
/** Images decoded at once: sharp works on libuv's pool, so the event loop stays free (as the import does). */
const IN_FLIGHT = 4;

export interface DataCacheRequest {
  projectDir: string;
  datasetRoot: string;
  items: readonly Item[];
  /** The frozen split: an item's split, or null when it is in none (unused, or added after the freeze). */
  splitOf: (item: Item) => Split | null;
  splitVersion: number;
  /** The label-fix revision `labelOf` reads (part of the cache file's name). */
  labelFixRevision: number;
  /** An item's current label and whether label cleanup excluded it; default: the imported label, kept. */
  labelOf?: (item: Item) => { label: string; excluded: boolean };
  input: InputShape;
  onProgress?: (done: number, total: number) => void;
  /** Stops the decoding between images (nothing is written then). */
  signal?: AbortSignal;
}

/**
 * The decoded tensors of a frozen split version at an input size: decoded with sharp once and kept in
 * `<project>/cache/` (data-cache-file.ts); later runs with the same split version, label revision and
 * input size reuse the file. Returns its path and whether it was reused.
 */
export async function ensureDataCache(request: DataCacheRequest): Promise<{ path: string; reused: boolean }> {
  const folder = join(request.projectDir, DATA_CACHE_FOLDER);
  const path = join(folder, dataCacheFileName(request.splitVersion, request.labelFixRevision, request.input));
  if (await exists(path)) return { path, reused: true };
  await mkdir(folder, { recursive: true });
  await writeDataCache(path, await decodeSplit(request));
  return { path, reused: false };
}

async function decodeSplit(request: DataCacheRequest): Promise<DecodedDataset> {
  const { input } = request;
  const labelOf = request.labelOf ?? ((item: Item) => ({ label: item.label, excluded: false }));
  const assigned = request.items
    .map((item) => ({ item, split: request.splitOf(item), ...labelOf(item) }))
    .filter(
      (entry): entry is { item: Item; split: SplitName; label: string; excluded: false } =>
        entry.split !== null && !entry.excluded,
    );
  const classes = [...new Set(assigned.map((entry) => entry.label))].sort();
  const classIndex = new Map(classes.map((name, index) => [name, index]));
  const decoded: (Uint8Array | null)[] = new Array(assigned.length).fill(null);
  const skipped: { id: string; reason: string }[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < assigned.length) {
      request.signal?.throwIfAborted();
      const index = next++;
      const { item } = assigned[index]!;
      try {
        decoded[index] = await decodeToInput(await readFile(join(request.datasetRoot, item.path)), input);
      } catch (error) {
        skipped.push({ id: item.id, reason: toImageError(error).message });
      }
      request.onProgress?.(++done, assigned.length);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  request.signal?.throwIfAborted();
  const perImage = imageBytes(input);
  const parts = {} as DecodedDataset['parts'];
  for (const split of SPLITS) {
    const members = assigned.map((entry, index) => ({ ...entry, index })).filter((e) => e.split === split);
    const kept = members.filter((member) => decoded[member.index] !== null);
    const pixels = new Uint8Array(kept.length * perImage);
    kept.forEach((member, i) => pixels.set(decoded[member.index]!, i * perImage));
    parts[split] = {
      ids: kept.map((member) => member.item.id),
      pixels,
      labels: Uint16Array.from(kept, (member) => classIndex.get(member.label)!),
    };
  }
  return {
    splitVersion: request.splitVersion,
    labelFixRevision: request.labelFixRevision,
    width: input.width,
    height: input.height,
    channels: input.channels,
    classes,
    parts,
    skipped,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
