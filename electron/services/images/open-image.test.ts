import { describe, expect, it } from 'vitest';
import { bmpBuffer, pngBuffer } from '../test-support/fixtures';
import { ImageError, openImage, readImageFacts, toImageError } from './open-image';

describe('openImage', () => {
  it('decodes a BMP through fast-bmp into a sharp pipeline', async () => {
    const bmp = bmpBuffer(5, 3);
    const facts = await readImageFacts(openImage(bmp), bmp);
    expect(facts).toEqual({ width: 5, height: 3, format: 'bmp' });
  });

  it('refuses a BMP whose header claims too many pixels before decoding it', () => {
    const bmp = bmpBuffer(2, 2);
    bmp.writeInt32LE(50_000, 18);
    bmp.writeInt32LE(-50_000, 22); // top-down: negative height
    const started = performance.now();
    expect(() => openImage(bmp)).toThrow(ImageError);
    expect(() => openImage(bmp)).toThrow('50000×50000 exceeds the pixel limit');
    expect(performance.now() - started).toBeLessThan(500); // nothing of 2.5 G pixels was allocated
  });

  it('says a truncated PNG could not be decoded, in words a user can act on', async () => {
    const png = await pngBuffer(64, 64, 7);
    const truncated = png.subarray(0, Math.floor(png.length * 0.6));
    const error = await openImage(truncated)
      .raw()
      .toBuffer()
      .then(
        () => null,
        (reason: unknown) => toImageError(reason),
      );
    expect(error?.code).toBe('corrupt-image');
    expect(error?.message).toMatch(/^the image could not be decoded \(.+\)$/);
    expect(error?.message).not.toMatch(/\(\s*\)|Unknown error\)$/);
  });

  it('names non-images as such', () => {
    const error = toImageError(new Error('Input buffer contains unsupported image format'));
    expect(error).toMatchObject({ code: 'not-an-image', message: 'not a supported image' });
  });
});
