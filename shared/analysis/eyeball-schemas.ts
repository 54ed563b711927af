import { z } from 'zod';
import { ModelRunIdSchema } from '../items';

/** analysis/eyeball.json — ML Yearning ch. 17: an eyeball dev set to look at, a blackbox one to measure. */
export const EyeballSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Share of dev items in the eyeball part (by item-id hash: stable when items are added). */
  fraction: z.number().min(0.05).max(0.95),
  seed: z.number().int().min(0).max(0xffffffff),
});
export type EyeballSettings = z.infer<typeof EyeballSettingsSchema>;

export const EyeballSettingsViewSchema = EyeballSettingsSchema.extend({
  /** Dev items of the current frozen split in each part (0 without a split). */
  eyeballItems: z.number().int().nonnegative(),
  blackboxItems: z.number().int().nonnegative(),
});
export type EyeballSettingsView = z.infer<typeof EyeballSettingsViewSchema>;

export const EyeballRunRatesSchema = z.object({
  runId: ModelRunIdSchema,
  created: z.string(),
  eyeballErrorPercent: z.number().nullable(),
  blackboxErrorPercent: z.number().nullable(),
  eyeballCount: z.number().int().nonnegative(),
  blackboxCount: z.number().int().nonnegative(),
  /** Set when, since the previous run, eyeball error fell much faster than blackbox error (see decisions.md). */
  warning: z.string().nullable(),
});
export type EyeballRunRates = z.infer<typeof EyeballRunRatesSchema>;

export const EyeballStatusSchema = z.object({
  settings: EyeballSettingsViewSchema,
  /** Completed runs, oldest first (the warning compares each with the one before). */
  runs: z.array(EyeballRunRatesSchema),
});
export type EyeballStatus = z.infer<typeof EyeballStatusSchema>;
