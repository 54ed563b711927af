import { z } from 'zod';
import { ImportSourceSchema } from './import-report';

export const ProjectSummarySchema = z.object({
  name: z.string(),
  /** Absolute path of the dataset root: every item path is relative to it. */
  datasetRoot: z.string(),
  /** Absolute path of the folder holding the project's state (`<dataset>/.ceiling` by default). */
  projectDir: z.string(),
  importSource: ImportSourceSchema,
  itemCount: z.number().int(),
  lastImportAt: z.string().nullable(),
  /** Things the user must know about this open, e.g. a project file that did not parse and was backed up. */
  warnings: z.array(z.string()),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

export const RecentProjectSchema = z.object({
  name: z.string(),
  datasetRoot: z.string(),
  projectDir: z.string(),
  openedAt: z.string(),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const OpenProjectInputSchema = z.object({
  /** A dataset folder, or a CSV/JSONL manifest file (its folder becomes the dataset root). */
  datasetPath: z.string().min(1, 'give a dataset folder or manifest file'),
  /** Where to keep the project's state; default `<dataset>/.ceiling`. */
  projectDir: z.string().min(1).optional(),
});
