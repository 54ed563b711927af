import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET } from '../electron/services/app-paths';
import type { LrFindSummary } from '../shared/tuning/lr-find-result';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { openScreen } from './support/open-screen';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * The LR finder screen on the demo project: without a frozen split it says so; with one, a short sweep
 * (40 batches) of the Train tab's MLP draws the loss against log10(lr), marks valley and steepest, and
 * "Use in training config" puts the suggestion into the Train form. The sweep is saved: a reload shows
 * it again. Screenshots land in e2e/screenshots/.
 */
describe('the LR finder screen', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  const call = <T>(name: string, input: unknown) => session.call<T>(name, input);
  async function openFinder(): Promise<void> {
    await openScreen(page, 'LR finder', 'lr-finder-screen');
  }

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET, {
      importFirst: true,
      viewport: { width: 1440, height: 900 },
    });
    ({ served, page, consoleErrors } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('sits after Train in the tabs, and without a frozen split says so', async () => {
    await page.goto(served.host.url);
    const tabs = await page.locator('nav.tabs button').allTextContents();
    expect(tabs.map((t) => t.trim()).indexOf('LR finder')).toBe(
      tabs.map((t) => t.trim()).indexOf('Train') + 1,
    );
    await openFinder();
    await page.getByTestId('lr-no-split').waitFor();
    expect(await page.getByTestId('lr-run').isDisabled()).toBe(true);
    expect(await page.getByTestId('lr-plot').textContent()).toContain('No sweep yet');
    await shot('lr-finder-01-no-split');
  });

  it('checks the range', async () => {
    await call('split.freeze', {});
    await page.reload();
    await openFinder();
    await page.getByTestId('lr-start').fill('1');
    await page.getByTestId('lr-end').fill('0.1');
    await expect
      .poll(() => page.getByTestId('lr-problems').textContent())
      .toContain('end rate must be above');
    expect(await page.getByTestId('lr-run').isDisabled()).toBe(true);
    await page.getByTestId('lr-start').fill('zero');
    await expect
      .poll(() => page.getByTestId('lr-problems').textContent())
      .toContain('Start rate: a positive number');
    await page.getByTestId('lr-start').fill('1e-7');
    await page.getByTestId('lr-end').fill('10');
    await page.getByTestId('lr-iterations').fill('40');
    await expect.poll(() => page.getByTestId('lr-problems').count()).toBe(0);
    expect(await page.getByTestId('lr-run').isEnabled()).toBe(true);
    expect(await page.getByTestId('lr-model').textContent()).toContain('MLP 256, 128');
  });

  it('sweeps, plots the curve with decade ticks and marks both suggestions', async () => {
    await page.getByTestId('lr-run').click();
    await page.getByTestId('lr-progress').waitFor({ timeout: 20_000 });
    await shot('lr-finder-02a-running');
    await page.getByTestId('lr-suggestion-valley').waitFor({ timeout: 60_000 });
    const plot = page.getByTestId('lr-plot');
    expect(Number(await plot.getAttribute('data-points'))).toBeGreaterThan(10);
    expect(await page.getByTestId('lr-tick').allTextContents()).toEqual([
      '1e-7',
      '1e-6',
      '1e-5',
      '1e-4',
      '1e-3',
      '0.01',
      '0.1',
      '1',
      '10',
    ]);
    expect(await page.getByTestId('lr-smoothed').count()).toBe(1);
    expect(await page.getByTestId('lr-raw').count()).toBe(1);
    expect(await page.getByTestId('lr-marker-valley').count()).toBe(1);
    expect(await page.getByTestId('lr-marker-steep').count()).toBe(1);
    const valleyText = (await page.getByTestId('lr-value-valley').textContent())!.trim();
    expect(valleyText).toMatch(/^(\d(\.\d{1,2})?e-\d|0\.\d+|\d+(\.\d+)?)$/);
    expect(await page.getByTestId('lr-meta').textContent()).toMatch(/\d+ batches of 64, 1e-7 → 10/);
    expect(await page.getByTestId('lr-reason').textContent()).toMatch(/Why: \S+/);
    expect(await page.getByTestId('lr-suggestion-valley').textContent()).toContain('Use in training config');
    const saved = await call<LrFindSummary[]>('lrFind.list', {});
    expect(saved).toHaveLength(1);
    await shot('lr-finder-02-result');
    await plot.screenshot({ path: join(SCREENSHOT_DIR, 'lr-finder-03-plot.png') });
  });

  it('puts a suggestion into the Train form and switches to the Train tab', async () => {
    const saved = await call<LrFindSummary[]>('lrFind.list', {});
    const steep = saved[0]!.suggestions.steep!.lr;
    const shown = Number(await page.getByTestId('lr-value-steep').textContent());
    await page.getByTestId('lr-use-steep').click();
    await page.locator('[data-testid=train-screen][data-loaded=true]').waitFor();
    const typed = Number(await page.getByTestId('learning-rate').inputValue());
    expect(typed).toBe(Number(steep.toPrecision(3)));
    expect(typed).toBe(shown); // the card shows what goes into the form
    expect(await page.getByTestId('train-notice').textContent()).toContain('steepest suggestion');
    await shot('lr-finder-04-train-form');
  });

  it('shows the saved sweep again after a reload', async () => {
    await page.reload();
    await openFinder();
    await page.getByTestId('lr-suggestion-valley').waitFor();
    expect(Number(await page.getByTestId('lr-plot').getAttribute('data-points'))).toBeGreaterThan(10);
    expect(consoleErrors).toEqual([]);
  });
});
