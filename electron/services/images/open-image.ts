import sharp, { type Sharp } from 'sharp';
import { decode as decodeBmp } from 'fast-bmp';
import { MAX_INPUT_PIXELS } from './image-limits';

/** Why an image could not be used, in the import report's words. */
export class ImageError extends Error {
  constructor(
    readonly code: 'not-an-image' | 'corrupt-image' | 'too-many-pixels',
    message: string,
  ) {
    super(message);
  }
}

function isBmp(buffer: Uint8Array): boolean {
  return buffer.length > 2 && buffer[0] === 0x42 && buffer[1] === 0x4d; // "BM"
}

/**
 * A sharp pipeline over an encoded image, with the pixel limit and strict decoding. libvips has no BMP
 * loader, so BMP files are decoded by fast-bmp (image-js) into raw pixels first.
 */
export function openImage(buffer: Uint8Array): Sharp {
  const options = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS } as const;
  if (!isBmp(buffer)) return sharp(buffer, options);
  let bitmap: ReturnType<typeof decodeBmp>;
  try {
    bitmap = decodeBmp(buffer);
  } catch (error) {
    throw new ImageError('corrupt-image', `BMP could not be decoded: ${(error as Error).message}`);
  }
  if (bitmap.width * bitmap.height > MAX_INPUT_PIXELS) {
    throw new ImageError('too-many-pixels', `${bitmap.width}×${bitmap.height} exceeds the pixel limit`);
  }
  const channels = bitmap.channels as 1 | 2 | 3 | 4;
  return sharp(bitmap.data as Uint8Array, {
    ...options,
    raw: { width: bitmap.width, height: bitmap.height, channels },
  });
}

/** Translate sharp's messages into the report's reasons. */
export function toImageError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message))
    return new ImageError('too-many-pixels', 'the image has more pixels than the limit');
  if (/unsupported image format/i.test(message))
    return new ImageError('not-an-image', 'not a supported image');
  return new ImageError('corrupt-image', `the image is damaged: ${message}`);
}

export interface ImageFacts {
  width: number;
  height: number;
  format: string;
}

/** Header facts, with width/height as displayed (after EXIF orientation). */
export async function readImageFacts(image: Sharp, buffer: Uint8Array): Promise<ImageFacts> {
  const meta = await image.metadata();
  const format = isBmp(buffer) ? 'bmp' : (meta.format ?? 'unknown');
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new ImageError('corrupt-image', 'the image has no size');
  return { width, height, format };
}
