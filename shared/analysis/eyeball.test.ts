import { describe, expect, it } from 'vitest';
import { isEyeballItem } from './eyeball-split';
import { eyeballWarning } from './eyeball-warning';

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => (from + i).toString(16).padStart(20, '0'));

describe('isEyeballItem', () => {
  it('takes about the asked fraction, and adding items never moves an existing one', () => {
    const first = ids(10_000);
    const before = first.map((id) => isEyeballItem(id, 0.3, 9));
    const share = before.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
    // membership depends on the id and seed only: the same answer with 5,000 more items around
    const grown = [...first, ...ids(5_000, 10_000)];
    expect(grown.slice(0, 10_000).map((id) => isEyeballItem(id, 0.3, 9))).toEqual(before);
    // another seed gives another part
    expect(first.map((id) => isEyeballItem(id, 0.3, 10))).not.toEqual(before);
  });
});

describe('eyeballWarning', () => {
  const rates = (eyeballErrors: number, blackboxErrors: number, n = 500) => ({
    eyeballErrors,
    eyeballCount: n,
    blackboxErrors,
    blackboxCount: n,
  });

  it('warns when eyeball error falls much faster than blackbox error', () => {
    // eyeball 20 % → 10 %, blackbox 20 % → 19 %
    expect(eyeballWarning(rates(100, 100), rates(50, 95))).toMatch(
      /^Eyeball error fell 10.0 points but blackbox error only 1.0 points/,
    );
  });

  it('stays quiet when both fall alike, when eyeball gets worse, or when the gap is within noise', () => {
    expect(eyeballWarning(rates(100, 100), rates(60, 62))).toBeNull();
    expect(eyeballWarning(rates(100, 100), rates(110, 100))).toBeNull();
    // 2 of 20 fewer errors on a tiny eyeball set: twice as fast, but well inside the noise
    expect(eyeballWarning(rates(4, 4, 20), rates(2, 4, 20))).toBeNull();
    expect(eyeballWarning(rates(0, 0, 0), rates(0, 0, 0))).toBeNull();
  });
});
