import { describe, expect, it } from 'vitest';
import type { FixLogEntry } from './fix-log-schemas';
import { lastUndoable, undoableSeqs } from './undoable-entries';

let seq = 0;
function entry(itemId: string, decision: FixLogEntry['decision'], undoes: number | null = null): FixLogEntry {
  seq++;
  return {
    seq,
    itemId,
    decision,
    oldLabel: 'Shirt',
    newLabel: decision === 'relabel' ? 'T-shirt/top' : 'Shirt',
    reason: null,
    reviewer: 'ada',
    time: '2026-12-04T23:00:00.000Z',
    runId: null,
    source: 'model',
    split: 'dev',
    undoes,
  };
}

describe('undoable entries (the replay stack rule)', () => {
  it("offers only each item's latest effective decision", () => {
    seq = 0;
    const log = [entry('a', 'keep'), entry('b', 'relabel'), entry('a', 'relabel')];
    expect([...undoableSeqs(log)].sort()).toEqual([2, 3]);
    expect(lastUndoable(log)?.seq).toBe(3);
  });

  it('makes the earlier decision undoable again once the later one is undone', () => {
    seq = 0;
    const log = [entry('a', 'keep'), entry('a', 'relabel'), entry('a', 'undo', 2), entry('b', 'exclude')];
    expect([...undoableSeqs(log)].sort()).toEqual([1, 4]);
    expect(lastUndoable(log)?.seq).toBe(4);
    expect(lastUndoable(log.slice(0, 3))?.seq).toBe(1);
  });

  it('has nothing to undo when every decision was undone, and skips an undo that does not apply', () => {
    seq = 0;
    const log = [entry('a', 'relabel'), entry('a', 'undo', 1)];
    expect(undoableSeqs(log).size).toBe(0);
    expect(lastUndoable(log)).toBeUndefined();
    seq = 0;
    const bad = [entry('a', 'keep'), entry('a', 'relabel'), entry('a', 'undo', 1)];
    expect([...undoableSeqs(bad)]).toEqual([2]);
  });
});
