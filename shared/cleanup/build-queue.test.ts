import { describe, expect, it } from 'vitest';
import { rankPolicyItems, type ScoredCandidate } from './build-queue';

/** Two classes; in each split one item is clearly mislabelled (x2 in dev, y1 in test). */
const candidates: ScoredCandidate[] = [
  { itemId: 'x0', split: 'dev', label: 0, probabilities: [0.9, 0.1] },
  { itemId: 'x1', split: 'dev', label: 0, probabilities: [0.6, 0.4] },
  { itemId: 'x2', split: 'dev', label: 0, probabilities: [0.05, 0.95] },
  { itemId: 'x3', split: 'dev', label: 1, probabilities: [0.2, 0.8] },
  { itemId: 'y0', split: 'test', label: 1, probabilities: [0.3, 0.7] },
  { itemId: 'y1', split: 'test', label: 1, probabilities: [0.99, 0.01] },
  { itemId: 'y2', split: 'test', label: 0, probabilities: [0.8, 0.2] },
];

describe('the policy queue', () => {
  it('ranks each split on its own by self-confidence and interleaves dev and test by rank', () => {
    const { items } = rankPolicyItems(candidates, ['a', 'b'], {
      splits: ['dev', 'test'],
      ranking: 'self_confidence',
      depth: { kind: 'topK', k: 2 },
    });
    // dev scores: x2 .05, x1 .6, x3 .8, x0 .9; test: y1 .01, y0 .7, y2 .8
    expect(items.map((i) => [i.itemId, i.rank])).toEqual([
      ['x2', 1],
      ['y1', 1],
      ['x1', 2],
      ['y0', 2],
    ]);
    expect(items[0]).toMatchObject({ suggestedLabel: 1, isLabelIssue: true, score: 0.05 });
  });

  it('cuts at a score threshold with normalized margin, and leaves out splits not in the policy', () => {
    const { items, estimates } = rankPolicyItems(candidates, ['a', 'b'], {
      splits: ['test'],
      ranking: 'normalized_margin',
      depth: { kind: 'threshold', score: 0.5 },
    });
    // test margins: y1 (0.01 − 0.99 + 1)/2 = 0.01; y0 0.7; y2 0.8
    expect(items.map((i) => i.itemId)).toEqual(['y1']);
    expect(items[0]!.score).toBeCloseTo(0.01, 12);
    expect(estimates.map((e) => e.split)).toEqual(['test']);
    expect(estimates[0]!.perClass.map((c) => c.label)).toEqual(['a', 'b']);
    expect(estimates[0]!.flagged).toBe(1);
  });
});
