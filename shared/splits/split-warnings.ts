/**
 * Warnings that teach: each names what is wrong, why it matters (the rule behind it) and what to do,
 * with the numbers kept alongside for scripts.
 */
import { SPLITS } from '../splits';
import {
  describeDevResolution,
  RULE_2_MAX_DEV,
  RULE_2_MIN_DEV,
  smallestResolvableDifference,
} from './dev-resolution';
import type { CountRow, SplitSettings, SplitTotals, SplitWarning, TestLooks } from './split-schemas';

const fmt = (n: number) => n.toLocaleString('en-US');

export function devTooSmall(devItems: number): SplitWarning | null {
  if (devItems >= RULE_2_MIN_DEV) return null;
  const difference = smallestResolvableDifference(devItems);
  return {
    code: 'dev-too-small',
    message:
      `Dev has ${fmt(devItems)} items: ${describeDevResolution(devItems)} (95 % confidence). ` +
      `Rule 2: dev sets of ${fmt(RULE_2_MIN_DEV)}–${fmt(RULE_2_MAX_DEV)} examples are common; a smaller one picks models by noise. ` +
      'Get more target data, or give dev a larger share.',
    numbers: {
      devItems,
      smallestDifferencePoints: Number.isFinite(difference) ? Math.round(difference * 1000) / 10 : -1,
      rule2Min: RULE_2_MIN_DEV,
    },
  };
}

/** A class of the data that has no item in a split: that split's error says nothing about it. */
export function classesMissing(
  counts: readonly CountRow[],
  labels: readonly string[],
  totals: SplitTotals,
): SplitWarning[] {
  const warnings: SplitWarning[] = [];
  for (const split of SPLITS) {
    if (totals[split] === 0) continue; // an empty split has its own message (or is a choice)
    const present = new Set(
      counts.filter((row) => row.split === split && row.count > 0).map((row) => row.label),
    );
    const missing = labels.filter((label) => !present.has(label));
    if (missing.length === 0) continue;
    const shown =
      missing.slice(0, 8).join(', ') + (missing.length > 8 ? `, … (${missing.length} in all)` : '');
    warnings.push({
      code: 'class-missing',
      message:
        `${capitalize(split)} has no item of class ${shown}: ` +
        (split === 'dev' || split === 'test'
          ? `its error says nothing about ${missing.length === 1 ? 'that class' : 'those classes'}. Add target items of ${missing.length === 1 ? 'it' : 'them'}.`
          : `the model never ${split === 'train' ? 'learns' : 'gets checked on'} ${missing.length === 1 ? 'it' : 'them'} there.`),
      numbers: { missingClasses: missing.length },
    });
  }
  return warnings;
}

/** Rule 1: dev and test must come from the same distribution (compared by their source mix). */
export function devTestDifferent(counts: readonly CountRow[]): SplitWarning | null {
  const mix = (split: 'dev' | 'test') => {
    const bySource = new Map<string, number>();
    for (const row of counts)
      if (row.split === split) bySource.set(row.source, (bySource.get(row.source) ?? 0) + row.count);
    return bySource;
  };
  const dev = mix('dev');
  const test = mix('test');
  const devTotal = [...dev.values()].reduce((a, b) => a + b, 0);
  const testTotal = [...test.values()].reduce((a, b) => a + b, 0);
  if (devTotal === 0 || testTotal === 0) return null;
  // total variation distance between the two source mixes
  let distance = 0;
  for (const source of new Set([...dev.keys(), ...test.keys()]))
    distance += Math.abs((dev.get(source) ?? 0) / devTotal - (test.get(source) ?? 0) / testTotal);
  distance /= 2;
  if (distance <= 0.05) return null;
  return {
    code: 'dev-test-different-distributions',
    message:
      `Dev and test come from different source mixes (they differ in ${(distance * 100).toFixed(0)} % of their mass). ` +
      'Rule 1: dev and test must come from the same distribution, or a model tuned on dev can disappoint on test for reasons you cannot see. ' +
      'Draw both from the target source.',
    numbers: { totalVariationDistance: Math.round(distance * 1000) / 1000 },
  };
}

