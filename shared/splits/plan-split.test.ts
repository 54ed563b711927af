import { describe, expect, it } from 'vitest';
import type { Split } from '../items';
import type { Hash64 } from './near-duplicates';
import { planSplit, type PlanItem } from './plan-split';
import { SplitSettingsSchema, type SplitSettingsInput } from './split-schemas';
import { hash53 } from './split-hash';

const LABELS = ['cat', 'dog', 'fox', 'owl'];

/** Items with 20-hex ids, one class per index modulo 4; `source` for all of them. */
function makeItems(count: number, source: string | null, offset = 0): PlanItem[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const id = (hash53(`${source}/${i}`, 1).toString(16) + '00000000000000000000').slice(0, 20);
    return {
      id,
      path: `${source ?? 'x'}/${i}.png`,
      label: LABELS[i % LABELS.length]!,
      source,
      hash: id,
      split: null,
    };
  });
}

function plan(items: PlanItem[], settings: SplitSettingsInput = {}, perceptual: (Hash64 | null)[] = []) {
  return planSplit({
    items,
    settings: SplitSettingsSchema.parse(settings),
    perceptual: items.map((_, index) => perceptual[index] ?? null),
    frozen: null,
    testLooks: null,
  });
}

function splitById(items: PlanItem[], assignment: string[]): Map<string, string> {
  return new Map(items.map((item, index) => [item.id, assignment[index]!]));
}

