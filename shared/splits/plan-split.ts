/**
 * The whole split of a project as one pure function: validate the settings, resolve the thresholds,
 * draw every item, pass the leakage gate (duplicate groups kept inside one split), count, and warn.
 * The services feed it items and perceptual hashes; the result is what the Split screen shows and what
 * freezing writes.
 */
import type { Split } from '../items';
import { describeDevResolution, smallestResolvableDifference } from './dev-resolution';
import {
  drawSplit,
  inPool,
  resolveThresholds,
  SplitSettingsError,
  stratumCuts,
  type DrawRules,
} from './assign-split';
import { findNearPairs, type Hash64 } from './near-duplicates';
import { SIZE_RULE_SOURCE, SIZE_RULE_TEXT } from './recommended-ratios';
import type {
  LeakageGroup,
  LeakageReport,
  SplitOrUnused,
  SplitPreview,
  SplitSettings,
  TestLooks,
} from './split-schemas';
import { SplitCounter } from './split-counts';
import { groupDuplicates, type Link } from './duplicate-groups';
import { collectWarnings } from './split-warnings';

export interface PlanItem {
  id: string;
  path: string;
  label: string;
  source: string | null;
  /** Content hash: equal = exact duplicates. */
  hash: string;
  /** The manifest's split column. */
  split: Split | null;
}

export interface PlanInput {
  items: readonly PlanItem[];
  settings: SplitSettings;
  /** The perceptual hash of each item (same order), null where none could be computed. */
  perceptual: readonly (Hash64 | null)[];
  /** The current frozen version, to count what would change. */
  frozen: { version: number; splitOf: (id: string) => SplitOrUnused | undefined } | null;
  testLooks: TestLooks | null;
}

export interface Plan {
  preview: SplitPreview;
  /** The final split of each input item, in input order. */
  assignment: SplitOrUnused[];
}

/** At most this many groups are listed in the leakage report (all are counted). */
export const LISTED_GROUPS = 200;

export function planSplit(input: PlanInput): Plan {
  const { items, settings } = input;
  const sourceOf = (item: PlanItem) => item.source ?? '';
  const sourceCounts = countValues(items.map(sourceOf));
  const sources = [...sourceCounts.keys()].sort();
  validate(items, settings, sources);

  const fixed = (item: PlanItem) => settings.respectManifestSplits && item.split !== null;
  let pool = 0;
  let poolFree = 0;
  let othersFree = 0;
  for (const item of items) {
    const inside = inPool(sourceOf(item), settings.targetSource);
    if (inside) pool++;
    if (!fixed(item)) {
      if (inside) poolFree++;
      else othersFree++;
    }
  }
  const resolved = resolveThresholds(settings, { pool, poolFree, othersFree });
  const subjects = items.map((item) => ({
    key: item.id,
    source: sourceOf(item),
    label: item.label,
    manifestSplit: item.split,
  }));
  const rules: DrawRules = { ...settings, thresholds: resolved.thresholds };
  if (resolved.ratiosFrom !== 'pinned')
    rules.thresholds = { ...rules.thresholds, strata: stratumCuts(subjects, rules) };
  const drawn = subjects.map((subject) => drawSplit(subject, rules));

  const { assignment, leakage } = leakageGate(input, drawn, fixed, sourceOf);

  const counter = new SplitCounter();
  items.forEach((item, index) => counter.add(assignment[index]!, sourceOf(item), item.label));
  const { totals } = counter;
  const counts = counter.rows();

  const labels = [...new Set(items.map((item) => item.label))].sort();
  const target = settings.targetSource;
  let devTestOutside = 0;
  if (target !== null)
    items.forEach((item, index) => {
      const split = assignment[index];
      if ((split === 'dev' || split === 'test') && sourceOf(item) !== target) devTestOutside++;
    });
  const warnings = collectWarnings({
    settings,
    counts,
    totals,
    labels,
    sources,
    devTestOutsideTarget: devTestOutside,
    straddlingGroups: leakage.straddlingGroups,
    testLooks: input.testLooks,
    frozenVersion: input.frozen?.version ?? null,
  });

  let changedFromFrozen: number | null = null;
  if (input.frozen) {
    changedFromFrozen = 0;
    items.forEach((item, index) => {
      const before = input.frozen!.splitOf(item.id);
      if (before !== undefined && before !== assignment[index]) changedFromFrozen!++;
    });
  }

  const preview: SplitPreview = {
    settings,
    itemCount: items.length,
    sources: sources.map((value) => ({ value, count: sourceCounts.get(value)! })),
    poolSize: pool,
    recommended: { n: pool, ratios: resolved.recommended, rule: SIZE_RULE_TEXT, source: SIZE_RULE_SOURCE },
    ratios: resolved.ratios,
    ratiosFrom: resolved.ratiosFrom,
    thresholds: rules.thresholds,
    counts,
    totals,
    devResolution: {
      n: totals.dev,
      difference: Number.isFinite(smallestResolvableDifference(totals.dev))
        ? smallestResolvableDifference(totals.dev)
        : 1,
      text: describeDevResolution(totals.dev),
    },
    warnings,
    leakage,
    changedFromFrozen,
  };
  return { preview, assignment };
}

