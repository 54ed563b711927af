import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CeilingReport } from '../shared/analysis/report-schemas';
import type { Sample } from '../shared/analysis/sample-schemas';
import { isEyeballItem } from '../shared/analysis/eyeball-split';
import type { PredictionsImportReport } from '../shared/calls/prediction-calls';
import type { ItemCell, ItemPage } from '../shared/items';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * The Ceiling tab on the demo project: two model runs imported as predictions CSVs (run A wrong on every
 * 5th dev item, run B on every 10th), a seeded sample of run A's errors tagged through the router, then
 * in the UI: the ceiling table and chart, both CSV exports read back, Markdown, the confusion matrix
 * sending a pair to the Analyze tab, McNemar's verdict, and the eyeball / blackbox split hiding images.
 */
describe('the Ceiling tab', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];
  let runA: PredictionsImportReport;
  let runB: PredictionsImportReport;
  let sample: Sample;
  let dev: ItemCell[];

  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  const call = <T>(name: string, input: unknown) => session.call<T>(name, input);

  async function importRun(name: string, everyNth: number): Promise<PredictionsImportReport> {
    const { items } = await call<ItemPage>('items.query', { limit: 5000 });
    const classes = [...new Set(items.map((cell) => cell.label))].sort();
    const devIndex = new Map(dev.map((cell, n) => [cell.id, n]));
    const rows = items
      .filter((cell) => cell.split !== null)
      .map((cell) => {
        const n = devIndex.get(cell.id);
        // two kinds of confusion, so the matrix has a few hot cells
        const shift = n !== undefined && n % everyNth === 0 ? (n % 3 === 0 ? 1 : 2) : 0;
        const predicted = classes[(classes.indexOf(cell.label) + shift) % classes.length]!;
        const p = classes.map((c) => (c === predicted ? 0.64 : 0.04));
        return `${cell.id},${predicted},${p.map((v) => v.toFixed(2)).join(',')}`;
      });
    return session.importPredictions(
      name,
      [`id,predicted,${classes.map((c) => `p_${c}`).join(',')}`, ...rows].join('\n'),
    );
  }

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET, {
      importFirst: true,
      freezeSplit: true,
      viewport: { width: 1440, height: 900 },
    });
    ({ served, page, consoleErrors } = session);
    dev = (await call<ItemPage>('items.query', { filter: { split: 'dev' }, limit: 5000 })).items;
    runB = await importRun('run-b.csv', 10);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // run ids sort by the second they start
    runA = await importRun('run-a.csv', 5);
    sample = await call<Sample>('analysis.sample.create', { runId: runA.runId, size: 40, seed: 5 });
    const ids = sample.items.map((item) => item.id);
    await call('analysis.tags.set', { itemIds: ids.slice(0, 16), categoryId: 'blurry', on: true });
    await call('analysis.tags.set', { itemIds: ids.slice(12, 22), categoryId: 'multiple-objects', on: true });
    await call('analysis.tags.set', { itemIds: ids.slice(22, 26), categoryId: 'mislabeled', on: true });
    await call('analysis.note.set', { itemId: ids[0], note: '=1+1 looks smudged' });
  }, 120_000);

  afterAll(async () => {
    await session?.stop();
  });

  it('shows the ceiling table sorted by gain, with the untagged row, the notes and the chart', async () => {
    await page.goto(served.host.url);
    await page.getByRole('button', { name: 'Ceiling', exact: true }).click();
    await page.getByTestId('ceiling-table').waitFor({ timeout: 30_000 });
    const report = await call<CeilingReport>('analysis.report', { sampleId: sample.id });
    const rows = await page
      .getByTestId('ceiling-row')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-category'),
          tr.querySelectorAll('td')[1]!.textContent!.trim(),
        ]),
      );
    expect(rows).toEqual([
      ['blurry', '16'],
      ['multiple-objects', '10'],
      ['mislabeled', '4'],
      ['unusual-presentation', '0'],
      ['rare-class', '0'],
      ['', '14'],
    ]);
    const firstCeiling = await page.getByTestId('ceiling-value').first().textContent();
    expect(firstCeiling).toBe(`${report.table.rows[0]!.ceilingPercent!.toFixed(1)}%`);
    expect(await page.getByTestId('ceiling-notes').textContent()).toContain('several categories');
    expect(await page.getByTestId('report-summary').textContent()).toContain(
      '26 of 40 sampled errors tagged',
    );
    expect(await page.getByTestId('ceiling-chart').locator('rect').count()).toBe(10); // 5 categories × (ceiling + gain)
    await shot('ceiling-00-table');
  });

  it('exports the table and the items as CSV and copies the Markdown', async () => {
    await page.getByTestId('export-ceiling').click();
    await expect
      .poll(() => page.getByTestId('export-path').textContent())
      .toContain(`ceiling-${sample.id}.csv`);
    const tablePath = (await page.getByTestId('export-path').textContent())!;
    const table = Papa.parse<Record<string, string>>(await readFile(tablePath, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(table.map((row) => [row.category, row.count])).toEqual([
      ['Blurry / low quality', '16'],
      ['Multiple objects', '10'],
      ['Mislabeled', '4'],
      ['Unusual presentation', '0'],
      ['Rare class', '0'],
      ['(untagged)', '14'],
    ]);
    expect(table[0]).toMatchObject({ model_run: runA.runId, sample_id: sample.id, seed: '5' });

    await page.getByTestId('export-items').click();
    await expect
      .poll(() => page.getByTestId('export-path').textContent())
      .toContain(`sample-items-${sample.id}.csv`);
    const items = Papa.parse<Record<string, string>>(
      await readFile((await page.getByTestId('export-path').textContent())!, 'utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    expect(items.map((row) => row.id)).toEqual(sample.items.map((item) => item.id));
    expect(items[0]).toMatchObject({
      note: "'=1+1 looks smudged",
      categories: 'Blurry / low quality',
      split: 'dev',
    });
    expect(items[13]!.categories).toBe('Blurry / low quality; Multiple objects');

    await page.getByTestId('copy-markdown').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/Markdown/);
    if (await page.getByTestId('markdown-fallback').count()) {
      expect(await page.getByTestId('markdown-fallback').inputValue()).toContain(
        '| Blurry / low quality | 16 |',
      );
    }
  });

  it('shows the confusion pairs and matrix; a cell opens the Analyze tab', async () => {
    const matrix = page.getByTestId('confusion-matrix');
    await matrix.scrollIntoViewIfNeeded();
    const pairs = await page.getByTestId('confusion-pair').count();
    expect(pairs).toBeGreaterThan(0);
    const cellCounts = await page
      .getByTestId('matrix-cell')
      .evaluateAll((cells) => cells.reduce((sum, cell) => sum + Number(cell.textContent), 0));
    expect(cellCounts).toBe(Math.round(runA.metrics.dev.errorRate! * runA.metrics.dev.count));
    await page
      .getByTestId('confusion-matrix')
      .screenshot({ path: join(SCREENSHOT_DIR, 'ceiling-01-matrix.png') });
    await page.getByTestId('matrix-cell').first().click();
    await expect.poll(() => page.locator('nav.tabs button[aria-current=page]').textContent()).toBe('Analyze');
    await page.getByRole('button', { name: 'Ceiling', exact: true }).click();
    await page.getByTestId('ceiling-table').waitFor();
  });

  it('says whether two runs differ by more than noise (McNemar)', async () => {
    const verdict = page.getByTestId('compare-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain('Distinguishable at 5 %');
    expect(await page.getByTestId('compare-a').inputValue()).toBe(runB.runId);
    expect(await page.getByTestId('compare-b').inputValue()).toBe(runA.runId);
  });

  it('turns the eyeball / blackbox split on: rates per run, blackbox images refused', async () => {
    await page.getByTestId('eyeball-enabled').check();
    await page.getByTestId('eyeball-percent').fill('abc');
    expect(await page.getByTestId('eyeball-save').isDisabled()).toBe(true);
    await page.getByTestId('eyeball-percent').fill('40');
    await page.getByTestId('eyeball-save').click();
    await expect
      .poll(() => page.getByTestId('eyeball-sizes').textContent())
      .toMatch(/^\s*On: \d+ eyeball and \d+ blackbox/);
    expect(await page.getByTestId('eyeball-runs').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('eyeball-panel').scrollIntoViewIfNeeded();
    await shot('ceiling-02-compare-eyeball');
    const settings = { fraction: 0.4, seed: 1 };
    const blackbox = dev.find((cell) => !isEyeballItem(cell.id, settings.fraction, settings.seed))!.id;
    const eyeball = dev.find((cell) => isEyeballItem(cell.id, settings.fraction, settings.seed))!.id;
    const status = (id: string) =>
      page.evaluate(async (url) => {
        const response = await fetch(url, { cache: 'no-store' }); // the grid may hold a cached copy
        return { status: response.status, text: response.status === 200 ? '' : await response.text() };
      }, `/media/thumb/${id}`);
    const refused = await status(blackbox);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('blackbox part of dev');
    expect((await status(eyeball)).status).toBe(200);
    // Browse neither lists nor counts the blackbox items
    const blackboxCount = Number(
      /and (\d+) blackbox/.exec((await page.getByTestId('eyeball-sizes').textContent())!)![1],
    );
    await page.getByRole('button', { name: 'Browse', exact: true }).click();
    await expect
      .poll(() => page.locator('button.facet', { hasText: 'All classes' }).locator('.count').textContent(), {
        timeout: 15_000,
      })
      .toBe((3000 - blackboxCount).toLocaleString('en-US'));
    // and says why the count is short
    expect(await page.getByTestId('blackbox-hidden').textContent()).toBe(
      `${blackboxCount.toLocaleString('en-US')} blackbox dev items hidden`,
    );
    await shot('ceiling-03-browse-without-blackbox');
    await page.getByRole('button', { name: 'Ceiling', exact: true }).click();
    await page.getByTestId('eyeball-enabled').waitFor();
    await page.getByTestId('eyeball-enabled').uncheck();
    await page.getByTestId('eyeball-save').click();
    await expect.poll(() => page.getByTestId('eyeball-sizes').textContent()).toMatch(/^\s*Off\./);
    expect((await status(blackbox)).status).toBe(200);
    expect(consoleErrors.filter((text) => !text.includes('403'))).toEqual([]);
  });
});
