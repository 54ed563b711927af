import { describe, expect, it } from 'vitest';
import type { CellPrediction, Item } from '../../../shared/items';
import { ItemIndex, matchesPrediction } from './item-index';

const right: CellPrediction = { predicted: 'cat', confidence: 0.9, correct: true };
const wrong: CellPrediction = { predicted: 'dog', confidence: 0.4, correct: false };
const unknown: CellPrediction = { predicted: 'dog', confidence: null, correct: false };

describe('matchesPrediction', () => {
  it('filters by correctness, "none" being an item the run did not predict', () => {
    expect(matchesPrediction({ correctness: 'correct' }, right)).toBe(true);
    expect(matchesPrediction({ correctness: 'correct' }, wrong)).toBe(false);
    expect(matchesPrediction({ correctness: 'incorrect' }, wrong)).toBe(true);
    expect(matchesPrediction({ correctness: 'none' }, null)).toBe(true);
    expect(matchesPrediction({ correctness: 'none' }, right)).toBe(false);
    expect(matchesPrediction({ correctness: 'incorrect' }, null)).toBe(false);
  });

  it('filters by predicted class and inclusive confidence bounds; an unknown confidence matches no bound', () => {
    expect(matchesPrediction({ predicted: 'dog' }, wrong)).toBe(true);
    expect(matchesPrediction({ predicted: 'dog' }, right)).toBe(false);
    expect(matchesPrediction({ predicted: 'dog' }, null)).toBe(false);
    expect(matchesPrediction({ confidenceMin: 0.9 }, right)).toBe(true);
    expect(matchesPrediction({ confidenceMax: 0.4 }, wrong)).toBe(true);
    expect(matchesPrediction({ confidenceMin: 0.5 }, wrong)).toBe(false);
    expect(matchesPrediction({ confidenceMin: 0.3, confidenceMax: 0.5 }, wrong)).toBe(true);
    expect(matchesPrediction({ confidenceMin: 0 }, unknown)).toBe(false);
    expect(matchesPrediction({ predicted: 'dog' }, unknown)).toBe(true);
    expect(matchesPrediction({}, null)).toBe(true);
  });

  it('applies in ItemIndex.query and facets only when a run is given', () => {
    const item = (n: number, label: string): Item => ({
      id: n.toString(16).padStart(20, '0'),
      hash: n.toString(16).padStart(20, '0'),
      path: `${label}/${n}.png`,
      label,
      source: null,
      split: 'dev',
      bytes: 1,
      width: 1,
      height: 1,
      format: 'png',
      addedAt: '2026-12-04T00:00:00.000Z',
    });
    const index = new ItemIndex([item(1, 'cat'), item(2, 'dog'), item(3, 'cat')]);
    const predictions = new Map([
      [item(1, 'cat').id, right],
      [item(3, 'cat').id, { ...wrong }],
    ]);
    const lookup = (candidate: Item) => predictions.get(candidate.id) ?? null;
    const page = index.query({ correctness: 'incorrect' }, 0, 10, undefined, lookup);
    expect(page.items.map((cell) => [cell.id, cell.prediction])).toEqual([[item(3, 'cat').id, wrong]]);
    expect(index.query({ correctness: 'incorrect' }, 0, 10).total).toBe(3); // no run: the filter is ignored
    expect(index.facets(undefined, lookup)).toMatchObject({
      predicted: [
        { value: 'cat', count: 1 },
        { value: 'dog', count: 1 },
      ],
      correctness: [
        { value: 'correct', count: 1 },
        { value: 'incorrect', count: 1 },
        { value: 'none', count: 1 },
      ],
    });
  });
});
