import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionsImportReport } from '../shared/calls/prediction-calls';
import type { ItemCell, ItemPage } from '../shared/items';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * A predictions CSV from "another framework" on the demo project: freeze a split and import predictions
 * through the router (the true label for most items, a wrong class for a known subset of dev items, one
 * bad row), then in the UI filter the grid to the incorrect predictions and see exactly that subset,
 * with its badges, and the detail view's top-3 probabilities.
 */
describe('a predictions CSV in the grid', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];
  let report: PredictionsImportReport;
  const wrong = new Map<string, string>();

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  const cellIds = () =>
    page
      .locator('[data-testid=cell]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-id')));
  const call = <T>(name: string, input: unknown) => session.call<T>(name, input);

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET, {
      importFirst: true,
      freezeSplit: true,
      viewport: { width: 1440, height: 900 },
    });
    ({ served, page, consoleErrors } = session);
    const { items } = await call<ItemPage>('items.query', { limit: 5000 });
    const classes = [...new Set(items.map((cell) => cell.label))].sort();
    // a wrong class for every 12th dev item: the known subset
    const dev = items.filter((cell) => cell.split === 'dev');
    dev.forEach((cell, n) => {
      if (n % 12 === 0) wrong.set(cell.id, classes[(classes.indexOf(cell.label) + 3) % classes.length]!);
    });
    const row = (cell: ItemCell) => {
      const predicted = wrong.get(cell.id) ?? cell.label;
      const top = wrong.has(cell.id) ? 0.55 : 0.91;
      const second = wrong.has(cell.id)
        ? cell.label
        : classes[(classes.indexOf(predicted) + 1) % classes.length];
      const p = classes.map((name) =>
        name === predicted ? top : name === second ? 0.05 : (1 - top - 0.05) / (classes.length - 2),
      );
      return `${cell.id},${predicted},${p.map((value) => value.toFixed(4)).join(',')}`;
    };
    const assigned = items.filter((cell) => cell.split !== null);
    const csv = [
      `id,predicted,${classes.map((name) => `p_${name}`).join(',')}`,
      ...assigned.map(row),
      `${'0'.repeat(20)},${classes[0]},${classes.map((_, i) => (i === 0 ? 1 : 0)).join(',')}`,
    ].join('\n');
    report = await session.importPredictions('predictions-from-elsewhere.csv', csv);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('imported the CSV as a run, reporting the bad row by its line', () => {
    expect(report.problems).toEqual([
      { line: report.imported + 2, key: '0'.repeat(20), reason: `unknown id "${'0'.repeat(20)}"` },
    ]);
    expect(report.confidenceKnown).toBe(true);
    expect(report.metrics.train.errorRate).toBe(0);
    expect(report.metrics.dev.errorRate).toBeCloseTo(wrong.size / report.metrics.dev.count);
  });

  it('shows the latest run in the grid, and filters to exactly the incorrect predictions', async () => {
    await page.goto(served.host.url);
    await expect
      .poll(() => page.getByTestId('item-count').textContent(), { timeout: 30_000 })
      .toBe('3,000 items');
    await expect
      .poll(() => page.getByTestId('run-picker').inputValue(), { timeout: 15_000 })
      .toBe(report.runId);
    await expect.poll(() => page.getByTestId('badge-confidence').count()).toBeGreaterThan(0);
    await shot('predictions-00-run-in-grid');
    const incorrect = page.locator('[data-testid=facet-correctness][data-value=incorrect]');
    expect(await incorrect.locator('.count').textContent()).toBe(String(wrong.size));
    await incorrect.click();
    await expect.poll(async () => (await cellIds()).length).toBe(wrong.size);
    expect(new Set(await cellIds())).toEqual(new Set(wrong.keys()));
    const badges = await page.getByTestId('badge-predicted').allTextContents();
    expect(badges).toHaveLength(wrong.size);
    const firstId = (await cellIds())[0]!;
    expect(badges[0]).toBe(`→ ${wrong.get(firstId)}`);
    await shot('predictions-01-incorrect');
  });

  it("opens an incorrect item's detail with its top-3 probabilities", async () => {
    await page.getByTestId('grid').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('detail-prediction').waitFor();
    const firstId = (await cellIds())[0]!;
    expect(await page.getByTestId('detail-prediction').textContent()).toContain(
      `predicted ${wrong.get(firstId)} at 55.0%`,
    );
    const top = (await page.getByTestId('top-class').allTextContents()).map((text) =>
      text.replace(/\s+/g, ' ').trim(),
    );
    expect(top).toHaveLength(3);
    expect(top[0]).toMatch(new RegExp(`^${wrong.get(firstId)} 55\\.0%$`));
    expect(top[1]).toMatch(/ \(label\) 5\.0%$/);
    await shot('predictions-02-detail');
    await page.keyboard.press('Escape');
  });

  it('filters by confidence and by predicted class; without a run the grid is as before', async () => {
    await page.locator('[data-testid=facet-correctness][data-value=incorrect]').click(); // stays on incorrect
    await page.getByTestId('confidence-min').fill('90');
    await page.getByTestId('confidence-min').press('Enter');
    await expect.poll(() => page.getByText('No items match these filters.').count()).toBe(1);
    await page.getByTestId('confidence-min').fill('');
    await page.getByTestId('confidence-min').press('Enter');
    await page.locator('.facet', { hasText: 'All predictions' }).click();
    const someClass = [...wrong.values()][0]!;
    await page.getByTestId('predicted-filter').selectOption(someClass);
    await expect
      .poll(() => page.locator('[data-testid=cell]').first().getAttribute('aria-label'))
      .toMatch(new RegExp(`^(${someClass}, \\w+, predicted correctly|.+, predicted ${someClass})$`));
    await page.getByTestId('run-picker').selectOption('');
    await expect.poll(() => page.getByTestId('badge-confidence').count()).toBe(0);
    expect(await page.getByTestId('facet-correctness').count()).toBe(0);
    await shot('predictions-03-no-run');
  });

  it('logged no errors and no CSP violations in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
