import type { SplitName } from '../../../../shared/splits';

/** One split's decoded images: `pixels` holds `ids.length` images of width × height × channels bytes, row-major, HWC. */
export interface DecodedPart {
  ids: string[];
  pixels: Uint8Array;
  /** Class index of each image (into `DecodedDataset.classes`). */
  labels: Uint16Array;
}

/** A split version decoded at one input size: what the training worker reads. */
export interface DecodedDataset {
  splitVersion: number;
  labelFixRevision: number;
  width: number;
  height: number;
  channels: 1 | 3;
  /** Class names; a label's index here is its class index (sorted, so stable across runs of one split). */
  classes: string[];
  parts: Record<SplitName, DecodedPart>;
  /** Items that could not be decoded, left out of every split, with the reason. */
  skipped: { id: string; reason: string }[];
}

export function imageBytes(dataset: Pick<DecodedDataset, 'width' | 'height' | 'channels'>): number {
  return dataset.width * dataset.height * dataset.channels;
}
