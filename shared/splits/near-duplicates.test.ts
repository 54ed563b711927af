import { describe, expect, it } from 'vitest';
import { findNearPairs, hammingDistance, popcount32, type Hash64 } from './near-duplicates';
import { hash53 } from './split-hash';

/** Deterministic pseudo-random 64-bit hashes, with some near copies planted (a few bits flipped). */
function hashes(count: number, planted: number): Hash64[] {
  const list: Hash64[] = [];
  for (let i = 0; i < count; i++) list.push({ hi: hash53(`hi${i}`, 7) >>> 0, lo: hash53(`lo${i}`, 7) >>> 0 });
  for (let p = 0; p < planted; p++) {
    const base = list[(p * 37) % count]!;
    const flips = 1 + (p % 6); // 1…6 bits: identical copies are tested on their own below
    let { hi, lo } = base;
    for (let f = 0; f < flips; f++) {
      const bit = (p * 13 + f * 29) % 64;
      if (bit < 32) lo = (lo ^ (1 << bit)) >>> 0;
      else hi = (hi ^ (1 << (bit - 32))) >>> 0;
    }
    list.push({ hi, lo });
  }
  return list;
}

function bruteForce(list: Hash64[], threshold: number): string[] {
  const pairs: string[] = [];
  for (let a = 0; a < list.length; a++)
    for (let b = a + 1; b < list.length; b++) {
      const distance = hammingDistance(list[a]!, list[b]!);
      if (distance <= threshold) pairs.push(`${a}-${b}-${distance}`);
    }
  return pairs.sort();
}

describe('near-duplicate pairs by multi-index hashing', () => {
  it('counts bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
  });

  it.each([0, 1, 2, 4, 6, 9])('finds exactly the pairs brute force finds at threshold %i', (threshold) => {
    const list = hashes(600, 120);
    const found = findNearPairs(list, threshold)
      .map((pair) => `${Math.min(pair.a, pair.b)}-${Math.max(pair.a, pair.b)}-${pair.distance}`)
      .sort();
    expect(found).toEqual(bruteForce(list, threshold));
  });

  it('handles many identical hashes without comparing them pairwise', () => {
    const list = Array.from({ length: 20_000 }, () => ({ hi: 0, lo: 0 }));
    const started = performance.now();
    const pairs = findNearPairs(list, 4);
    expect(pairs).toHaveLength(19_999); // each copy linked to the first: one group
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
