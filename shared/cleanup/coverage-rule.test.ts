import { describe, expect, it } from 'vitest';
import type { Coverage, SplitCoverage } from './cleanup-schemas';
import { coverageWarning } from './coverage-rule';

const split = (
  inPolicy: number,
  reviewed: number,
  covered = true,
  decidedAnywhere = reviewed,
): SplitCoverage => ({
  inPolicy,
  reviewed,
  fixed: 0,
  kept: reviewed,
  ambiguous: 0,
  excluded: 0,
  decidedAnywhere,
  covered,
});
const coverage = (dev: SplitCoverage, test: SplitCoverage): Coverage => ({
  dev,
  test,
  train: split(0, 0, false),
});

describe('the dev/test coverage rule', () => {
  it('is quiet before dev is reviewed, whatever the policy', () => {
    expect(coverageWarning(coverage(split(50, 0), split(0, 0, false)))).toBeNull();
  });

  it('warns when dev was reviewed under a policy that leaves test out', () => {
    const warning = coverageWarning(coverage(split(50, 3), split(0, 0, false)));
    expect(warning).toContain('leaves test out');
    expect(warning).toContain('3 items');
  });

  it('warns while test is reviewed less deeply than dev, and stops when it catches up', () => {
    expect(coverageWarning(coverage(split(50, 50), split(50, 20)))).toContain('test only 40% (20 of 50)');
    expect(coverageWarning(coverage(split(50, 50), split(50, 50)))).toBeNull();
    expect(coverageWarning(coverage(split(50, 10), split(40, 8)))).toBeNull(); // 20% each
  });

  it('counts dev decisions outside the current queue (an earlier, deeper policy)', () => {
    // the policy now queues nothing in dev, but dev items were decided earlier; test has no decisions
    expect(coverageWarning(coverage(split(0, 0, true, 4), split(30, 0)))).toContain('test only 0%');
  });
});
