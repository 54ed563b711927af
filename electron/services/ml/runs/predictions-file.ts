import { readFile } from 'node:fs/promises';
import { SPLITS, type SplitName } from '../../../../shared/splits';
import { writeFileAtomic } from '../../storage/atomic-write';

export const PREDICTIONS_FILE = 'predictions.bin';

/** A model run's predictions: per item its split, predicted class, confidence and class probabilities. */
export interface Predictions {
  classes: string[];
  ids: string[];
  /** Split of each item (index into SPLITS). */
  splits: Uint8Array;
  /** Given label of each item (class index). */
  labels: Uint16Array;
  predicted: Uint16Array;
  /** Probability of the predicted class. */
  confidence: Float32Array;
  /** ids.length × classes.length, row-major. */
  probabilities: Float32Array;
}

/**
 * The compact predictions file of a run, written once, atomically (DESIGN §4: big per-item tables in
 * binary files of their own):
 *
 *   "CEILPRD1"         magic and version
 *   header length      uint32 LE
 *   header             UTF-8 JSON { classes, ids, splits: SPLITS }, zero-padded to a multiple of 4
 *   probabilities      N × C float32 LE
 *   confidence         N float32 LE
 *   predicted, labels  N uint16 LE each
 *   splits             N uint8
 * Predicted class and confidence repeat what the probabilities say, so the grid can filter by them
 * without touching the N × C block.
 */
const MAGIC = 'CEILPRD1';

export async function writePredictions(path: string, predictions: Predictions): Promise<void> {
  let header = Buffer.from(
    JSON.stringify({ classes: predictions.classes, ids: predictions.ids, splits: SPLITS }),
    'utf8',
  );
  const padding = (4 - ((12 + header.length) % 4)) % 4;
  header = Buffer.concat([header, Buffer.alloc(padding, 0x20)]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const bytes = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  await writeFileAtomic(
    path,
    Buffer.concat([
      Buffer.from(MAGIC, 'latin1'),
      length,
      header,
      bytes(predictions.probabilities),
      bytes(predictions.confidence),
      bytes(predictions.predicted),
      bytes(predictions.labels),
      bytes(predictions.splits),
    ]),
  );
}

export async function readPredictions(path: string): Promise<Predictions> {
  const file = await readFile(path);
  if (file.toString('latin1', 0, 8) !== MAGIC) throw new Error(`${path} is not a Ceiling predictions file`);
  const headerLength = file.readUInt32LE(8);
  const header = JSON.parse(file.toString('utf8', 12, 12 + headerLength)) as {
    classes: string[];
    ids: string[];
    splits: SplitName[];
  };
  const n = header.ids.length;
  const c = header.classes.length;
  let offset = 12 + headerLength;
  const take = (byteLength: number) => {
    const copy = new Uint8Array(file.subarray(offset, offset + byteLength)).buffer; // aligned copy
    offset += byteLength;
    return copy;
  };
  return {
    classes: header.classes,
    ids: header.ids,
    probabilities: new Float32Array(take(n * c * 4)),
    confidence: new Float32Array(take(n * 4)),
    predicted: new Uint16Array(take(n * 2)),
    labels: new Uint16Array(take(n * 2)),
    splits: new Uint8Array(take(n)),
  };
}
