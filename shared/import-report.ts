import { z } from 'zod';

/** Why a file did not become an item. Every reason is listed; none stops the import. */
export const PROBLEM_CODES = [
  'empty-file',
  'too-large',
  'too-many-pixels',
  'not-an-image',
  'corrupt-image',
  'unreadable',
  'outside-root',
  'bad-layout',
  'manifest-row',
] as const;
export const ImportProblemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  /** Path relative to the dataset root when there is one, else what the manifest said. */
  path: z.string(),
  /** 1-based manifest line for manifest problems. */
  line: z.number().int().optional(),
  reason: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const DuplicateGroupSchema = z.object({
  hash: z.string(),
  ids: z.array(z.string()),
  paths: z.array(z.string()),
  /** Different labels on identical content: almost surely a labelling error. */
  conflictingLabels: z.boolean(),
});
export type DuplicateGroup = z.infer<typeof DuplicateGroupSchema>;

export const ImportSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder') }),
  z.object({ kind: z.literal('manifest'), manifestPath: z.string() }),
]);
export type ImportSource = z.infer<typeof ImportSourceSchema>;

export const ImportReportSchema = z.object({
  source: ImportSourceSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  cancelled: z.boolean(),
  /** Candidate files seen (folder) or manifest rows read. */
  seen: z.number().int(),
  items: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  problems: z.array(ImportProblemSchema),
  duplicateGroups: z.array(DuplicateGroupSchema),
  seconds: z.number(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportProgressSchema = z.object({
  phase: z.enum(['scanning', 'reading', 'saving', 'done']),
  done: z.number().int(),
  total: z.number().int(),
  problems: z.number().int(),
  /** Files per second over the reading phase so far. */
  rate: z.number(),
  etaSeconds: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;