export function devTestNotTarget(items: number, target: string): SplitWarning | null {
  if (items === 0) return null;
  return {
    code: 'dev-test-not-target',
    message:
      `The manifest puts ${fmt(items)} items from sources other than the target "${target || '(none)'}" into dev or test. ` +
      'Dev and test should show the data the product will see; those items belong in training. Ceiling keeps the manifest as it is — fix the column to follow the rule.',
    numbers: { items },
  };
}

export function noTarget(sources: readonly string[]): SplitWarning | null {
  if (sources.length < 2) return null;
  return {
    code: 'no-target',
    message:
      `The data has ${sources.length} sources (${sources.map((s) => s || '(none)').join(', ')}) and no target is marked, so dev and test mix them. ` +
      'Mark the source the product will see as the target: dev and test then aim at it.',
    numbers: { sources: sources.length },
  };
}

export function targetUnused(items: number): SplitWarning | null {
  if (items === 0) return null;
  return {
    code: 'target-unused',
    message:
      `${fmt(items)} target items are in no split: you chose not to train on target items beyond dev and test. ` +
      'The usual advice is the opposite — put them in train, so the model sees the distribution it will be judged on.',
    numbers: { items },
  };
}

export function trainDevEmpty(hasTarget: boolean, trainDev: number): SplitWarning | null {
  if (!hasTarget || trainDev > 0) return null;
  return {
    code: 'train-dev-empty',
    message:
      'There is no train-dev set: with train and dev from different distributions, variance (train-dev − train) and data mismatch (dev − train-dev) cannot be told apart.',
    numbers: { trainDev },
  };
}

export function testLookedAt(looks: TestLooks | null, version: number | null): SplitWarning | null {
  if (!looks || looks.count === 0 || version === null) return null;
  return {
    code: 'test-looked-at',
    message:
      `Test items of split v${version} were opened ${fmt(looks.count)} time${looks.count === 1 ? '' : 's'} ` +
      `(first ${readableTime(looks.firstAt)}, last ${readableTime(looks.lastAt)}). ` +
      'Every decision made by looking at test makes it a second dev set, and its error stops being an unbiased estimate. Do error analysis on dev.',
    numbers: { looks: looks.count },
  };
}

export function leakage(straddling: number, notMoved: 'manifest' | 'report-only'): SplitWarning | null {
  if (straddling === 0) return null;
  return {
    code: 'leakage',
    message:
      `${fmt(straddling)} duplicate group${straddling === 1 ? '' : 's'} still sit${straddling === 1 ? 's' : ''} in more than one split ` +
      (notMoved === 'manifest'
        ? '(the manifest fixes their splits). '
        : '(keeping duplicates together is turned off). ') +
      'A copy in train and another in dev or test makes the error look better than it is.',
    numbers: { straddlingGroups: straddling },
  };
}

/** "2026-12-04 21:49 UTC" from an ISO time: the same for every reader, whatever their locale. */
function readableTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '?';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface WarningFacts {
  settings: SplitSettings;
  counts: readonly CountRow[];
  totals: SplitTotals;
  labels: readonly string[];
  sources: readonly string[];
  /** Dev/test items from outside the target (only a manifest column can put them there). */
  devTestOutsideTarget: number;
  straddlingGroups: number;
  testLooks: TestLooks | null;
  frozenVersion: number | null;
}

/** Every warning that applies to a split, in the order the screen shows them. */
export function collectWarnings(facts: WarningFacts): SplitWarning[] {
  const target = facts.settings.targetSource;
  return [
    devTooSmall(facts.totals.dev),
    devTestDifferent(facts.counts),
    target === null ? null : devTestNotTarget(facts.devTestOutsideTarget, target),
    target === null ? noTarget(facts.sources) : null,
    ...classesMissing(facts.counts, facts.labels, facts.totals),
    targetUnused(facts.totals.unused),
    trainDevEmpty(target !== null, facts.totals['train-dev']),
    leakage(facts.straddlingGroups, facts.settings.keepDuplicatesTogether ? 'manifest' : 'report-only'),
    testLookedAt(facts.testLooks, facts.frozenVersion),
  ].filter((warning) => warning !== null);
}
