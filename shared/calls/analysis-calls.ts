import { z } from 'zod';
import {
  EyeballSettingsSchema,
  EyeballSettingsViewSchema,
  EyeballStatusSchema,
} from '../analysis/eyeball-schemas';
import {
  CategoriesResultSchema,
  CategoryIdSchema,
  CategoryOperationSchema,
  CategoryViewSchema,
} from '../analysis/category-schemas';
import {
  AnalysisRunSchema,
  CeilingReportSchema,
  ConfusionReportSchema,
  ExportKindSchema,
  ExportResultSchema,
  RunComparisonSchema,
} from '../analysis/report-schemas';
import {
  SampleCreateInputSchema,
  SampleIdSchema,
  SamplePoolSchema,
  SampleSchema,
  SampleSummarySchema,
} from '../analysis/sample-schemas';
import { ItemIdSchema, ModelRunIdSchema } from '../items';
import { defineCall, NoInput } from './define-call';

/**
 * Error analysis (issue 5): error samples, categories, tags, the ceiling table, confusion pairs, run
 * comparison and the eyeball / blackbox dev split. Every call that changes something has written it to
 * disk before it returns. With the eyeball split on, no call returns a blackbox item.
 */
export const analysisCalls = {
  'analysis.overview': defineCall(
    NoInput,
    z.object({
      runs: z.array(AnalysisRunSchema),
      samples: z.array(SampleSummarySchema),
      categories: z.array(CategoryViewSchema),
      eyeball: EyeballSettingsViewSchema,
      /** The project's classes (for a corrected label). */
      classes: z.array(z.string()),
      /** Problems met reading the analysis files (a damaged file kept aside as .broken-*), to show. */
      warnings: z.array(z.string()),
    }),
    'Runs usable for error analysis (newest first), saved samples (newest first), categories, eyeball settings, classes.',
  ),
  'analysis.sample.create': defineCall(
    SampleCreateInputSchema,
    SampleSchema,
    "Draw a seeded random sample of a run's misclassified dev (or eyeball) items and save it.",
  ),
  'analysis.sample.extend': defineCall(
    z.object({ sampleId: SampleIdSchema, by: z.number().int().positive().max(100_000).default(50) }),
    SampleSchema,
    'Add the next items of the same seeded order to a sample; the items already in it stay first and unchanged.',
  ),
  'analysis.sample.get': defineCall(
    z.object({ sampleId: SampleIdSchema }),
    SampleSchema,
    'A sample with its items in draw order: labels, prediction, top-5 probabilities, categories, note, corrected label.',
  ),
  'analysis.sample.delete': defineCall(
    z.object({ sampleId: SampleIdSchema }),
    z.object({ deleted: z.boolean() }),
    'Delete a saved sample (the tags stay: they belong to the items).',
  ),
  'analysis.categories.save': defineCall(
    CategoryOperationSchema,
    CategoriesResultSchema,
    'Add, rename, recolour, merge, delete or reorder categories; tags follow a rename or merge. Returns the full list.',
  ),
  'analysis.tags.set': defineCall(
    z.object({
      itemIds: z.array(ItemIdSchema).min(1).max(100_000),
      categoryId: CategoryIdSchema,
      /** true: every item carries the category after the call; false: none does (idempotent, so undo = the inverse). */
      on: z.boolean(),
    }),
    z.object({ items: z.array(z.object({ id: ItemIdSchema, categoryIds: z.array(CategoryIdSchema) })) }),
    'Put a category on, or take it off, a set of items; returns their categories.',
  ),
  'analysis.note.set': defineCall(
    z.object({ itemId: ItemIdSchema, note: z.string().max(5000) }),
    z.object({ id: ItemIdSchema, note: z.string() }),
    "Set an item's free-text note ('' clears it).",
  ),
  'analysis.correctedLabel.set': defineCall(
    z.object({ itemId: ItemIdSchema, label: z.string().min(1).nullable() }),
    z.object({ id: ItemIdSchema, correctedLabel: z.string().nullable() }),
    "Set what an item's label should be (one of the project's classes), or null to clear it.",
  ),
  'analysis.report': defineCall(
    z.object({ sampleId: SampleIdSchema }),
    CeilingReportSchema,
    'The ceiling table of a sample: count, share with 95 % Wilson CI, ceiling with interval and gain per category, sorted by gain.',
  ),
  'analysis.confusion': defineCall(
    z.object({ runId: ModelRunIdSchema, pool: SamplePoolSchema.default('dev') }),
    ConfusionReportSchema,
    'Confusion pairs among the dev errors and the dev confusion matrix of a run (pool eyeball: the eyeball part only).',
  ),
  'analysis.compare': defineCall(
    z.object({ runA: ModelRunIdSchema, runB: ModelRunIdSchema }),
    RunComparisonSchema,
    "McNemar's exact test of two runs on the dev items both predicted: is the difference more than noise?",
  ),
  'analysis.eyeball.configure': defineCall(
    EyeballSettingsSchema,
    EyeballSettingsViewSchema,
    'Turn the eyeball / blackbox dev split on or off, with the eyeball fraction and seed.',
  ),
  'analysis.eyeball.status': defineCall(
    NoInput,
    EyeballStatusSchema,
    'The eyeball settings and, per completed run, eyeball and blackbox dev error with an over-fitting warning.',
  ),
  'analysis.export': defineCall(
    z.object({
      sampleId: SampleIdSchema,
      kind: ExportKindSchema,
      /** Absent: `<project>/exports/ceiling-<sample>.csv` or `sample-items-<sample>.csv`; relative: from the project folder. */
      path: z.string().min(1).optional(),
    }),
    ExportResultSchema,
    "Write a sample's ceiling table or its items as CSV (from the UI: inside the project folder).",
  ),
  'analysis.markdown': defineCall(
    z.object({ sampleId: SampleIdSchema }),
    z.object({ markdown: z.string() }),
    "A sample's ceiling table as Markdown (for the clipboard).",
  ),
} as const;
