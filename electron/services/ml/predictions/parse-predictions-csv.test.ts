import { describe, expect, it } from 'vitest';
import type { Item } from '../../../../shared/items';
import { parsePredictionsCsv, type PredictionsCsvContext } from './parse-predictions-csv';

const item = (n: number, label: string): Item => ({
  id: n.toString(16).padStart(20, '0'),
  hash: n.toString(16).padStart(20, '0'),
  path: `${label}/${n}.png`,
  label,
  source: null,
  split: null,
  bytes: 1,
  width: 1,
  height: 1,
  format: 'png',
  addedAt: '2026-12-04T00:00:00.000Z',
});
const items = [item(1, 'cat'), item(2, 'dog'), item(3, 'cat'), item(4, 'dog'), item(5, 'cat')];
const outside = item(9, 'cat');
const context: PredictionsCsvContext = {
  classes: ['cat', 'dog'],
  byId: (id) => [...items, outside].find((candidate) => candidate.id === id),
  byPath: (path) => [...items, outside].find((candidate) => candidate.path === path),
  inSplit: (candidate) => candidate !== outside,
};
const id = (n: number) => n.toString(16).padStart(20, '0');

describe('parsePredictionsCsv', () => {
  it('keeps good rows and reports each bad one by its line, blank lines counted', () => {
    const csv = [
      'id,predicted,p_cat,p_dog', // 1
      `${id(1)},cat,0.9,0.1`, // 2 good
      `${id(2)},bird,0.5,0.5`, // 3 unknown class
      '', // 4 blank
      `${'f'.repeat(20)},cat,1,0`, // 5 unknown id
      `${id(3)},cat,abc,0.1`, // 6 not a number
      `${id(4)},dog,0.3,0.3`, // 7 sum
      `${id(1)},dog,0.2,0.8`, // 8 duplicate of line 2
      `${id(9)},cat,1,0`, // 9 not in the split
      `${id(5)},cat,0.996,0.0`, // 10 within the tolerance
      `${id(2)},dog,0.1`, // 11 too few cells
      `${id(4)},dog,-0.1,1.1`, // 12 out of range
    ].join('\n');
    const parsed = parsePredictionsCsv(csv, context);
    expect(parsed.hasProbabilities).toBe(true);
    expect(parsed.rows.map((row) => [row.line, row.item.id, row.predicted])).toEqual([
      [2, id(1), 0],
      [10, id(5), 0],
    ]);
    expect(Array.from(parsed.rows[0]!.probabilities!)).toEqual([Math.fround(0.9), Math.fround(0.1)]);
    expect(parsed.problems.map((problem) => [problem.line, problem.reason])).toEqual([
      [3, 'unknown class "bird"'],
      [5, `unknown id "${'f'.repeat(20)}"`],
      [6, 'p_cat is "abc": not a probability between 0 and 1'],
      [7, 'the probabilities sum to 0.6000, not 1 (± 0.01)'],
      [8, 'duplicate: the same item as line 2'],
      [9, `item ${id(9)} is in no split of the frozen version`],
      [11, 'expected 4 cells like the header, found 3'],
      [12, 'p_cat is "-0.1": not a probability between 0 and 1'],
    ]);
  });

  it('matches rows by path; without p_ columns the probabilities are null', () => {
    const parsed = parsePredictionsCsv(
      'path,predicted\r\ncat/1.png,dog\r\ndog\\2.png,dog\r\nnope.png,cat\r\n',
      context,
    );
    expect(parsed.hasProbabilities).toBe(false);
    expect(parsed.rows.map((row) => [row.item.id, row.predicted, row.probabilities])).toEqual([
      [id(1), 1, null],
      [id(2), 1, null],
    ]);
    expect(parsed.problems).toEqual([{ line: 4, key: 'nope.png', reason: 'unknown path "nope.png"' }]);
  });

  it('rejects a header without the needed columns, or with probabilities of unknown classes', () => {
    expect(parsePredictionsCsv('file,label\na,b\n', context).problems).toEqual([
      {
        line: 1,
        key: '',
        reason: 'the header must name an "id" or "path" column and a "predicted" column (found: file, label)',
      },
    ]);
    const unknown = parsePredictionsCsv(`id,predicted,p_cat,p_bird\n${id(1)},cat,1,0\n`, context);
    expect(unknown.rows).toEqual([]);
    expect(unknown.problems[0]!.reason).toMatch(/^probability columns of unknown classes: p_bird/);
    expect(parsePredictionsCsv('', context).problems[0]!.line).toBe(1);
  });

  it('counts multi-line quoted cells in the line numbers', () => {
    const csv = `id,predicted,note\n${id(1)},cat,"two\nlines"\n${id(2)},fish,x\n`;
    const parsed = parsePredictionsCsv(csv, context);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems).toEqual([{ line: 4, key: id(2), reason: 'unknown class "fish"' }]);
  });
});
