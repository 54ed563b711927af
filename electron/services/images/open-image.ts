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
  // Check the size the header claims before decoding, so a tiny file cannot make us allocate gigabytes.
  const claimed = bmpHeaderSize(buffer);
  if (!claimed) throw new ImageError('corrupt-image', 'the BMP header is truncated');
  if (claimed.width * claimed.height > MAX_INPUT_PIXELS) {
    throw new ImageError('too-many-pixels', `${claimed.width}×${claimed.height} exceeds the pixel limit`);
  }
  let bitmap: ReturnType<typeof decodeBmp>;
  try {
    bitmap = decodeBmp(buffer);
  } catch (error) {
    throw new ImageError('corrupt-image', `BMP could not be decoded: ${(error as Error).message}`);
  }
  const channels = bitmap.channels as 1 | 2 | 3 | 4;
  return sharp(bitmap.data as Uint8Array, {
    ...options,
    raw: { width: bitmap.width, height: bitmap.height, channels },
  });
}

/**
 * Width and height from a BMP header: BITMAPCOREHEADER (12 bytes) stores them as uint16 at 18/20,
 * every later header as int32 at 18/22 (height negative for top-down images).
 */
function bmpHeaderSize(buffer: Uint8Array): { width: number; height: number } | null {
  if (buffer.length < 26) return null;
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const headerSize = view.getUint32(14, true);
  if (headerSize === 12) return { width: view.getUint16(18, true), height: view.getUint16(20, true) };
  return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
}

/** Translate sharp's messages into the report's reasons. */
export function toImageError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message))
    return new ImageError('too-many-pixels', 'the image has more pixels than the limit');
  if (/unsupported image format/i.test(message))
    return new ImageError('not-an-image', 'not a supported image');
  // libvips says only "Unknown error" for some truncated files: say what that means in practice.
  const detail = /^\s*unknown error\s*$/i.test(message)
    ? 'the data is probably truncated'
    : message.split('\n')[0];
  return new ImageError('corrupt-image', `the image could not be decoded (${detail})`);
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
