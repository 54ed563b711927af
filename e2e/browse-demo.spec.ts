import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * The demo project end to end, as a user meets it: the web host serves the real UI on the shipped
 * Fashion-MNIST subset; Debian's Chromium opens it, the import runs, the grid fills, filters, the
 * detail view and the keyboard work. Screenshots land in e2e/screenshots/ (git-ignored).
 */
describe('browsing the demo project in the web host', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  const currentIndex = () =>
    page.locator('[data-testid=cell].current').getAttribute('data-index').then(Number);

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET);
    ({ served, page, consoleErrors } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('opens the demo, imports it with visible progress, and fills the grid with thumbnails', async () => {
    await page.goto(served.host.url);
    await expect
      .poll(() => page.getByTestId('item-count').textContent(), { timeout: 90_000 })
      .toBe('3,000 items');
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('import-report').textContent()).toContain('3,000 items');

    const firstImage = page.locator('[data-testid=cell] img').first();
    await firstImage.waitFor();
    await expect
      .poll(() => firstImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 10_000,
      })
      .toBe(28);
    const rendered = await page.getByTestId('cell').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(400); // virtualized: only what is near the viewport is in the DOM
    expect(await page.getByTestId('backend').textContent()).toMatch(/TF\.js: (wasm|tensorflow|cpu)/);
    await shot('01-demo-grid');
  });

  it('filters by class and by source', async () => {
    await page.getByTestId('facet-label').filter({ hasText: 'Trouser' }).click();
    await expect.poll(() => page.locator('.statusbar').textContent()).toContain('300 shown');
    const labels = await page.locator('[data-testid=cell] .label').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['Trouser']));

    await page.getByTestId('facet-source').filter({ hasText: 'phone' }).click();
    await expect.poll(() => page.locator('.statusbar').textContent()).toContain('100 shown');
    const sources = await page.locator('[data-testid=cell] .source').allTextContents();
    expect(new Set(sources)).toEqual(new Set(['phone']));
    await shot('02-filtered-trouser-phone');
  });

  it('moves with the keyboard and opens the detail view', async () => {
    await page.getByTestId('grid').focus();
    expect(await currentIndex()).toBe(0);
    await page.keyboard.press('ArrowRight');
    expect(await currentIndex()).toBe(1);
    const columns = Number(await page.getByTestId('grid').getAttribute('aria-colcount'));
    await page.keyboard.press('ArrowDown');
    expect(await currentIndex()).toBe(1 + columns);
    await page.keyboard.press('End');
    await expect.poll(currentIndex).toBe(99);
    await page.keyboard.press('Home');
    await expect.poll(currentIndex).toBe(0);

    await page.keyboard.press('Enter');
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    expect(await page.getByTestId('detail-label').textContent()).toBe('Trouser');
    expect(await page.getByTestId('detail-path').textContent()).toMatch(/^phone\/Trouser\/t10k-\d{5}\.png$/);
    await expect
      .poll(() => page.getByTestId('detail-image').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(28);
    expect(await detail.textContent()).toContain('28 × 28 px');
    const firstPath = await page.getByTestId('detail-path').textContent();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('detail-path').textContent()).not.toBe(firstPath);
    await shot('03-detail-view');
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
  });

  it('searches by path with the / shortcut', async () => {
    const shown = async () =>
      Number(
        (await page.locator('.statusbar').textContent())?.match(/([\d,]+) shown/)?.[1]?.replace(',', ''),
      );
    await page.getByTestId('facet-label').filter({ hasText: 'Bag' }).click();
    await page.locator('.facet', { hasText: 'All sources' }).click();
    await expect.poll(shown).toBe(300); // the clicks took effect before the search starts
    // The answer, from the files themselves: studio Bag images among the first hundred of t10k.
    const expected = readdirSync(join(DEMO_DATASET, 'studio', 'Bag')).filter((name) =>
      name.startsWith('t10k-000'),
    ).length;
    expect(expected).toBeGreaterThan(0);
    await page.getByTestId('grid').focus();
    await page.keyboard.press('/');
    await page.keyboard.type('studio/Bag/t10k-000');
    await expect.poll(shown).toBe(expected);
    await expect.poll(() => page.getByTestId('cell').count()).toBe(expected);
    const labels = await page.locator('[data-testid=cell] .label').allTextContents();
    expect(new Set(labels)).toEqual(new Set(['Bag']));
  });

  it('reports a bad project path in plain words and keeps the open project', async () => {
    await page.getByRole('button', { name: 'Open project…' }).click();
    expect(await page.locator('.recent-name').first().textContent()).toBe('fashion-mnist');
    await page.getByLabel('Dataset folder or manifest path').fill('/no/such/dataset');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('No dataset at /no/such/dataset');
    await shot('04-open-project-error');
    await page.getByRole('button', { name: /Back to fashion-mnist/ }).click();
    await page.getByTestId('grid').waitFor();
  });

  it('logged no errors and no CSP violations in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
