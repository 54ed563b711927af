import { readFile } from 'node:fs/promises';
import { SPLITS } from '../../../../shared/splits';
import { writeFileAtomic } from '../../storage/atomic-write';
import { imageBytes, type DecodedDataset, type DecodedPart } from './decoded-dataset';

/**
 * The decoded-tensor cache (DESIGN §4: large tables in binary files of their own), one file per
 * (split version, label-fix revision, input size, channels), written once and atomically:
 *
 *   "CEILDAT1"            8 bytes, format magic and version
 *   header length         uint32 LE
 *   header                UTF-8 JSON: sizes, classes, per split its ids, skipped items
 *   per split, in SPLITS order: pixels (count × imageBytes, uint8), then labels (count × uint16 LE)
 */
const MAGIC = 'CEILDAT1';

interface CacheHeader {
  splitVersion: number;
  labelFixRevision: number;
  width: number;
  height: number;
  channels: 1 | 3;
  classes: string[];
  ids: Record<string, string[]>;
  skipped: { id: string; reason: string }[];
}

export function dataCacheFileName(
  splitVersion: number,
  labelFixRevision: number,
  input: { width: number; height: number; channels: number },
): string {
  return `split-v${splitVersion}-r${labelFixRevision}-${input.width}x${input.height}x${input.channels}.bin`;
}

export async function writeDataCache(path: string, dataset: DecodedDataset): Promise<void> {
  const header: CacheHeader = {
    splitVersion: dataset.splitVersion,
    labelFixRevision: dataset.labelFixRevision,
    width: dataset.width,
    height: dataset.height,
    channels: dataset.channels,
    classes: dataset.classes,
    ids: Object.fromEntries(SPLITS.map((split) => [split, dataset.parts[split].ids])),
    skipped: dataset.skipped,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const chunks: Uint8Array[] = [Buffer.from(MAGIC, 'latin1'), length, headerBytes];
  for (const split of SPLITS) {
    const part = dataset.parts[split];
    chunks.push(part.pixels);
    const labels = Buffer.alloc(part.labels.length * 2);
    part.labels.forEach((label, i) => labels.writeUInt16LE(label, i * 2));
    chunks.push(labels);
  }
  await writeFileAtomic(path, Buffer.concat(chunks));
}

export async function readDataCache(path: string): Promise<DecodedDataset> {
  const file = await readFile(path);
  if (file.length < 12 || file.toString('latin1', 0, 8) !== MAGIC)
    throw new Error(`${path} is not a Ceiling data cache (${MAGIC})`);
  const headerLength = file.readUInt32LE(8);
  const header = JSON.parse(file.toString('utf8', 12, 12 + headerLength)) as CacheHeader;
  const perImage = imageBytes(header);
  let offset = 12 + headerLength;
  const parts = {} as Record<(typeof SPLITS)[number], DecodedPart>;
  for (const split of SPLITS) {
    const ids = header.ids[split] ?? [];
    const pixelBytes = ids.length * perImage;
    // copies, so the views own aligned memory independent of the file buffer
    const pixels = new Uint8Array(file.subarray(offset, offset + pixelBytes));
    offset += pixelBytes;
    const labels = new Uint16Array(ids.length);
    for (let i = 0; i < ids.length; i++) labels[i] = file.readUInt16LE(offset + i * 2);
    offset += ids.length * 2;
    parts[split] = { ids, pixels, labels };
  }
  if (offset !== file.length) throw new Error(`${path} is damaged: ${file.length - offset} unexpected bytes`);
  return { ...header, parts };
}
