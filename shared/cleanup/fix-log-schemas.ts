import { z } from 'zod';
import { ItemIdSchema } from '../items';
import { RunIdSchema } from '../training/run-schemas';

/** What a reviewer decided about one item. `undo` is written by `cleanup.undo`, never by a reviewer's decision. */
export const REVIEW_DECISIONS = ['relabel', 'keep', 'ambiguous', 'exclude'] as const;
export const ReviewDecisionSchema = z.enum(REVIEW_DECISIONS);
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

export const FixDecisionSchema = z.enum([...REVIEW_DECISIONS, 'undo']);
export type FixDecision = z.infer<typeof FixDecisionSchema>;

/** Where the suspicion came from: the model's ranking, an analyst's "mislabeled" tag, or the reviewer's own pick. */
export const SuspicionSourceSchema = z.enum(['model', 'analyst', 'manual']);
export type SuspicionSource = z.infer<typeof SuspicionSourceSchema>;

/**
 * One line of `<project>/labels/fix-log.jsonl` (append-only, one fsync'd line per entry). The current
 * labels are the imported labels plus the replay of these entries in order; the revision is how many
 * entries there are. `oldLabel` → `newLabel` is the item's current label before and after the entry (equal
 * for keep / ambiguous / exclude). An undo entry names the entry it reverts (`undoes`) and restores what
 * the item was before it.
 */
export const FixLogEntrySchema = z.object({
  seq: z.number().int().positive(),
  itemId: ItemIdSchema,
  decision: FixDecisionSchema,
  oldLabel: z.string(),
  newLabel: z.string(),
  reason: z.string().nullable(),
  /** The reviewer name from the settings (`settings.save`), or the login name when none is set. */
  reviewer: z.string(),
  /** ISO time of the decision. */
  time: z.string(),
  /** The model run whose ranking suggested the item (null: an analyst's tag or the reviewer's own pick). */
  runId: RunIdSchema.nullable(),
  source: SuspicionSourceSchema,
  /** The split the item was in when decided (frozen split), for coverage per split. */
  split: z.string().nullable(),
  /** For `undo`: the seq of the entry it reverts. */
  undoes: z.number().int().positive().nullable(),
});
export type FixLogEntry = z.infer<typeof FixLogEntrySchema>;

/** A line of the log that could not be read: reported with its 1-based line number, and skipped. */
export const FixLogProblemSchema = z.object({ line: z.number().int().positive(), message: z.string() });
export type FixLogProblem = z.infer<typeof FixLogProblemSchema>;

export const FixLogSchema = z.object({
  entries: z.array(FixLogEntrySchema),
  /** Number of entries: the label revision that model runs record. */
  revision: z.number().int().nonnegative(),
  problems: z.array(FixLogProblemSchema),
  /** The last line had no newline and did not parse: an append cut short by a crash (set aside at the next append). */
  tornTail: z.boolean(),
});
export type FixLog = z.infer<typeof FixLogSchema>;

/** An item's review state after replaying the log: its last effective decision (undos removed). */
export const ReviewStateSchema = z.enum(['pending', ...REVIEW_DECISIONS]);
export type ReviewState = z.infer<typeof ReviewStateSchema>;