/** Bad inputs get a message that says what to change; nothing is computed from them. */
function validate(items: readonly PlanItem[], settings: SplitSettings, sources: string[]): void {
  if (items.length === 0)
    throw new SplitSettingsError('There are no items to split: import the dataset first.');
  const unlabelled = items.find((item) => item.label.trim() === '');
  if (unlabelled)
    throw new SplitSettingsError(
      `${unlabelled.path} has an empty class label: every item needs a class to be split by class.`,
    );
  const target = settings.targetSource;
  if (target !== null && !sources.includes(target)) {
    const known = sources.map((source) => (source === '' ? '"" (items without a source)' : `"${source}"`));
    throw new SplitSettingsError(
      `There is no source "${target}" in this data. Known sources: ${known.join(', ')}.`,
    );
  }
}

function countValues(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

const TRAINING: ReadonlySet<SplitOrUnused> = new Set(['train', 'train-dev']);

/**
 * The leakage gate. Exact duplicates (equal content hash) and near-duplicates (perceptual hashes within
 * the threshold) are linked into groups (duplicate-groups.ts: chains of look-alikes are broken up);
 * with keep-together on, each group goes to one split: the split
 * the first member (by id) drew, except that a group holding a non-target item can only train (dev and
 * test must be target-only). Manifest-fixed members never move; the others follow them.
 */
function leakageGate(
  input: PlanInput,
  drawn: SplitOrUnused[],
  fixed: (item: PlanItem) => boolean,
  sourceOf: (item: PlanItem) => string,
): { assignment: SplitOrUnused[]; leakage: LeakageReport } {
  const { items, settings, perceptual } = input;
  const n = items.length;
  // links: exact copies (same content hash, distance −1) and near-duplicates (perceptual hashes)
  const links: Link[] = [];
  const firstByHash = new Map<string, number>();
  items.forEach((item, index) => {
    const first = firstByHash.get(item.hash);
    if (first === undefined) firstByHash.set(item.hash, index);
    else links.push({ a: first, b: index, distance: -1 });
  });
  const hashedIndex: number[] = [];
  const hashes: Hash64[] = [];
  perceptual.forEach((hash, index) => {
    if (hash) {
      hashedIndex.push(index);
      hashes.push(hash);
    }
  });
  for (const pair of findNearPairs(hashes, settings.nearThreshold)) {
    const a = hashedIndex[pair.a]!;
    const b = hashedIndex[pair.b]!;
    if (items[a]!.hash !== items[b]!.hash) links.push({ a, b, distance: pair.distance });
  }
  const grouping = groupDuplicates(links, settings.nearThreshold);

  const assignment = [...drawn];
  const listed: LeakageGroup[] = [];
  let exactGroups = 0;
  let nearGroups = 0;
  let movedItems = 0;
  let straddlingGroups = 0;
  let listedOf = 0;
  const idOrder = (a: number, b: number) => (items[a]!.id < items[b]!.id ? -1 : 1);
  for (const { members, maxDistance } of grouping.groups) {
    members.sort(idOrder);
    const isNear = maxDistance >= 0;
    if (isNear) nearGroups++;
    else exactGroups++;
    let reason: string;
    if (settings.keepDuplicatesTogether) {
      const fixedMembers = members.filter((index) => fixed(items[index]!));
      const hasOutsider = members.some((index) => !inPool(sourceOf(items[index]!), settings.targetSource));
      let destination: SplitOrUnused;
      if (fixedMembers.length > 0) {
        destination = drawn[fixedMembers[0]!]!;
        reason = `follows the manifest's split of ${items[fixedMembers[0]!]!.path}`;
      } else {
        const anchor = members.find((index) => !hasOutsider || TRAINING.has(drawn[index]!)) ?? members[0]!;
        destination = drawn[anchor]!;
        reason = hasOutsider
          ? `holds non-target items, which cannot be in dev or test, so the group trains (in ${destination}, with ${items[anchor]!.path})`
          : `kept together in ${destination}, where ${items[anchor]!.path} (first by id) was drawn`;
      }
      for (const index of members) {
        if (fixed(items[index]!)) continue;
        let to = destination;
        if ((to === 'dev' || to === 'test') && !inPool(sourceOf(items[index]!), settings.targetSource))
          to = 'train'; // a non-target copy of a fixed dev/test item: training is all it may join
        assignment[index] = to;
      }
    } else reason = 'keeping duplicates together is off: reported only';
    const moved = members.filter((index) => assignment[index] !== drawn[index]).length;
    const straddles = new Set(members.map((index) => assignment[index])).size > 1;
    movedItems += moved;
    if (straddles) straddlingGroups++;
    if (moved > 0 || straddles) {
      listedOf++;
      if (listed.length < LISTED_GROUPS)
        listed.push({
          kind: isNear ? 'near' : 'exact',
          maxDistance: Math.max(0, maxDistance),
          members: members.map((index) => {
            const item = items[index]!;
            return {
              id: item.id,
              path: item.path,
              source: sourceOf(item),
              label: item.label,
              drawn: drawn[index]!,
              split: assignment[index]!,
            };
          }),
          moved,
          straddles,
          reason,
        });
    }
  }
  const hashed = hashedIndex.length;
  return {
    assignment,
    leakage: {
      nearThreshold: settings.nearThreshold,
      hashed,
      notHashed: n - hashed,
      exactGroups,
      nearGroups,
      movedItems,
      straddlingGroups,
      tightenedChains: grouping.tightenedChains,
      largestChain: grouping.largestChain,
      groups: listed,
      listedOf,
    },
  };
}
