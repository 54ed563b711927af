import { hash53 } from '../splits/split-hash';

export interface MisclassifiedItem {
  id: string;
  given: string;
  predicted: string;
}

export type SampleStratification = 'none' | 'true-class' | 'confusion-pair';

/**
 * Mixed into the seed, so a sample drawn with the split's seed does not reuse the split's coins
 * (`splitCoin` hashes the same ids with the plain seed).
 */
const SAMPLE_SEED_SALT = 0x2c1b3c6d;

/** Joins a confusion pair into one stratum key (U+001F, as the split's stratum keys). */
const SEPARATOR = '\u001f';

function stratumOf(item: MisclassifiedItem, by: SampleStratification): string {
  if (by === 'true-class') return item.given;
  if (by === 'confusion-pair') return `${item.given}${SEPARATOR}${item.predicted}`;
  return '';
}

/**
 * The order in which a seeded error sample takes the misclassified items: a sample of N is the first N
 * of this order, so "+50" appends the next 50 and never changes the first N.
 *
 * Each item gets a key u = cyrb53(id, seed ⊕ salt) / 2⁵³ (the split's seeded hash, `shared/splits/split-hash.ts`):
 * a uniform draw that depends on the item's id and the seed only, not on the order or on the other
 * items, so the same seed over the same errors gives the same sample on every machine.
 *
 * - Unstratified: items by increasing u. Any prefix is a simple random sample without replacement
 *   (sorting i.i.d. uniform keys is a uniformly random permutation).
 * - Stratified (by true class or confusion pair): within a stratum of size n_s items are ranked by u; the
 *   i-th (0-based) gets the position (i + ½)/n_s, and the strata are interleaved by position (ties by u).
 *   Every prefix of length N then holds within one item of N·n_s/n from each stratum (proportional
 *   allocation, as systematic sampling over the strata), and extending it keeps the allocation
 *   proportional: no Alabama paradox of re-allocating each size afresh.
 */
export function errorSampleOrder(
  items: readonly MisclassifiedItem[],
  seed: number,
  stratifyBy: SampleStratification = 'none',
): MisclassifiedItem[] {
  const mixedSeed = (seed ^ SAMPLE_SEED_SALT) >>> 0;
  const keyed = items.map((item) => ({ item, u: hash53(item.id, mixedSeed) / 2 ** 53 }));
  const byKey = (a: { u: number; item: MisclassifiedItem }, b: { u: number; item: MisclassifiedItem }) =>
    a.u - b.u || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0);
  if (stratifyBy === 'none') return keyed.sort(byKey).map(({ item }) => item);

  const strata = new Map<string, typeof keyed>();
  for (const entry of keyed) {
    const key = stratumOf(entry.item, stratifyBy);
    const stratum = strata.get(key);
    if (stratum) stratum.push(entry);
    else strata.set(key, [entry]);
  }
  const positioned: { item: MisclassifiedItem; u: number; position: number }[] = [];
  for (const stratum of strata.values()) {
    stratum.sort(byKey);
    stratum.forEach((entry, i) => positioned.push({ ...entry, position: (i + 0.5) / stratum.length }));
  }
  return positioned.sort((a, b) => a.position - b.position || byKey(a, b)).map(({ item }) => item);
}

/**
 * A seeded sample of `size` misclassified items (Ng's "pull 100 misclassified dev examples"): the first
 * `size` items of `errorSampleOrder`, or all of them when there are fewer. Deterministic in (items, seed,
 * stratification); `drawErrorSample(items, seed, 150)` starts with `drawErrorSample(items, seed, 100)`.
 */
export function drawErrorSample(
  items: readonly MisclassifiedItem[],
  seed: number,
  size: number,
  stratifyBy: SampleStratification = 'none',
): MisclassifiedItem[] {
  if (!Number.isInteger(size) || size < 0)
    throw new RangeError(`sample size must be a whole number ≥ 0, got ${size}`);
  return errorSampleOrder(items, seed, stratifyBy).slice(0, size);
}

/**
 * Extends a saved sample by `more` items (the screen's "+50"): the next items of the same order that are
 * not in the sample yet. The saved items stay first and unchanged, even if the error set changed since
 * (a new model run's errors, an item removed): the sample is what was tagged.
 */
export function extendErrorSample(
  items: readonly MisclassifiedItem[],
  seed: number,
  current: readonly string[],
  more: number,
  stratifyBy: SampleStratification = 'none',
): string[] {
  if (!Number.isInteger(more) || more < 0)
    throw new RangeError(`more must be a whole number ≥ 0, got ${more}`);
  const taken = new Set(current);
  const next = errorSampleOrder(items, seed, stratifyBy)
    .filter((item) => !taken.has(item.id))
    .slice(0, more)
    .map((item) => item.id);
  return [...current, ...next];
}
