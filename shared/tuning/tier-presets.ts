import type { Parameter, SearchSpace } from './search-space';

/**
 * The seed's tiers of hyperparameters, in the order to tune them (Andrew Ng, "Improving Deep Neural
 * Networks", week 3, "Tuning process"), with the course's ranges where it gives one:
 *
 * 1. learning rate α: r ∈ [−4, 0], α = 10^r (the course's example)
 * 2. momentum β ∈ [0.9, 0.999] on the log-complement scale (the course's example); hidden units 50–100
 *    (the course's example); mini-batch size 64, 128, 256, 512 (the course: powers of 2)
 * 3. layers 2–4 (the course's example); learning-rate decay rate (ours: log-uniform 0.01–1; applied as
 *    α = α₀ / (1 + decay)^epoch, see apply-params.ts, the course's α₀ / (1 + decay · epoch) at epochs 0, 1)
 * 4. Adam's β1, β2, ε (the course: almost never tuned; defaults 0.9, 0.999, 1e-8; ranges ours around them)
 */
export const TIER_PRESETS: readonly Parameter[] = [
  { name: 'learning_rate', scale: 'log_uniform', low: 1e-4, high: 1, tier: 1 },
  { name: 'momentum', scale: 'log_complement', low: 0.9, high: 0.999, tier: 2 },
  { name: 'hidden_units', scale: 'int', low: 50, high: 100, tier: 2 },
  { name: 'batch_size', scale: 'choice', choices: [64, 128, 256, 512], tier: 2 },
  { name: 'layers', scale: 'int', low: 2, high: 4, tier: 3 },
  { name: 'learning_rate_decay', scale: 'log_uniform', low: 0.01, high: 1, tier: 3 },
  { name: 'adam_beta1', scale: 'log_complement', low: 0.8, high: 0.99, tier: 4 },
  { name: 'adam_beta2', scale: 'log_complement', low: 0.99, high: 0.9999, tier: 4 },
  { name: 'adam_epsilon', scale: 'log_uniform', low: 1e-10, high: 1e-6, tier: 4 },
];

/** The preset parameters up to and including `maxTier` (1: the learning rate alone). */
export function presetSearchSpace(maxTier: 1 | 2 | 3 | 4): SearchSpace {
  return {
    parameters: TIER_PRESETS.filter((parameter) => (parameter.tier ?? 4) <= maxTier).map((parameter) => ({
      ...parameter,
      ...(parameter.scale === 'choice' ? { choices: [...parameter.choices] } : {}),
    })) as Parameter[],
  };
}
