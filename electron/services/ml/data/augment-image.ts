import type { Augmentation } from '../../../../shared/training/training-config';

/**
 * Train-only augmentation, applied per batch in JavaScript to one image (HWC floats, in place), with
 * fresh random draws each epoch. Decode-time augmentation with sharp would bake one draw into the
 * cache, so every epoch would see the same altered copy; at the input sizes Ceiling trains on (tens of
 * pixels a side) these loops cost microseconds an image.
 */
export function augmentImage(
  image: Float32Array,
  shape: { width: number; height: number; channels: number },
  options: Augmentation,
  random: () => number,
  scratch: Float32Array,
): void {
  if (options.horizontalFlip && random() < 0.5) flipHorizontally(image, shape);
  if (options.maxRotationDegrees > 0) {
    const degrees = (random() * 2 - 1) * options.maxRotationDegrees;
    rotate(image, shape, (degrees * Math.PI) / 180, scratch);
  }
  if (options.blurProbability > 0 && random() < options.blurProbability) blur(image, shape, scratch);
}

function flipHorizontally(image: Float32Array, { width, height, channels }: Shape): void {
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width >> 1; x++)
      for (let c = 0; c < channels; c++) {
        const left = (y * width + x) * channels + c;
        const right = (y * width + (width - 1 - x)) * channels + c;
        const swap = image[left]!;
        image[left] = image[right]!;
        image[right] = swap;
      }
}

/** Rotation about the centre by inverse mapping with bilinear interpolation; outside pixels are 0 (black). */
function rotate(
  image: Float32Array,
  { width, height, channels }: Shape,
  angle: number,
  out: Float32Array,
): void {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      // source point = R(−angle) · (destination − centre) + centre
      const sx = cos * (x - cx) + sin * (y - cy) + cx;
      const sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < channels; c++) {
        const at = (px: number, py: number) =>
          px < 0 || py < 0 || px >= width || py >= height ? 0 : image[(py * width + px) * channels + c]!;
        out[(y * width + x) * channels + c] =
          at(x0, y0) * (1 - fx) * (1 - fy) +
          at(x0 + 1, y0) * fx * (1 - fy) +
          at(x0, y0 + 1) * (1 - fx) * fy +
          at(x0 + 1, y0 + 1) * fx * fy;
      }
    }
  image.set(out.subarray(0, image.length));
}

/** 3×3 binomial blur ([1 2 1]/4 along each axis: the smallest Gaussian approximation), edges clamped. */
function blur(image: Float32Array, { width, height, channels }: Shape, out: Float32Array): void {
  const clamp = (v: number, max: number) => (v < 0 ? 0 : v > max ? max : v);
  for (let pass = 0; pass < 2; pass++) {
    const [dx, dy] = pass === 0 ? [1, 0] : [0, 1];
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++) {
          const at = (px: number, py: number) =>
            image[(clamp(py, height - 1) * width + clamp(px, width - 1)) * channels + c]!;
          out[(y * width + x) * channels + c] = (at(x - dx, y - dy) + 2 * at(x, y) + at(x + dx, y + dy)) / 4;
        }
    image.set(out.subarray(0, image.length));
  }
}

type Shape = { width: number; height: number; channels: number };
