import type { Coverage, SplitCoverage } from './cleanup-schemas';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((100 * part) / whole));

/**
 * The dev/test rule of issue 6 §4 ("if you fix dev labels, fix test labels too"; Ng, ML Yearning: dev
 * and test must come from the same distribution — cleaning one and not the other makes them measure
 * different things). The warning applies once any dev item was decided and
 *   - the policy does not cover test, or
 *   - test's share of its in-policy queue that was reviewed is below dev's.
 * Null when dev and test were reviewed alike (or dev not at all).
 */
export function coverageWarning(coverage: Coverage): string | null {
  const { dev, test } = coverage;
  if (dev.decidedAnywhere === 0) return null;
  if (!test.covered) {
    return (
      `Dev labels were reviewed (${dev.decidedAnywhere} item${dev.decidedAnywhere === 1 ? '' : 's'}) under a policy that leaves test out: ` +
      'test was not cleaned the same way, so dev and test no longer measure the same thing. Add test to the policy and review it too.'
    );
  }
  const devShare = share(dev);
  const testShare = share(test);
  if (testShare >= devShare) return null;
  return (
    `Dev is ${percent(dev.reviewed, dev.inPolicy)}% reviewed (${dev.reviewed} of ${dev.inPolicy}) under this policy but test only ` +
    `${percent(test.reviewed, test.inPolicy)}% (${test.reviewed} of ${test.inPolicy}): review test to the same depth, or dev and test measure different things.`
  );
}

function share(split: SplitCoverage): number {
  return split.inPolicy === 0 ? (split.decidedAnywhere > 0 ? 1 : 0) : split.reviewed / split.inPolicy;
}
