import { describe, expect, it } from 'vitest';
import { calibrateConfidentJoint, computeConfidentJoint } from './confident-joint';
import { confidentThresholds } from './confident-thresholds';
import { estimateLabelIssues, flagLabelIssues } from './label-issues';
import { normalizedMargin, selfConfidence } from './label-quality-scores';
import { rankSuspects } from './rank-suspects';
import { roundHalfEven, roundPreservingSum } from './round-preserving-sum';

/**
 * Three classes, eight items; items 2 and 7 are mislabelled (2 looks like class 1, 7 like class 0).
 * Every expected value below is worked out by hand from cleanlab's definitions.
 */
const LABELS = [0, 0, 0, 1, 1, 1, 2, 2];
const PROBS = [
  [0.9, 0.05, 0.05],
  [0.8, 0.1, 0.1],
  [0.1, 0.8, 0.1],
  [0.1, 0.7, 0.2],
  [0.2, 0.7, 0.1],
  [0.3, 0.6, 0.1],
  [0.1, 0.1, 0.8],
  [0.6, 0.1, 0.3],
];

describe('confident thresholds', () => {
  it('are the mean self-confidence of the items GIVEN each label', () => {
    // t0 = (0.9 + 0.8 + 0.1)/3, t1 = (0.7 + 0.7 + 0.6)/3, t2 = (0.8 + 0.3)/2
    const t = confidentThresholds(LABELS, PROBS);
    expect(t[0]).toBeCloseTo(0.6, 12);
    expect(t[1]).toBeCloseTo(2 / 3, 12);
    expect(t[2]).toBeCloseTo(0.55, 12);
  });

  it('give a class nobody is labelled with 2 × the largest probability', () => {
    expect(
      confidentThresholds(
        [0, 1],
        [
          [0.7, 0.2, 0.1],
          [0.3, 0.6, 0.1],
        ],
      )[2],
    ).toBeCloseTo(1.4, 12);
  });

  it('refuse tables that do not fit', () => {
    expect(() => confidentThresholds([0, 1], [[1, 0]])).toThrow(/2 labels but 1/);
    expect(() =>
      confidentThresholds(
        [0, 2],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toThrow(/not a class index/);
    expect(() => confidentThresholds([0], [[1.2, 0]])).toThrow(/outside \[0, 1\]/);
  });
});

describe('confident joint', () => {
  it('counts each item into the class it confidently belongs to', () => {
    // item 2: only p1 = 0.8 ≥ t1 → C[0][1]; item 5: p1 = 0.6 < 2/3 and nothing else passes → not counted;
    // item 7: p0 = 0.6 ≥ t0 (within 1e-6) → C[2][0].
    const joint = computeConfidentJoint(LABELS, PROBS);
    expect(joint.counts).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(joint.confidentLabel).toEqual([0, 0, 1, 1, 1, null, 2, 0]);
  });

  it('takes the argmax when several classes pass, and keeps the diagonal at least 1', () => {
    const joint = computeConfidentJoint(
      [0, 1],
      [
        [0.45, 0.55],
        [0.45, 0.55],
      ],
      [0.4, 0.5],
    );
    expect(joint.confidentLabel).toEqual([1, 1]);
    expect(joint.counts).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it('is calibrated to the label counts, rounded keeping each row total', () => {
    // Two classes: C = [[3, 1], [1, 1]], 5 items labelled 0 and 2 labelled 1.
    // Row 0 · 5/4 = [3.75, 1.25] → [4, 1]; row 1 · 2/2 = [1, 1]; the total is already n = 7.
    const labels = [0, 0, 0, 0, 0, 1, 1];
    const probs = [0.9, 0.9, 0.9, 0.2, 0.5, 0.1, 0.7].map((p0) => [p0, 1 - p0]);
    const joint = computeConfidentJoint(labels, probs);
    expect(joint.thresholds[0]).toBeCloseTo(0.68, 12);
    expect(joint.thresholds[1]).toBeCloseTo(0.6, 12);
    expect(joint.counts).toEqual([
      [3, 1],
      [1, 1],
    ]);
    expect(calibrateConfidentJoint(joint.counts, labels)).toEqual([
      [4, 1],
      [1, 1],
    ]);
    const estimate = estimateLabelIssues(labels, probs);
    expect(estimate.perClass.map((c) => [c.items, c.estimatedWrong, c.flagged])).toEqual([
      [5, 1, 1],
      [2, 1, 1],
    ]);
    expect(estimate.perClass[0]!.estimatedWrongFraction).toBeCloseTo(0.2, 12);
  });

  it('rounds as numpy and cleanlab do: half to even, then the largest losses move up', () => {
    expect([0.5, 1.5, 2.5, -0.5].map(roundHalfEven)).toEqual([0, 2, 2, 0]);
    expect(roundPreservingSum([0.3, 0.45, 0.45])).toEqual([0, 1, 0]);
    expect(roundPreservingSum([0.6, 0.6, 0.6, 0.2])).toEqual([0, 1, 1, 0]);
    expect(roundPreservingSum([3.75, 1.25])).toEqual([4, 1]);
  });
});

describe('label-quality scores', () => {
  it('self_confidence is p̂ of the given label', () => {
    expect(selfConfidence(LABELS, PROBS)).toEqual([0.9, 0.8, 0.1, 0.7, 0.7, 0.6, 0.8, 0.3]);
  });

  it('normalized_margin is (p̂ given − max p̂ other + 1) / 2', () => {
    const expected = [0.925, 0.85, 0.15, 0.75, 0.75, 0.65, 0.85, 0.35];
    normalizedMargin(LABELS, PROBS).forEach((score, i) => expect(score).toBeCloseTo(expected[i]!, 12));
  });
});

describe('suspects', () => {
  it('flags the two mislabelled items and estimates one wrong label in classes 0 and 2', () => {
    expect(flagLabelIssues(LABELS, PROBS)).toEqual([false, false, true, false, false, false, false, true]);
    const estimate = estimateLabelIssues(LABELS, PROBS);
    expect(estimate.calibratedJoint).toEqual([
      [2, 1, 0],
      [0, 3, 0],
      [1, 0, 1],
    ]);
    expect(estimate.perClass.map((c) => c.estimatedWrong)).toEqual([1, 0, 1]);
    expect(estimate.estimatedWrong).toBe(2);
    expect(estimate.flagged).toBe(2);
  });

  it('ranks by score, most suspect first, with the label to suggest', () => {
    const ranked = rankSuspects(LABELS, PROBS, 'self_confidence');
    expect(ranked.map((s) => s.index)).toEqual([2, 7, 5, 3, 4, 1, 6, 0]);
    expect(ranked[0]).toMatchObject({
      givenLabel: 0,
      suggestedLabel: 1,
      suggestedProbability: 0.8,
      isLabelIssue: true,
    });
    expect(ranked[1]).toMatchObject({ givenLabel: 2, suggestedLabel: 0, isLabelIssue: true });
    // Item 5 is not confidently anything: the suggestion is the most probable other class.
    expect(ranked[2]).toMatchObject({ index: 5, suggestedLabel: 0, isLabelIssue: false });
    expect(rankSuspects(LABELS, PROBS, 'normalized_margin').map((s) => s.index)).toEqual([
      2, 7, 5, 3, 4, 1, 6, 0,
    ]);
  });

  it('does not flag an item the model predicts as its given label, even when confidently another class', () => {
    // t0 = (0.5 + 0.9)/2 = 0.7, t1 = 0.4: item 0 (p = [0.5, 0.5]) passes only t1, but with 1e-6 added to
    // its given label the argmax is 0, so it is not flagged.
    const labels = [0, 0, 1];
    const probs = [
      [0.5, 0.5],
      [0.9, 0.1],
      [0.6, 0.4],
    ];
    expect(computeConfidentJoint(labels, probs).confidentLabel[0]).toBe(1);
    expect(flagLabelIssues(labels, probs)[0]).toBe(false);
  });
});
