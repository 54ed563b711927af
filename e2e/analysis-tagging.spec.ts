import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '../shared/analysis/sample-schemas';
import type { ItemCell, ItemPage } from '../shared/items';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/** The preset categories by hotkey (shared/analysis/preset-categories.ts). */
const BY_KEY: Record<string, string> = {
  '1': 'blurry',
  '2': 'multiple-objects',
  '3': 'unusual-presentation',
  '4': 'mislabeled',
  '5': 'rare-class',
};

/**
 * The tagging screen on the demo project: a run from a predictions CSV (a wrong class for every 6th dev
 * item), a sample drawn in the UI, 20 items tagged with the keyboard only — a shift-arrow range, an
 * undo with `u` and one with Ctrl+Z among them — then a reload shows every tag again, and the items CSV
 * export carries them. Also the detail view (corrected label by type-ahead, a note) and the category
 * editor (add, delete with the count of tags that go).
 */
describe('tagging sampled errors with the keyboard', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];
  let runId = '';
  /** What each of the first 20 items of the sample should carry, by grid position. */
  const expected: string[][] = Array.from({ length: 20 }, () => []);

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  const call = <T>(name: string, input: unknown) => session.call<T>(name, input);
  const cell = (position: number) => page.locator(`[data-testid=tag-cell][data-position="${position}"]`);
  const chipsOf = (position: number) =>
    cell(position)
      .locator('[data-testid=tag-chip]')
      .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-category-id')!).sort());
  const press = async (key: string) => page.keyboard.press(key);
  /** Every chip saved: none pending and nothing in flight. */
  async function settled(): Promise<void> {
    await expect.poll(() => page.locator('[data-testid=tag-chip][data-pending]').count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-saving')).toBeNull();
  }
  async function expectChips(): Promise<void> {
    for (let position = 0; position < 20; position++) {
      await expect
        .poll(() => chipsOf(position), { timeout: 10_000 })
        .toEqual([...expected[position]!].sort());
    }
  }
  function toggle(position: number, key: string): void {
    const id = BY_KEY[key]!;
    const list = expected[position]!;
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
    else list.push(id);
  }

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET, {
      importFirst: true,
      freezeSplit: true,
      viewport: { width: 1700, height: 1250 },
    });
    ({ served, page, consoleErrors } = session);
    const { items } = await call<ItemPage>('items.query', { limit: 5000 });
    const classes = [...new Set(items.map((each) => each.label))].sort();
    const dev = new Set(items.filter((each) => each.split === 'dev').map((each) => each.id));
    let devIndex = 0;
    const row = (each: ItemCell) => {
      const wrong = dev.has(each.id) && devIndex++ % 6 === 0;
      const predicted = wrong
        ? classes[(classes.indexOf(each.label) + 1 + (devIndex % 3)) % classes.length]!
        : each.label;
      // wrong: 60 % on the predicted class, 25 % on the true one; right: 85 %; the rest shared evenly
      const others = classes.length - (wrong ? 2 : 1);
      const p = classes.map((name) =>
        name === predicted ? (wrong ? 0.6 : 0.85) : wrong && name === each.label ? 0.25 : 0.15 / others,
      );
      return `${each.id},${predicted},${p.map((value) => value.toFixed(4)).join(',')}`;
    };
    const csv = [
      `id,predicted,${classes.map((name) => `p_${name}`).join(',')}`,
      ...items.filter((each) => each.split !== null).map(row),
    ].join('\n');
    const report = await session.importPredictions('predictions.csv', csv);
    expect(report.problems).toEqual([]);
    runId = report.runId;
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('draws a sample of the run’s dev errors from the Analyze tab', async () => {
    await page.goto(served.host.url);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByTestId('new-sample-form').waitFor();
    expect(await page.getByTestId('sample-run').inputValue()).toBe(runId);
    await page.getByTestId('sample-size').fill('60');
    await page.getByTestId('sample-seed').fill('42');
    await shot('tagging-00-new-sample');
    await page.getByTestId('create-sample').click();
    await expect.poll(() => page.getByTestId('tag-progress').textContent()).toMatch(/0\s*\/\s*60 tagged/);
    await cell(19).waitFor();
    expect(await cell(0).getAttribute('aria-current')).toBe('true');
  });

  it('tags 20 items with the keyboard only: single keys, a shift-arrow range, undo with u and Ctrl+Z', async () => {
    // items 0–9: blurry, and item 2 also mislabeled, item 7 also rare class
    for (let position = 0; position < 10; position++) {
      await press('1');
      toggle(position, '1');
      if (position === 2) {
        await press('4');
        toggle(position, '4');
      }
      if (position === 7) {
        await press('5');
        toggle(position, '5');
      }
      await press('ArrowRight');
    }
    // items 10–14: a shift-arrow range, then one key tags all five
    for (let step = 0; step < 4; step++) await press('Shift+ArrowRight');
    await expect.poll(() => page.locator('[data-testid=tag-cell][aria-selected=true]').count()).toBe(5);
    expect(await page.getByTestId('selection-count').textContent()).toContain('5');
    await press('2');
    for (let position = 10; position < 15; position++) toggle(position, '2');
    await settled();
    await shot('tagging-02-selection');
    await press('Escape');
    await expect.poll(() => page.locator('[data-testid=tag-cell][aria-selected=true]').count()).toBe(0);
    // item 15: a tag taken back with u, then another
    await press('ArrowRight');
    expect(await cell(15).getAttribute('aria-current')).toBe('true');
    await press('3');
    await expect.poll(() => chipsOf(15)).toEqual(['unusual-presentation']);
    await press('u');
    await expect.poll(() => chipsOf(15)).toEqual([]);
    await press('5');
    toggle(15, '5');
    // items 16–19 with j; on 19 a second tag taken back with Ctrl+Z
    for (let position = 16; position < 20; position++) {
      await press('j');
      await press('3');
      toggle(position, '3');
    }
    await press('2');
    await expect.poll(() => chipsOf(19)).toEqual(['multiple-objects', 'unusual-presentation']);
    await press('Control+z');
    await settled();
    await expectChips();
    expect(await page.getByTestId('tag-progress').textContent()).toMatch(/20\s*\/\s*60 tagged/);
    expect(await page.getByTestId('save-state').textContent()).toContain('saved');
    await shot('tagging-01-grid');
  });

  it('shows every tag again after a reload', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Analyze' }).click();
    await cell(19).waitFor();
    await expectChips();
    expect(await page.getByTestId('tag-progress').textContent()).toMatch(/20\s*\/\s*60 tagged/);
  });

  it('opens the detail view with Enter: top probabilities, a corrected label by type-ahead, a note', async () => {
    for (let step = 0; step < 2; step++) await press('ArrowRight');
    expect(await cell(2).getAttribute('aria-current')).toBe('true');
    await press('Enter');
    await page.getByTestId('tag-detail').waitFor();
    expect(await page.getByTestId('tag-top-class').count()).toBeGreaterThanOrEqual(3);
    const input = page.getByTestId('corrected-label-input');
    await input.click();
    await input.pressSequentially('sh');
    await expect.poll(() => page.getByTestId('class-option').first().textContent()).toMatch(/^\s*Shirt\s*$/);
    await press('Enter');
    await expect.poll(() => page.getByTestId('corrected-label').textContent()).toContain('Shirt');
    // keys typed in a field do not tag
    await page.getByTestId('tag-note').click();
    await page.keyboard.type('sleeve hidden 1234');
    await press('Escape');
    await expect.poll(() => page.getByTestId('tag-detail').locator('.tg-note-state').textContent()).toBe('');
    await expectChips();
    await shot('tagging-03-detail');
    const sample = (await call<{ samples: { id: string }[] }>('analysis.overview', {})).samples[0]!;
    const saved = await call<Sample>('analysis.sample.get', { sampleId: sample.id });
    const item = saved.items.find((each) => each.id === (saved.items[2]?.id ?? ''))!;
    expect(item.correctedLabel).toBe('Shirt');
    expect(item.note).toBe('sleeve hidden 1234');
    await press('Enter');
    await expect.poll(() => page.getByTestId('tag-detail').count()).toBe(0);
  });

  it('shows the keys with ?', async () => {
    await press('?');
    await page.getByTestId('key-help').waitFor();
    await shot('tagging-04-key-help');
    await press('Escape');
    await expect.poll(() => page.getByTestId('key-help').count()).toBe(0);
  });

  it('exports the items CSV with the tags, the corrected label and the note', async () => {
    const sample = (await call<{ samples: { id: string }[] }>('analysis.overview', {})).samples[0]!;
    const saved = await call<Sample>('analysis.sample.get', { sampleId: sample.id });
    const path = join(served.scratch, 'project', 'sample-items.csv');
    const result = await call<{ path: string; rows: number }>('analysis.export', {
      sampleId: sample.id,
      kind: 'items',
      path,
    });
    expect(result.rows).toBe(60);
    const parsed = Papa.parse<Record<string, string>>(await readFile(result.path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(60);
    const names: Record<string, string> = {
      blurry: 'Blurry / low quality',
      'multiple-objects': 'Multiple objects',
      'unusual-presentation': 'Unusual presentation',
      mislabeled: 'Mislabeled',
      'rare-class': 'Rare class',
    };
    parsed.data.forEach((row, position) => {
      expect(row.id).toBe(saved.items[position]!.id);
      expect(row.model_run).toBe(runId);
      expect(row.seed).toBe('42');
      const categories = row.categories ? row.categories.split('; ').sort() : [];
      const want = position < 20 ? expected[position]!.map((id) => names[id]!).sort() : [];
      expect(categories).toEqual(want);
      expect(row.given).not.toBe(row.predicted);
    });
    expect(parsed.data[2]!.corrected_label).toBe('Shirt');
    expect(parsed.data[2]!.note).toBe('sleeve hidden 1234');
  });

  it('edits categories: adds one, and deleting it says how many tags go', async () => {
    await page.getByTestId('edit-categories').click();
    await page.getByTestId('category-editor').waitFor();
    await page.getByTestId('new-category-name').fill('Dark background');
    await page.getByTestId('add-category').click();
    await expect.poll(() => page.getByTestId('editor-row').count()).toBe(6);
    await shot('tagging-05-category-editor');
    await press('Escape');
    await expect.poll(() => page.getByTestId('category-editor').count()).toBe(0);
    // the new category is key 6: tag the current item with it
    await press('6');
    await settled();
    const added = await page.getByTestId('category').nth(5).getAttribute('data-category-id');
    expect(await cell(2).locator(`[data-testid=tag-chip][data-category-id="${added}"]`).count()).toBe(1);
    await page.getByTestId('edit-categories').click();
    await page.getByTestId('editor-delete').nth(5).click();
    await expect.poll(() => page.getByTestId('delete-confirm').textContent()).toMatch(/1 item/);
    await shot('tagging-06-delete-confirm');
    await page.getByTestId('delete-really').click();
    await expect.poll(() => page.getByTestId('editor-row').count()).toBe(5);
    await press('Escape');
    await expect
      .poll(() => cell(2).locator(`[data-testid=tag-chip][data-category-id="${added}"]`).count())
      .toBe(0);
    await expectChips();
  });

  it('selects a range with shift-click; under the untagged filter a freshly tagged item stays in place, dimmed', async () => {
    await cell(30).click();
    await cell(33).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[data-testid=tag-cell][aria-selected=true]').count()).toBe(4);
    await press('Escape');
    await expect.poll(() => page.locator('[data-testid=tag-cell][aria-selected=true]').count()).toBe(0);
    await page.getByTestId('filter-untagged').click();
    await press('Home');
    await expect.poll(() => page.getByTestId('tag-cell').first().getAttribute('aria-current')).toBe('true');
    const firstUntagged = await page.getByTestId('tag-cell').first().getAttribute('data-item-id');
    await press('3');
    await settled();
    // still there (no jump), marked as no longer matching; gone when the filter is applied again
    expect(await page.getByTestId('tag-cell').first().getAttribute('data-item-id')).toBe(firstUntagged);
    expect(await page.getByTestId('tag-cell').first().getAttribute('class')).toContain('tg-stale');
    await shot('tagging-07-untagged-filter');
    await press('u');
    await settled();
    await page.getByTestId('clear-filters').click();
    await expectChips();
  });

  it('opens from a confusion pair on the Ceiling tab, filtered to that pair', async () => {
    await page.getByRole('button', { name: 'Ceiling', exact: true }).click();
    const pair = page.getByTestId('confusion-pair').first();
    const text = (await pair.textContent())!.trim();
    const [given, predicted] = text.split(' → ');
    await pair.click();
    await expect.poll(() => page.getByTestId('filter-pair').inputValue()).toBe(`${given}\u0000${predicted}`);
    const labels = await page
      .getByTestId('tag-cell')
      .evaluateAll((cells) => cells.map((each) => each.getAttribute('aria-label')!.replace(/^\d+: /, '')));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toBe(`${given}, predicted ${predicted}`);
    await shot('tagging-08-from-ceiling-pair');
    await page.getByTestId('clear-filters').click();
    await cell(19).waitFor();
  });

  it('shows a save the server refuses, and takes it back from the screen', async () => {
    await page.keyboard.press('Home');
    await page.getByTestId('edit-categories').click();
    await page.getByTestId('new-category-name').fill('Glare');
    await page.getByTestId('add-category').click();
    await expect.poll(() => page.getByTestId('editor-row').count()).toBe(6);
    await press('Escape');
    // the editor is closed (keys are ignored while a dialog is open) and the bar shows the new category
    await expect.poll(() => page.getByTestId('editor-row').count()).toBe(0);
    await expect.poll(() => page.getByTestId('category').count()).toBe(6);
    const glare = (await page.getByTestId('category').nth(5).getAttribute('data-category-id'))!;
    // another window deletes it meanwhile
    await call('analysis.categories.save', { op: 'delete', id: glare, confirm: true });
    await press('6');
    await expect
      .poll(() => page.getByTestId('tag-error').textContent())
      .toMatch(/"Glare" not put on the item: /);
    await expect.poll(() => page.getByTestId('category').count()).toBe(5);
    expect(await cell(0).locator(`[data-testid=tag-chip][data-category-id="${glare}"]`).count()).toBe(0);
    expect(await page.getByTestId('save-state').textContent()).toContain('Not saved');
    await shot('tagging-09-save-refused');
    await expectChips();
  });

  it('draws a second, stratified sample from the dialog, switches back, and extends the first by 50', async () => {
    const firstSample = await page.getByTestId('sample-picker').inputValue();
    await page.getByTestId('new-sample').click();
    await page.getByTestId('new-sample-dialog').waitFor();
    await page.getByTestId('sample-size').fill('12');
    await page.getByTestId('new-sample-dialog').getByText('True class').click();
    await shot('tagging-10-new-sample-dialog');
    await page.getByTestId('create-sample').click();
    await expect.poll(() => page.getByTestId('tag-progress').textContent()).toMatch(/\/\s*12 tagged/);
    await expect.poll(() => page.getByTestId('sample-picker').locator('option').count()).toBe(2);
    await page.getByTestId('sample-picker').selectOption(firstSample);
    await expect.poll(() => page.getByTestId('tag-progress').textContent()).toMatch(/20\s*\/\s*60 tagged/);
    await expectChips();
    const before = await page
      .getByTestId('tag-cell')
      .evaluateAll((cells) => cells.slice(0, 20).map((each) => each.getAttribute('data-item-id')));
    await page.getByTestId('extend-sample').click();
    // 100 dev errors in the run: 60 + 50 stops at 100
    await expect.poll(() => page.getByTestId('tag-progress').textContent()).toMatch(/20\s*\/\s*100 tagged/);
    const after = await page
      .getByTestId('tag-cell')
      .evaluateAll((cells) => cells.slice(0, 20).map((each) => each.getAttribute('data-item-id')));
    expect(after).toEqual(before);
    expect(await page.getByTestId('extend-sample').isDisabled()).toBe(true);
    await expectChips();
  });

  it('logged no errors and no CSP violations in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
