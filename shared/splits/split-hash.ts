/**
 * The deterministic coin behind every split: a seeded 53-bit hash of a key (the item id, or the path in
 * manifest mode), scaled to a uniform u in [0, 1). The same key and seed give the same u on every
 * machine and every run; one item's u does not depend on any other item, which is what keeps existing
 * items in place when files are added.
 *
 * The hash is cyrb53 (bryc, public domain: github.com/bryc/code/blob/master/jshash/experimental/cyrb53.js),
 * two 32-bit multiply-xorshift lanes, fast on strings and well mixed for this use (not cryptographic).
 */
export function hash53(key: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** u in [0, 1) for the dev/test draw. */
export function splitCoin(key: string, seed: number): number {
  return hash53(key, seed) / 2 ** 53;
}

/** An independent u for the train-dev draw (a second coin, so train-dev does not correlate with dev/test). */
export function trainDevCoin(key: string, seed: number): number {
  return hash53(key, (seed ^ 0x5bd1e995) >>> 0) / 2 ** 53;
}
