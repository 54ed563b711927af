import type { FixLogEntry, FixLogProblem, ReviewDecision, ReviewState } from './fix-log-schemas';

/** What the log says about one item after replay. */
export interface ItemFixState {
  /** The imported label (or, for an item no longer in the dataset, the first entry's old label). */
  originalLabel: string;
  /** The current label. */
  label: string;
  /** The last effective decision, or `pending`. */
  review: ReviewState;
  /** The entry that set it (null when pending). */
  seq: number | null;
  excluded: boolean;
  /** Effective entries, oldest first (an undo removes the last one). */
  stack: FixLogEntry[];
}

export interface ReplayResult {
  /** Items the log touched; items absent keep their original label and are pending. */
  items: Map<string, ItemFixState>;
  /** Entries that could not apply (e.g. an undo of an entry that is not the item's latest), skipped. */
  problems: FixLogProblem[];
  revision: number;
}

/**
 * Current labels = original labels + the log replayed in order (issue 6 §3: fixes never overwrite the
 * dataset). Each item keeps a stack of its effective decisions: a decision pushes, an undo pops the entry
 * it names (which must be the item's latest), so undoing restores exactly what the item was before.
 * `originalLabel` gives an item's imported label; items it does not know (removed from the dataset) are
 * still replayed from the entries' own labels.
 */
export function replayFixLog(
  entries: readonly FixLogEntry[],
  originalLabel: (itemId: string) => string | undefined,
): ReplayResult {
  const items = new Map<string, ItemFixState>();
  const problems: FixLogProblem[] = [];
  entries.forEach((entry) => {
    const original = originalLabel(entry.itemId) ?? entry.oldLabel;
    const state = items.get(entry.itemId) ?? {
      originalLabel: original,
      label: original,
      review: 'pending' as ReviewState,
      seq: null,
      excluded: false,
      stack: [],
    };
    if (entry.decision === 'undo') {
      const top = state.stack.at(-1);
      if (!top || top.seq !== entry.undoes) {
        problems.push({
          line: entry.seq,
          message: `entry ${entry.seq} undoes entry ${entry.undoes ?? '?'}, which is not the latest of item ${entry.itemId}; skipped`,
        });
        return;
      }
      state.stack.pop();
    } else {
      state.stack.push(entry);
    }
    settle(state);
    items.set(entry.itemId, state);
  });
  return { items, problems, revision: entries.length };
}

/** The item's label, review state and exclusion from its stack of effective entries. */
function settle(state: ItemFixState): void {
  const top = state.stack.at(-1);
  state.label = state.originalLabel;
  for (const entry of state.stack) if (entry.decision === 'relabel') state.label = entry.newLabel;
  state.review = top ? (top.decision as ReviewDecision) : 'pending';
  state.seq = top?.seq ?? null;
  state.excluded = top?.decision === 'exclude';
}

/** Why a new decision cannot be appended, or null when it can. */
export function checkDecision(
  state: Pick<ItemFixState, 'label'>,
  decision: ReviewDecision,
  newLabel: string | undefined,
  classes: readonly string[],
): string | null {
  if (decision !== 'relabel') return null;
  if (newLabel === undefined) return 'A relabel needs the new label.';
  if (!classes.includes(newLabel))
    return `"${newLabel}" is not one of the project's classes (${classes.join(', ')}).`;
  if (newLabel === state.label) return `The item is already labelled "${newLabel}": use keep instead.`;
  return null;
}

/** Why an entry cannot be undone, or null when it can (it must be its item's latest effective entry). */
export function checkUndo(
  entries: readonly FixLogEntry[],
  replay: ReplayResult,
  seq: number,
): { entry: FixLogEntry; problem: null } | { entry: FixLogEntry | null; problem: string } {
  const entry = entries.find((candidate) => candidate.seq === seq) ?? null;
  if (!entry) return { entry, problem: `There is no log entry ${seq}.` };
  if (entry.decision === 'undo')
    return { entry, problem: `Entry ${seq} is itself an undo: decide the item again instead.` };
  const top = replay.items.get(entry.itemId)?.stack.at(-1);
  if (!top || (top.seq !== seq && !replay.items.get(entry.itemId)?.stack.some((e) => e.seq === seq)))
    return { entry, problem: `Entry ${seq} was already undone.` };
  if (top.seq !== seq)
    return {
      entry,
      problem: `Entry ${seq} is not the latest decision on item ${entry.itemId} (entry ${top.seq} is): undo that one first.`,
    };
  return { entry, problem: null };
}

/**
 * Revision 0: the labels as imported, before any fix. Runs made from the user's own predictions or
 * model (predictions CSV, TF.js model) score the imported labels and record this revision;
 * `cleanup.beforeAfter` gives their errors under the corrected labels.
 */
export const LABELS_AS_IMPORTED = 0;
