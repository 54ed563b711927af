import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * The Split screen on the demo project: choose the `phone` source as the target, see dev and test drawn
 * only from it, freeze, export, and read the warnings — including the one about looking at the test set.
 */
describe('splitting the demo project', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];
  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  const sourcesOf = (split: string) =>
    page
      .locator(`[data-testid=split-counts] tbody tr[data-split="${split}"]`)
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-source')));
  const warningCodes = () =>
    page
      .getByTestId('split-warning')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET, { viewport: { width: 1440, height: 900 } });
    ({ served, page, consoleErrors } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('opens the Split screen with the size rule, its source and the counts table', async () => {
    await page.goto(served.host.url);
    await expect
      .poll(() => page.getByTestId('item-count').textContent(), { timeout: 90_000 })
      .toBe('3,000 items');
    await page.locator('nav.tabs .tab', { hasText: 'Split' }).click();
    await page.getByTestId('split-counts').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('size-rule').textContent()).toContain('Machine Learning Yearning');
    expect(await page.getByTestId('ratios-in-force').textContent()).toBe('60 / 20 / 20');
    expect(await warningCodes()).toContain('no-target');
    await shot('split-00-no-target');
  });

  it('draws dev and test only from the phone source once it is the target', async () => {
    await page.getByTestId('target-option').filter({ hasText: 'phone' }).locator('input').check();
    await expect.poll(() => sourcesOf('dev'), { timeout: 15_000 }).toEqual(['phone']);
    expect(await sourcesOf('test')).toEqual(['phone']);
    expect(await sourcesOf('train')).toEqual(['phone', 'studio']);
    expect(await sourcesOf('train-dev')).toEqual(['phone', 'studio']);
    await expect.poll(warningCodes).not.toContain('no-target');
    expect(await warningCodes()).toContain('dev-too-small');
    expect(await page.getByTestId('dev-resolution').textContent()).toMatch(
      /^with 1\d\d dev items you can tell 90\.0% from 9\d\.\d%, not from 90\.1%$/,
    );
    expect(await page.getByTestId('leakage-report').textContent()).toMatch(/near-duplicates/);
    await shot('split-01-target-phone');
  });

  it('rejects impossible ratios with a message and keeps the last good preview', async () => {
    await page.getByText('Override the size rule').click();
    await page.getByTestId('ratio-train').fill('70');
    await expect
      .poll(() => page.getByTestId('split-problem').textContent())
      .toContain('The ratios 70/20/20 add up to 110 %, not 100 %.');
    expect(await page.getByTestId('freeze').isDisabled()).toBe(true);
    await shot('split-02-bad-ratios');
    await page.getByText('Override the size rule').click();
    await expect.poll(() => page.getByTestId('split-problem').count()).toBe(0);
  });

  it('freezes v1, exports it as CSV, and the grid filters by the frozen split', async () => {
    await page.getByTestId('freeze').click();
    await expect.poll(() => page.getByTestId('frozen-version').textContent()).toBe('v1');
    await expect.poll(() => page.getByTestId('freeze').textContent()).toContain('Frozen as v1');
    expect(await page.getByTestId('freeze').isDisabled()).toBe(true); // a later change freezes as v2
    await page.getByTestId('export').click();
    const path = (await page.getByTestId('export-path').textContent())!;
    expect(path).toMatch(/split-v1\.csv$/);
    expect(existsSync(path)).toBe(true);
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,path,label,source,split');
    expect(lines).toHaveLength(3_001);
    expect(lines.filter((line) => /,studio,(dev|test)$/.test(line))).toEqual([]);
    expect(await page.getByTestId('pinned').textContent()).toContain('pinned by the frozen split');
    await shot('split-03-frozen');

    await page.locator('nav.tabs .tab', { hasText: 'Browse' }).click();
    await page.locator('.facet', { hasText: /^test/ }).click();
    await page.getByTestId('grid').focus();
    await page.keyboard.press('Enter'); // opening a test item is counted
    await page.getByTestId('detail').waitFor();
    expect(await page.getByTestId('detail-path').textContent()).toMatch(/^phone\//);
  });

  it('warns that the test set was looked at', async () => {
    await page.locator('nav.tabs .tab', { hasText: 'Split' }).click();
    await expect.poll(warningCodes, { timeout: 15_000 }).toContain('test-looked-at');
    expect(await page.locator('[data-testid=split-warning][data-code=test-looked-at]').textContent()).toMatch(
      /Test items of split v1 were opened \d+ times?/,
    );
    await page.getByRole('button', { name: /Show the \d+ groups that moved/ }).click();
    await shot('split-04-test-looked-at');
  });

  it('logged no errors and no CSP violations in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
