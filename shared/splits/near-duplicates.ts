/**
 * Near-duplicate pairs among 64-bit perceptual hashes without comparing every pair.
 *
 * Multi-index hashing (Norouzi, Punjani & Fleet, "Fast Search in Hamming Space with Multi-Index
 * Hashing", CVPR 2012): cut the 64 bits into t + 1 chunks. If two hashes differ in at most t bits, the
 * t differing bits fall into at most t chunks, so (pigeonhole) at least one chunk is identical. Per
 * chunk, the hashes are sorted by that chunk; only hashes in a run of equal chunks are compared. Identical hashes are grouped first, so a thousand
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
  hashes.forEach((hash, index) => {
    const key = `${hash.hi >>> 0}:${hash.lo >>> 0}`;
    const first = firstOfValue.get(key);
    if (first === undefined) {
      firstOfValue.set(key, index);
      distinct.push(index);
    } else {
      pairs.push({ a: first, b: index, distance: 0 });
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
  const count = distinct.length;
  const his = new Uint32Array(count);
  const los = new Uint32Array(count);
  const chunks = new Uint32Array(count * chunkCount);
  for (let d = 0; d < count; d++) {
    const hash = hashes[distinct[d]!]!;
    his[d] = hash.hi;
    los[d] = hash.lo;
    for (let c = 0; c < chunkCount; c++) chunks[d * chunkCount + c] = chunkOf(hash, starts[c]!, lengths[c]!);
  }
  // 3. per chunk, sort by the chunk's value (value · 2^21 + index, exact in a double for up to 2M
  // distinct hashes) and compare within runs of equal values; a pair is counted at the first chunk the
  // two share, so it is reported once
  const keys = new Float64Array(count);
  const INDEX_SPAN = 2 ** 21;
  if (count > INDEX_SPAN) throw new Error(`findNearPairs handles up to ${INDEX_SPAN} distinct hashes`);
  for (let c = 0; c < chunkCount; c++) {
    for (let d = 0; d < count; d++) keys[d] = chunks[d * chunkCount + c]! * INDEX_SPAN + d;
    keys.sort();
    for (let runStart = 0; runStart < count;) {
      const value = Math.floor(keys[runStart]! / INDEX_SPAN);
      let runEnd = runStart + 1;
      while (runEnd < count && Math.floor(keys[runEnd]! / INDEX_SPAN) === value) runEnd++;
      for (let x = runStart; x < runEnd; x++) {
        const a = keys[x]! % INDEX_SPAN;
        for (let y = x + 1; y < runEnd; y++) {
          const b = keys[y]! % INDEX_SPAN;
          let sharedEarlier = false;
          for (let e = 0; e < c && !sharedEarlier; e++)
            sharedEarlier = chunks[a * chunkCount + e] === chunks[b * chunkCount + e];
          if (sharedEarlier) continue;
          const distance = popcount32(his[a]! ^ his[b]!) + popcount32(los[a]! ^ los[b]!);
          if (distance <= threshold) {
            const first = distinct[a]!;
            const second = distinct[b]!;
            pairs.push(
              first < second ? { a: first, b: second, distance } : { a: second, b: first, distance },
            );
          }
        }
      }
      runStart = runEnd;
    }
  }
  return pairs;
}
