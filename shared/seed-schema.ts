import { z } from 'zod';

/** A seed the user sets (splits, training, tuning): an integer in [0, 2³¹ − 1], 0 when not given. */
export const SeedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .default(0);
