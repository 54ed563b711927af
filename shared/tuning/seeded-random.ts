/**
 * A seeded pseudo-random generator for search strategies: the same seed gives the same trials on every
 * machine and every run (Math.random cannot be seeded).
 *
 * The generator is sfc32 (Chris Doty-Humphrey's "small fast counting" generator from PractRand, public
 * domain): 128 bits of state, three 32-bit words and a counter, passes PractRand and BigCrush, and needs
 * only 32-bit integer arithmetic, which JavaScript does exactly (`Math.imul`, `>>> 0`). Its state is
 * filled from the seed by splitmix32 (the 32-bit variant of Steele, Lea & Flood's SplitMix, 2014), and the
 * first 12 outputs are dropped, so nearby seeds (1, 2, 3 …) give unrelated streams.
 */
export interface SeededRandom {
  /** A uniform draw in [0, 1) with 32 random bits. */
  next(): number;
  /** A uniform draw in [low, high). */
  uniform(low: number, high: number): number;
  /** A uniform whole number in [0, n). */
  integer(n: number): number;
  /** A standard normal draw (Box–Muller). */
  normal(): number;
  /** An index drawn with probability proportional to `weights` (non-negative, not all 0). */
  weighted(weights: readonly number[]): number;
  /** A copy of `items` in a uniformly random order (Fisher–Yates, Knuth vol. 2 Algorithm P). */
  shuffle<T>(items: readonly T[]): T[];
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator for `seed` (any finite number; its integer part modulo 2³² and its upper bits are mixed in). */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  const fill = splitmix32((whole ^ Math.floor(whole / 2 ** 32)) >>> 0);
  let a = fill();
  let b = fill();
  let c = fill();
  let counter = fill();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextUint32();

  const next = () => nextUint32() / 4294967296;
  let spareNormal: number | null = null;
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    integer: (n) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    weighted: (weights) => {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let target = next() * total;
      for (let i = 0; i < weights.length; i++) {
        target -= weights[i]!;
        if (target < 0) return i;
      }
      // Rounding left a sliver: the last positive weight.
      for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
      throw new RangeError('weights must not all be 0');
    },
    shuffle: <T>(items: readonly T[]) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}
