import { describe, expect, it } from 'vitest';
import { fixLogLine, parseFixLogText } from './fix-log-lines';
import type { FixLogEntry } from './fix-log-schemas';
import { checkDecision, checkUndo, replayFixLog } from './replay-fix-log';

const ORIGINAL: Record<string, string> = {
  aaaaaaaaaaaaaaaaaaaa: 'Shirt',
  bbbbbbbbbbbbbbbbbbbb: 'Coat',
  cccccccccccccccccccc: 'Shirt',
};
const originalOf = (id: string) => ORIGINAL[id];

let seq = 0;
function entry(
  itemId: string,
  decision: FixLogEntry['decision'],
  oldLabel: string,
  newLabel: string,
  undoes: number | null = null,
): FixLogEntry {
  return {
    seq: ++seq,
    itemId,
    decision,
    oldLabel,
    newLabel,
    reason: null,
    reviewer: 'ana',
    time: '2026-12-04T23:00:00.000Z',
    runId: null,
    source: 'model',
    split: 'dev',
    undoes,
  };
}

describe('the fix log', () => {
  it('replays to the current labels: relabels change, keep/ambiguous/exclude do not, undo restores', () => {
    seq = 0;
    const log = [
      entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'Shirt', 'T-shirt/top'), // 1
      entry('bbbbbbbbbbbbbbbbbbbb', 'exclude', 'Coat', 'Coat'), // 2
      entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'T-shirt/top', 'Pullover'), // 3
      entry('cccccccccccccccccccc', 'keep', 'Shirt', 'Shirt'), // 4
      entry('aaaaaaaaaaaaaaaaaaaa', 'undo', 'Pullover', 'T-shirt/top', 3), // 5
    ];
    const replay = replayFixLog(log, originalOf);
    expect(replay.revision).toBe(5);
    expect(replay.problems).toEqual([]);
    const a = replay.items.get('aaaaaaaaaaaaaaaaaaaa')!;
    expect([a.label, a.review, a.seq, a.originalLabel]).toEqual(['T-shirt/top', 'relabel', 1, 'Shirt']);
    const b = replay.items.get('bbbbbbbbbbbbbbbbbbbb')!;
    expect([b.label, b.review, b.excluded]).toEqual(['Coat', 'exclude', true]);
    expect(replay.items.get('cccccccccccccccccccc')!.review).toBe('keep');
  });

  it('gives the same labels when replayed from its own text (write, read, replay)', () => {
    seq = 0;
    const log = [
      entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'Shirt', 'T-shirt/top'),
      entry('bbbbbbbbbbbbbbbbbbbb', 'ambiguous', 'Coat', 'Coat'),
      entry('bbbbbbbbbbbbbbbbbbbb', 'undo', 'Coat', 'Coat', 2),
      entry('cccccccccccccccccccc', 'relabel', 'Shirt', 'Coat'),
    ];
    const text = log.map(fixLogLine).join('');
    const parsed = parseFixLogText(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toEqual(log);
    const labels = (entries: FixLogEntry[]) =>
      [...replayFixLog(entries, originalOf).items].map(([id, s]) => [id, s.label, s.review, s.excluded]);
    expect(labels(parsed.entries)).toEqual(labels(log));
    expect(labels(parsed.entries)).toEqual([
      ['aaaaaaaaaaaaaaaaaaaa', 'T-shirt/top', 'relabel', false],
      ['bbbbbbbbbbbbbbbbbbbb', 'Coat', 'pending', false],
      ['cccccccccccccccccccc', 'Coat', 'relabel', false],
    ]);
  });

  it('reports a corrupt line by its number and keeps reading (never fatal)', () => {
    seq = 0;
    const first = fixLogLine(entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'Shirt', 'Coat'));
    const third = fixLogLine(entry('bbbbbbbbbbbbbbbbbbbb', 'keep', 'Coat', 'Coat'));
    const text = `${first}{"seq": 7, "itemId": "not an id"}\n\n${third}garbage here\n`;
    const parsed = parseFixLogText(text);
    expect(parsed.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(parsed.revision).toBe(2);
    expect(parsed.tornTail).toBe(false);
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 5]);
    expect(parsed.problems[0]!.message).toContain('not a fix-log entry');
    expect(parsed.problems[1]!.message).toContain('not JSON');
  });

  it('detects a torn last line (no newline, not JSON) and says where it starts', () => {
    seq = 0;
    const first = fixLogLine(entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'Shirt', 'Coat'));
    const torn = fixLogLine(entry('bbbbbbbbbbbbbbbbbbbb', 'keep', 'Coat', 'Coat')).slice(0, 40);
    const parsed = parseFixLogText(first + torn);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.tornTail).toBe(true);
    expect(parsed.tornFrom).toBe(first.length);
    expect(parsed.problems).toEqual([{ line: 2, message: expect.stringContaining('cut short') }]);
  });

  it('skips an entry whose seq does not grow', () => {
    seq = 0;
    const one = entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'Shirt', 'Coat');
    const parsed = parseFixLogText(fixLogLine(one) + fixLogLine({ ...one, decision: 'keep' }));
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('does not follow'),
    });
  });

  it('undoes only the latest decision of an item, once', () => {
    seq = 0;
    const log = [
      entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'Shirt', 'Coat'),
      entry('aaaaaaaaaaaaaaaaaaaa', 'keep', 'Coat', 'Coat'),
    ];
    const replay = replayFixLog(log, originalOf);
    expect(checkUndo(log, replay, 1).problem).toContain('undo that one first');
    expect(checkUndo(log, replay, 2).problem).toBeNull();
    expect(checkUndo(log, replay, 9).problem).toContain('no log entry 9');
    const undone = [...log, entry('aaaaaaaaaaaaaaaaaaaa', 'undo', 'Coat', 'Coat', 2)];
    const after = replayFixLog(undone, originalOf);
    expect(checkUndo(undone, after, 2).problem).toContain('already undone');
    expect(checkUndo(undone, after, 3).problem).toContain('itself an undo');
    expect(after.items.get('aaaaaaaaaaaaaaaaaaaa')).toMatchObject({
      label: 'Coat',
      review: 'relabel',
      seq: 1,
    });
  });

  it('reports (and skips) an undo in the log that does not match the latest entry', () => {
    seq = 0;
    const log = [
      entry('aaaaaaaaaaaaaaaaaaaa', 'relabel', 'Shirt', 'Coat'),
      entry('aaaaaaaaaaaaaaaaaaaa', 'keep', 'Coat', 'Coat'),
      entry('aaaaaaaaaaaaaaaaaaaa', 'undo', 'Coat', 'Shirt', 1),
    ];
    const replay = replayFixLog(log, originalOf);
    expect(replay.problems).toHaveLength(1);
    expect(replay.items.get('aaaaaaaaaaaaaaaaaaaa')).toMatchObject({ label: 'Coat', review: 'keep' });
  });

  it('checks a relabel: a known class, not the current label', () => {
    const classes = ['Coat', 'Shirt'];
    expect(checkDecision({ label: 'Shirt' }, 'relabel', 'Coat', classes)).toBeNull();
    expect(checkDecision({ label: 'Shirt' }, 'relabel', 'Shirt', classes)).toContain('already labelled');
    expect(checkDecision({ label: 'Shirt' }, 'relabel', 'Dress', classes)).toContain('not one of');
    expect(checkDecision({ label: 'Shirt' }, 'keep', undefined, classes)).toBeNull();
  });
});
