import { z } from 'zod';
import { ModelRunIdSchema } from '../items';
import { RunSourceSchema } from '../training/run-schemas';
import { SampleIdSchema } from './sample-schemas';

/** One row of `shared/ceiling/ceiling-table.ts` (shares are fractions, ceilings and gains percent). */
export const CeilingRowSchema = z.object({
  kind: z.enum(['category', 'untagged']),
  id: z.string(),
  name: z.string(),
  count: z.number().int().nonnegative(),
  share: z.number().nullable(),
  shareLow: z.number().nullable(),
  shareHigh: z.number().nullable(),
  ceilingPercent: z.number().nullable(),
  ceilingLowPercent: z.number().nullable(),
  ceilingHighPercent: z.number().nullable(),
  gainPoints: z.number().nullable(),
});
export type CeilingRowView = z.infer<typeof CeilingRowSchema>;

export const CeilingTableSchema = z.object({
  devErrorPercent: z.number(),
  sampledErrors: z.number().int().nonnegative(),
  totalErrors: z.number().int().nonnegative().nullable(),
  rows: z.array(CeilingRowSchema),
  shareSum: z.number().nullable(),
  notes: z.array(z.string()),
  finitePopulationFactor: z.number(),
});

export const CeilingReportSchema = z.object({
  sampleId: SampleIdSchema,
  runId: ModelRunIdSchema,
  seed: z.number().int(),
  /** The run's dev error in percent, over all dev items it predicted. */
  devErrorPercent: z.number(),
  /** Misclassified dev items in the pool the sample came from (the N of the finite-population correction). */
  errorsInPool: z.number().int().nonnegative(),
  sampleSize: z.number().int().nonnegative(),
  tagged: z.number().int().nonnegative(),
  /** Category colours by id, for the chart. */
  colours: z.record(z.string(), z.string()),
  table: CeilingTableSchema,
});
export type CeilingReport = z.infer<typeof CeilingReportSchema>;

/** A run the analysis can use: completed, with dev predictions. */
export const AnalysisRunSchema = z.object({
  id: ModelRunIdSchema,
  source: RunSourceSchema,
  /** e.g. "cnn · 5 epochs" or "imported CSV". */
  label: z.string(),
  created: z.string(),
  splitVersion: z.number().int().positive(),
  devCount: z.number().int().nonnegative(),
  devErrors: z.number().int().nonnegative(),
  devErrorPercent: z.number().nullable(),
});
export type AnalysisRun = z.infer<typeof AnalysisRunSchema>;

export const ConfusionPairSchema = z.object({
  given: z.string(),
  predicted: z.string(),
  count: z.number().int().positive(),
});

export const ConfusionReportSchema = z.object({
  runId: ModelRunIdSchema,
  /** True → predicted counts among the dev (or eyeball) errors, largest first. */
  pairs: z.array(ConfusionPairSchema),
  /** Rows = given label, columns = predicted, over all dev (or eyeball) items the run predicted. */
  matrix: z.object({
    labels: z.array(z.string()),
    counts: z.array(z.array(z.number().int().nonnegative())),
    total: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
  }),
});
export type ConfusionReport = z.infer<typeof ConfusionReportSchema>;

export const RunComparisonSchema = z.object({
  runA: ModelRunIdSchema,
  runB: ModelRunIdSchema,
  /** Dev items both runs predicted: the pairs McNemar's test reads. */
  commonItems: z.number().int().nonnegative(),
  errorPercentA: z.number().nullable(),
  errorPercentB: z.number().nullable(),
  onlyAWrong: z.number().int().nonnegative(),
  onlyBWrong: z.number().int().nonnegative(),
  bothWrong: z.number().int().nonnegative(),
  pValue: z.number(),
  distinguishable: z.boolean(),
  /** A plain sentence: "distinguishable at 5 %" or "could be noise", with the figures. */
  sentence: z.string(),
});
export type RunComparison = z.infer<typeof RunComparisonSchema>;

export const ExportKindSchema = z.enum(['ceiling', 'items']);
export const ExportResultSchema = z.object({
  path: z.string(),
  rows: z.number().int().nonnegative(),
});
