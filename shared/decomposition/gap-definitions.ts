/**
 * The gaps of the error decomposition, each with its formula and the knob that closes it.
 *
 * Source: Andrew Ng, "Structuring Machine Learning Projects" (deeplearning.ai / Coursera), week 1
 * ("Avoidable bias", "Understanding human-level performance", "Surpassing human-level performance",
 * "Improving your model performance") and week 2 ("Bias and variance with mismatched data
 * distributions", "Addressing data mismatch"); the same rules in his book "Machine Learning Yearning"
 * ("Comparing to the optimal error rate", "Identifying bias, variance, and data mismatch errors",
 * "Addressing data mismatch"). Orthogonalization: each gap has its own knob, turned without disturbing
 * the others.
 */

/** The measured levels, in pipeline order: each gap goes from one level to the next. */
export type LevelKey = 'human' | 'train' | 'trainDev' | 'dev' | 'test';

export type GapKey = 'avoidableBias' | 'variance' | 'dataMismatch' | 'devOverfitting' | 'varianceOrMismatch';

export interface GapDefinition {
  key: GapKey;
  name: string;
  /** The formula in words, as shown next to the value. */
  formula: string;
  from: LevelKey;
  to: LevelKey;
  /** The knob that closes this gap (orthogonalization), as the end of "… so: <knob>." */
  knob: string;
  /** The knob in a few words, for tables and tooltips. */
  shortKnob: string;
  /** Why a negative value can happen and what it means. */
  negativeNote: string;
}

export const LEVEL_NAMES: Record<LevelKey, string> = {
  human: 'Human level (Bayes proxy)',
  train: 'Train error',
  trainDev: 'Train-dev error',
  dev: 'Dev error',
  test: 'Test error',
};

/** Short names for chart axes and the CLI. */
export const LEVEL_SHORT_NAMES: Record<LevelKey, string> = {
  human: 'human',
  train: 'train',
  trainDev: 'train-dev',
  dev: 'dev',
  test: 'test',
};

export const AVOIDABLE_BIAS: GapDefinition = {
  key: 'avoidableBias',
  name: 'Avoidable bias',
  formula: 'train − human',
  from: 'human',
  to: 'train',
  knob: 'reduce bias — train a bigger model, train longer, use a better optimizer (momentum, RMSprop, Adam), or search for a better architecture or hyperparameters',
  shortKnob: 'bigger model · train longer · better optimizer or architecture',
  negativeNote:
    'Train error is below the best human level: the model beats human level, so avoidable bias can no longer be estimated from human level (Bayes error is somewhere below the train error). Look for progress through error analysis and more data instead of the human benchmark.',
};

export const VARIANCE: GapDefinition = {
  key: 'variance',
  name: 'Variance',
  formula: 'train-dev − train',
  from: 'train',
  to: 'trainDev',
  knob: 'reduce variance — get more training data, add regularization (L2, dropout, data augmentation), or search for a better architecture or hyperparameters',
  shortKnob: 'more data · regularization (L2, dropout, augmentation)',
  negativeNote:
    'Train-dev error is below train error: the model does better on data it never saw than on its training data. Usually noise from a small train-dev set, or a train error measured with dropout or augmentation switched on; there is no variance to reduce.',
};

export const DATA_MISMATCH: GapDefinition = {
  key: 'dataMismatch',
  name: 'Data mismatch',
  formula: 'dev − train-dev',
  from: 'trainDev',
  to: 'dev',
  knob: 'address data mismatch — do error analysis to see how training data differs from dev/test, then collect more data like the target distribution, synthesize it (artificial data synthesis), or re-weight training data toward it',
  shortKnob: 'more target-like data · data synthesis · re-weighting · error analysis of the mismatch',
  negativeNote:
    'Dev error is below train-dev error: the target (dev/test) data is easier than the training data. Nothing to fix here; it can happen when the target distribution is cleaner.',
};

export const DEV_OVERFITTING: GapDefinition = {
  key: 'devOverfitting',
  name: 'Dev overfitting',
  formula: 'test − dev',
  from: 'dev',
  to: 'test',
  knob: 'stop overfitting the dev set — get a bigger dev set and tune less against it',
  shortKnob: 'bigger dev set · less tuning on dev',
  negativeNote:
    'Test error is below dev error: no sign of overfitting the dev set; the difference is noise from the sizes of the two sets.',
};

/**
 * Shown instead of variance and data mismatch while there is no train-dev error: the train → dev gap
 * holds both, and only a train-dev set (held out from the training distribution) tells them apart.
 */
export const VARIANCE_OR_MISMATCH: GapDefinition = {
  key: 'varianceOrMismatch',
  name: 'Variance + data mismatch',
  formula: 'dev − train',
  from: 'train',
  to: 'dev',
  knob: 'find out which one it is — measure a train-dev error (held out from the training distribution): if dev comes from the training distribution too, the whole gap is variance (more data, regularization); otherwise split it into variance and data mismatch',
  shortKnob: 'measure train-dev error to tell them apart',
  negativeNote:
    'Dev error is below train error: the model does better on dev than on its training data; usually noise from a small dev set, or a train error measured with dropout or augmentation switched on.',
};

/** The four gaps of the decomposition, in pipeline order (human → train → train-dev → dev → test). */
export const GAP_DEFINITIONS: readonly GapDefinition[] = [
  AVOIDABLE_BIAS,
  VARIANCE,
  DATA_MISMATCH,
  DEV_OVERFITTING,
];

/** Every gap's definition by key, including "variance + data mismatch". */
export const GAP_DEFINITION_BY_KEY: Record<GapKey, GapDefinition> = {
  avoidableBias: AVOIDABLE_BIAS,
  variance: VARIANCE,
  dataMismatch: DATA_MISMATCH,
  devOverfitting: DEV_OVERFITTING,
  varianceOrMismatch: VARIANCE_OR_MISMATCH,
};

/** Why the best human level stands in for Bayes error, as said on screen and in exports. */
export const BAYES_PROXY_WHY =
  'Bayes error, the lowest error any classifier could reach, cannot be measured. Human-level error is the best available estimate of it, and the best human comes closest, so the lowest entry is the proxy.';

/** Where that rule comes from. */
export const BAYES_PROXY_SOURCE =
  'Ng, "Structuring Machine Learning Projects": "Understanding human-level performance".';
