import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeToInput } from './decode-image';

describe('decodeToInput', () => {
  it('stretches to the input size, as greyscale or RGB, with transparency flattened onto black', async () => {
    // 40×20 RGBA: left half opaque red, right half fully transparent
    const pixels = Buffer.alloc(40 * 20 * 4);
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) pixels.set([255, 0, 0, 255], (y * 40 + x) * 4);
    const png = await sharp(pixels, { raw: { width: 40, height: 20, channels: 4 } })
      .png()
      .toBuffer();

    const rgb = await decodeToInput(png, { width: 8, height: 8, channels: 3 });
    expect(rgb).toHaveLength(8 * 8 * 3);
    expect(Array.from(rgb.subarray(0, 3))).toEqual([255, 0, 0]); // top-left: red
    expect(Array.from(rgb.subarray(7 * 3, 8 * 3))).toEqual([0, 0, 0]); // top-right: was transparent

    const grey = await decodeToInput(png, { width: 8, height: 8, channels: 1 });
    expect(grey).toHaveLength(8 * 8);
    // libvips: luminance in linear light (Rec. 709: red 0.2126), sRGB-encoded again: ≈ 127
    expect(grey[0]).toBeGreaterThan(110);
    expect(grey[0]).toBeLessThan(140);
    expect(grey[7]).toBe(0);
  });
});
