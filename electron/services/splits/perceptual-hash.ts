import type { Hash64 } from '../../../shared/splits/near-duplicates';
import { openImage } from '../images/open-image';

/**
 * dHash, the "difference hash" (Neal Krawetz, "Kind of Like That", hackerfactor.com, 2013): greyscale,
 * shrink to 9×8 (ignoring the aspect ratio), and set bit (y·8 + x) when pixel (x, y) is brighter than
 * its right-hand neighbour. 64 bits that survive rescaling, recompression, small crops and contrast or
 * brightness changes; near-identical pictures differ in a few bits. Computed with sharp (libvips).
 */
export async function differenceHash(buffer: Uint8Array): Promise<Hash64> {
  const { data, info } = await openImage(buffer)
    .autoOrient()
    .greyscale()
    .resize(9, 8, { fit: 'fill', kernel: 'lanczos3' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== 9 || info.height !== 8 || info.channels !== 1)
    throw new Error(`unexpected dHash raster ${info.width}×${info.height}×${info.channels}`);
  let hi = 0;
  let lo = 0;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      if (data[y * 9 + x]! <= data[y * 9 + x + 1]!) continue;
      const bit = y * 8 + x;
      if (bit < 32) lo |= 1 << bit;
      else hi |= 1 << (bit - 32);
    }
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}
