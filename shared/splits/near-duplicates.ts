/**
 * Near-duplicate pairs among 64-bit perceptual hashes without comparing every pair.
 *
 * Multi-index hashing (Norouzi, Punjani & Fleet, "Fast Search in Hamming Space with Multi-Index
 * Hashing", CVPR 2012): cut the 64 bits into t + 1 chunks. If two hashes differ in at most t bits, the
 * t differing bits fall into at most t chunks, so (pigeonhole) at least one chunk is identical. Index every
 * chunk; only hashes sharing a chunk are compared. Identical hashes are grouped first, so a thousand
 * copies of one image cost one entry, not a million comparisons.
 */

/** A 64-bit hash as two unsigned 32-bit halves (JS numbers lose bits above 2^53). */
export interface Hash64 {
  hi: number;
  lo: number;
}

export interface NearPair {
  /** Indices into the input array, a < b. */
  a: number;
  b: number;
  distance: number;
}

/** Number of set bits of a 32-bit integer (SWAR popcount, Hacker's Delight §5-1). */
export function popcount32(value: number): number {
  let v = value >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingDistance(x: Hash64, y: Hash64): number {
  return popcount32(x.hi ^ y.hi) + popcount32(x.lo ^ y.lo);
}

/** Bits [start, start + length) of the 64-bit value hi:lo (bit 0 = lowest bit of lo), length ≤ 32. */
function chunkOf(hash: Hash64, start: number, length: number): number {
  let value: number;
  if (start >= 32) value = hash.hi >>> (start - 32);
  else if (start === 0) value = hash.lo;
  else value = (hash.lo >>> start) | (hash.hi << (32 - start));
  return length >= 32 ? value >>> 0 : (value >>> 0) % 2 ** length;
}

/**
 * Pairs of hashes within Hamming distance `threshold` (0–63): every such pair of distinct values, and
 * each copy of a repeated value linked to its first occurrence — enough to build the groups.
 */
export function findNearPairs(hashes: readonly Hash64[], threshold: number): NearPair[] {
  const pairs: NearPair[] = [];
  // 1. identical hashes: link each to the first of its value
  const firstOfValue = new Map<string, number>();
  const distinct: number[] = [];
  const copiesOf = new Map<number, number[]>();
  hashes.forEach((hash, index) => {
    const key = `${hash.hi >>> 0}:${hash.lo >>> 0}`;
    const first = firstOfValue.get(key);
    if (first === undefined) {
      firstOfValue.set(key, index);
      distinct.push(index);
    } else {
      pairs.push({ a: first, b: index, distance: 0 });
      const copies = copiesOf.get(first);
      if (copies) copies.push(index);
      else copiesOf.set(first, [index]);
    }
  });
  if (threshold <= 0) return pairs;

  // 2. distinct values: t + 1 chunks, lengths differing by at most one bit
  const chunkCount = Math.min(threshold + 1, 64);
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let c = 0, start = 0; c < chunkCount; c++) {
    const length = Math.floor(64 / chunkCount) + (c < 64 % chunkCount ? 1 : 0);
    starts.push(start);
    lengths.push(length);
    start += length;
  }
  const chunks = new Float64Array(distinct.length * chunkCount);
  const buckets = new Map<number, number[]>();
  distinct.forEach((index, d) => {
    const hash = hashes[index]!;
    for (let c = 0; c < chunkCount; c++) {
      const value = chunkOf(hash, starts[c]!, lengths[c]!);
      chunks[d * chunkCount + c] = value;
      const key = c * 2 ** 33 + value;
      const bucket = buckets.get(key);
      if (bucket) {
        for (const other of bucket) {
          // count each pair once: at the first chunk the two share
          let sharedEarlier = false;
          for (let e = 0; e < c && !sharedEarlier; e++)
            sharedEarlier = chunks[other * chunkCount + e] === chunks[d * chunkCount + e];
          if (sharedEarlier) continue;
          const distance = hammingDistance(hashes[distinct[other]!]!, hash);
          if (distance <= threshold) pairs.push({ a: distinct[other]!, b: index, distance });
        }
        bucket.push(d);
      } else buckets.set(key, [d]);
    }
  });
  return pairs;
}