describe('planSplit', () => {
  it('follows the size rule for the pool and is deterministic for a seed', () => {
    const items = makeItems(4_000, null);
    const first = plan(items, { seed: 3 });
    const again = plan(items, { seed: 3 });
    expect(first.assignment).toEqual(again.assignment);
    expect(first.preview.ratios).toEqual({ train: 60, dev: 20, test: 20 });
    expect(first.preview.totals.dev).toBeGreaterThan(700);
    expect(first.preview.totals.dev).toBeLessThan(900);
    expect(plan(items, { seed: 4 }).assignment).not.toEqual(first.assignment);
  });

  it('moves no existing item when files are added (thresholds pinned at freeze)', () => {
    const before = makeItems(3_000, 'phone');
    const frozen = plan(before, { targetSource: 'phone', seed: 9 });
    const pinned = { targetSource: 'phone', seed: 9, thresholds: frozen.preview.thresholds };
    const after = [...before, ...makeItems(2_500, 'phone', 10_000), ...makeItems(1_000, 'web')];
    const later = plan(after, pinned);
    const was = splitById(before, frozen.assignment);
    const now = splitById(after, later.assignment);
    for (const item of before) expect(now.get(item.id)).toBe(was.get(item.id));
    // the added items are split by the same thresholds
    expect(later.preview.totals.dev).toBeGreaterThan(frozen.preview.totals.dev);
  });

  it('stratifies by source and class: each stratum gets its exact (rounded) share of dev, test and train-dev', () => {
    const items = [...makeItems(2_000, 'phone'), ...makeItems(6_000, 'web')];
    const { preview } = plan(items, { targetSource: 'phone', ratios: { train: 60, dev: 20, test: 20 } });
    const count = (split: string, source: string, label: string) =>
      preview.counts.find((row) => row.split === split && row.source === source && row.label === label)
        ?.count ?? 0;
    const trainDevShare = preview.thresholds.trainDev;
    for (const label of LABELS) {
      expect(count('dev', 'phone', label)).toBe(100); // 500 phone items per class × 20 %
      expect(count('test', 'phone', label)).toBe(100);
      expect(count('train-dev', 'web', label)).toBe(Math.round(1_500 * trainDevShare));
      expect(count('train-dev', 'phone', label)).toBe(Math.round(300 * trainDevShare));
    }
    expect(preview.totals['train-dev']).toBeGreaterThan(395);
    expect(preview.totals['train-dev']).toBeLessThan(405); // the default: as many as dev (400)
  });

  it('draws dev and test only from the target source, leftovers to train, train-dev from the training mix', () => {
    const items = [...makeItems(1_000, 'phone'), ...makeItems(2_000, 'studio')];
    const { preview } = plan(items, { targetSource: 'phone' });
    const sourcesOf = (split: string) =>
      new Set(preview.counts.filter((row) => row.split === split && row.count > 0).map((row) => row.source));
    expect(sourcesOf('dev')).toEqual(new Set(['phone']));
    expect(sourcesOf('test')).toEqual(new Set(['phone']));
    expect(sourcesOf('train')).toEqual(new Set(['phone', 'studio']));
    expect(sourcesOf('train-dev')).toEqual(new Set(['phone', 'studio']));
    expect(preview.poolSize).toBe(1_000);
    expect(preview.totals.unused).toBe(0);
    // train-dev defaults to the dev size
    expect(Math.abs(preview.totals['train-dev'] - preview.totals.dev)).toBeLessThan(60);
    expect(preview.warnings.map((warning) => warning.code)).toContain('dev-too-small');
  });

  it('keeps leftover target items out of training when asked, and says what that costs', () => {
    const items = [...makeItems(1_000, 'phone'), ...makeItems(2_000, 'studio')];
    const { preview } = plan(items, { targetSource: 'phone', leftoverTargetToTrain: false });
    expect(preview.totals.unused).toBeGreaterThan(500);
    expect(preview.counts.filter((row) => row.split === 'train' && row.source === 'phone')).toEqual([]);
    expect(preview.warnings.find((warning) => warning.code === 'target-unused')?.message).toMatch(
      /target items are in no split/,
    );
  });

  it('never lets an exact or near duplicate group straddle splits, and reports what moved', () => {
    const phone = makeItems(400, 'phone');
    const studio = makeItems(400, 'studio');
    // exact copies: phone items duplicated inside phone (same content hash) and into studio
    const copies: PlanItem[] = phone.slice(0, 60).map((item, n) => ({
      ...item,
      id: `${item.id.slice(0, 19)}${n % 2 ? 'a' : 'b'}`.slice(0, 20) + '-2',
      path: `${n % 2 ? 'studio' : 'phone'}/copy-${n}.png`,
      source: n % 2 ? 'studio' : 'phone',
    }));
    const items = [...phone, ...studio, ...copies];
    // near duplicates: perceptual hashes 1–3 bits apart between phone[100+k] and studio[k]
    const perceptual: (Hash64 | null)[] = items.map((_, index) => ({
      hi: hash53(`p${index}`, 2) >>> 0,
      lo: index,
    }));
    for (let k = 0; k < 40; k++) {
      const a = 100 + k;
      const b = phone.length + k;
      perceptual[b] = { hi: perceptual[a]!.hi, lo: (perceptual[a]!.lo ^ (k % 3 ? 0b101 : 0b1)) >>> 0 };
    }
    const { preview, assignment } = plan(items, { targetSource: 'phone', nearThreshold: 4 }, perceptual);
    const groups = new Map<string, Set<string>>();
    items.forEach((item, index) => {
      const key = item.hash;
      if (!groups.has(key)) groups.set(key, new Set());
      groups.get(key)!.add(assignment[index]!);
    });
    for (const splits of groups.values()) expect(splits.size).toBe(1);
    for (let k = 0; k < 40; k++) {
      expect(assignment[phone.length + k]).toBe(assignment[100 + k]);
      expect(['train', 'train-dev']).toContain(assignment[100 + k]); // a group with a studio item trains
    }
    expect(preview.leakage.exactGroups).toBe(60);
    expect(preview.leakage.nearGroups).toBe(40);
    expect(preview.leakage.straddlingGroups).toBe(0);
    expect(preview.leakage.movedItems).toBeGreaterThan(0);
    const listed = preview.leakage.groups.find((group) => group.kind === 'near')!;
    expect(listed.reason).toMatch(/non-target items, which cannot be in dev or test/);
  });

  it('respects splits from a manifest column and warns where they break the rules', () => {
    const phone = makeItems(200, 'phone');
    const studio = makeItems(200, 'studio').map((item, n) => ({
      ...item,
      split: (n < 30 ? 'dev' : 'train') as Split,
    }));
    const { preview, assignment } = plan([...phone, ...studio], { targetSource: 'phone' });
    studio.forEach((item, n) => expect(assignment[phone.length + n]).toBe(item.split));
    const codes = preview.warnings.map((warning) => warning.code);
    expect(codes).toContain('dev-test-not-target');
    expect(codes).toContain('dev-test-different-distributions');
    expect(preview.warnings.find((w) => w.code === 'dev-test-not-target')!.numbers.items).toBe(30);
  });

  it('names a class missing from a split', () => {
    const items = [...makeItems(300, 'phone'), ...makeItems(300, 'studio')].map((item) =>
      item.source === 'phone' && item.label === 'owl' ? { ...item, source: 'studio' } : item,
    );
    const { preview } = plan(items, { targetSource: 'phone' });
    const missing = preview.warnings.filter((warning) => warning.code === 'class-missing');
    expect(missing.map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(/^Dev has no item of class owl/),
    );
  });

  it('refuses bad input with a message that says what to change', () => {
    const items = makeItems(100, 'phone');
    expect(() => plan(items, { targetSource: 'tablet' })).toThrow(
      'There is no source "tablet" in this data. Known sources: "phone".',
    );
    expect(() => plan(items, { ratios: { train: 70, dev: 20, test: 20 } })).toThrow(/add up to 110 %/);
    expect(() => plan(items, { ratios: { train: 110, dev: -5, test: -5 } })).toThrow(/cannot be negative/);
    expect(() => plan([{ ...items[0]!, label: ' ' }], {})).toThrow(/empty class label/);
    expect(() => plan([], {})).toThrow(/no items to split/);
    expect(() => plan(items, { trainDevSize: 5_000 })).toThrow(/more than the training mix holds/);
  });
});
