import type { FixLogEntry } from './fix-log-schemas';

/**
 * The entries `cleanup.undo` accepts: per item, the top of its stack of effective decisions (the replay
 * rule of `replayFixLog`: a decision pushes, an undo pops the entry it names). After "keep, relabel, undo
 * the relabel" the keep is undoable again. Returned as a set of seqs; undo entries are never in it.
 */
export function undoableSeqs(entries: readonly FixLogEntry[]): Set<number> {
  const stacks = new Map<string, FixLogEntry[]>();
  for (const entry of entries) {
    const stack = stacks.get(entry.itemId) ?? [];
    if (entry.decision === 'undo') {
      if (stack.at(-1)?.seq === entry.undoes) stack.pop(); // an undo that does not apply is skipped, as in the replay
    } else {
      stack.push(entry);
    }
    stacks.set(entry.itemId, stack);
  }
  const seqs = new Set<number>();
  for (const stack of stacks.values()) {
    const top = stack.at(-1);
    if (top) seqs.add(top.seq);
  }
  return seqs;
}

/** The newest undoable entry (what "undo the last decision" reverts), or undefined when none is left. */
export function lastUndoable(entries: readonly FixLogEntry[]): FixLogEntry | undefined {
  const seqs = undoableSeqs(entries);
  for (let i = entries.length - 1; i >= 0; i--) if (seqs.has(entries[i]!.seq)) return entries[i];
  return undefined;
}
