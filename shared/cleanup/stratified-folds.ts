import { seededRandom } from '../tuning/seeded-random';

/**
 * Stratified k-fold assignment (as scikit-learn's StratifiedKFold with shuffle, which cleanlab's
 * `estimate_cross_validated_probabilities` uses): each class's items are shuffled with the seed and dealt
 * round-robin into the k folds, the dealing continuing from where the previous class stopped, so every
 * fold gets ⌊n_c / k⌋ or ⌈n_c / k⌉ items of each class and the fold sizes differ by at most one.
 * Returns each item's fold in [0, k).
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Uint8Array {
  if (!Number.isInteger(k) || k < 2 || k > 255)
    throw new RangeError(`k must be a whole number in [2, 255], not ${k}`);
  const random = seededRandom(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const members = byClass.get(labels[i]!) ?? [];
    members.push(i);
    byClass.set(labels[i]!, members);
  }
  const folds = new Uint8Array(labels.length);
  let dealt = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label)!;
    for (let i = members.length - 1; i > 0; i--) {
      const j = random.integer(i + 1);
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    for (const index of members) folds[index] = dealt++ % k;
  }
  return folds;
}
