import { describe, expect, it } from 'vitest';
import { AugmentationSchema } from '../../../../shared/training/training-config';
import { augmentImage } from './augment-image';

const shape = { width: 4, height: 3, channels: 1 };
const image = () => Float32Array.from({ length: 12 }, (_, i) => i / 12);
const always = () => 0; // random() → 0: flip (0 < ½), angle −max, blur (0 < p)

describe('augmentImage', () => {
  it('changes nothing with the defaults (all off)', () => {
    const pixels = image();
    augmentImage(pixels, shape, AugmentationSchema.parse({}), always, new Float32Array(12));
    expect(pixels).toEqual(image());
  });

  it('mirrors each row', () => {
    const pixels = image();
    augmentImage(
      pixels,
      shape,
      AugmentationSchema.parse({ horizontalFlip: true }),
      always,
      new Float32Array(12),
    );
    expect(Array.from(pixels.subarray(0, 4))).toEqual([3, 2, 1, 0].map((i) => Math.fround(i / 12)));
  });

  it('rotates about the centre (90°: a corner moves to the next one) and blurs towards the mean', () => {
    const square = { width: 3, height: 3, channels: 1 };
    const pixels = new Float32Array(9);
    pixels[0] = 1; // top-left
    augmentImage(
      pixels,
      square,
      AugmentationSchema.parse({ maxRotationDegrees: 30 }),
      () => 0.5,
      new Float32Array(9),
    );
    expect(pixels[0]).toBeCloseTo(1, 6); // random 0.5 → angle 0: unchanged
    const quarter = { horizontalFlip: false, maxRotationDegrees: 90, blurProbability: 0 };
    augmentImage(pixels, square, quarter, () => 1, new Float32Array(9)); // random 1 → +90°
    expect(pixels[2]).toBeCloseTo(1, 6); // top-left → top-right
    expect(pixels[0]).toBeCloseTo(0, 6);
    const spike = new Float32Array(9);
    spike[4] = 1;
    augmentImage(
      spike,
      square,
      AugmentationSchema.parse({ blurProbability: 1 }),
      always,
      new Float32Array(9),
    );
    expect(spike[4]).toBeCloseTo(0.25, 6); // (2/4)²
    expect(spike[0]).toBeCloseTo(1 / 16, 6);
    expect(spike.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6); // blur keeps the mass
  });
});
