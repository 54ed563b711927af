import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedDecomposition } from '../shared/calls/decomposition-calls';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { openScreen } from './support/open-screen';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * The Train screen on the demo project: without a frozen split it points to the Split tab; with one, a
 * tiny MLP (one hidden layer of 32, 2 epochs, 1,500 train items) trains with live progress and curves,
 * lands in the run list as completed, a second run is compared with it, and the Decompose screen takes
 * the run's per-split errors. Screenshots land in e2e/screenshots/.
 */
describe('the Train screen', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  const call = <T>(name: string, input: unknown) => session.call<T>(name, input);
  async function openTrain(): Promise<void> {
    await openScreen(page, 'Train', 'train-screen');
  }
  const rows = () => page.getByTestId('run-row');

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

  it('without a frozen split, says so and links to the Split tab', async () => {
    await page.goto(served.host.url);
    await openTrain();
    expect(await page.getByTestId('no-split').textContent()).toContain('No frozen split yet');
    expect(await page.getByTestId('start').isDisabled()).toBe(true);
    expect(await page.getByTestId('no-runs').count()).toBe(1);
    await shot('train-01-no-split');
    await page.getByTestId('go-split').click();
    await page.getByTestId('split-screen').waitFor();
  });

  it('checks the form against the schema', async () => {
    await call('split.freeze', {});
    await openTrain();
    expect(await page.getByTestId('split-info').textContent()).toMatch(/Split v1: [\d,]+ train/);
    await page.getByTestId('hidden-units').fill('32, many');
    await page.getByTestId('epochs').fill('0');
    await expect
      .poll(() => page.getByTestId('field-problem').allTextContents())
      .toEqual([
        expect.stringContaining('Whole numbers separated by commas'),
        expect.stringMatching(/>=\s*1|at least 1|too small/i),
      ]);
    expect(await page.getByTestId('start').isDisabled()).toBe(true);
    await shot('train-02-form-problems');
    await page.getByTestId('hidden-units').fill('32');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('limit-train').fill('1500');
    await expect.poll(() => page.getByTestId('field-problem').count()).toBe(0);
    expect(await page.getByTestId('start').isEnabled()).toBe(true);
  });

  it('trains a tiny MLP with live progress and curves, then lists it as completed', async () => {
    await page.getByTestId('start').click();
    await page.getByTestId('train-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('curve-train-loss').waitFor({ timeout: 40_000 });
    await shot('train-03-live');
    await page.locator('[data-testid=run-row][data-status=completed]').waitFor({ timeout: 60_000 });
    expect(await rows().count()).toBe(1);
    const row = rows().first();
    expect(await row.textContent()).toMatch(/MLP 32 · 2 ep\./);
    expect(await row.getByTestId('run-error-dev').textContent()).toMatch(/^\d+\.\d %$/);
    expect(await row.getByTestId('run-error-train').textContent()).toMatch(/^\d+\.\d %$/);
    expect(await page.getByTestId('train-notice').textContent()).toMatch(/Run \S+ completed/);
    expect(await page.getByTestId('curve-dev-loss').count()).toBe(1);
    await shot('train-04-completed');
  });

  it('compares two runs: config diff, metrics and overlaid curves', async () => {
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.getByTestId('start').click();
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(2);
    await page
      .locator('[data-testid=run-row][data-status=running]')
      .waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.locator('[data-testid=run-row][data-status=completed]').count()).toBe(2);
    await page.getByTestId('run-select').nth(0).check();
    await page.getByTestId('run-select').nth(1).check();
    const diff = await page.getByTestId('config-diff').textContent();
    expect(diff).toContain('epochs');
    expect(diff).toContain('optimizer.kind');
    expect(await page.getByTestId('run-compare').locator('polyline').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('run-compare').scrollIntoViewIfNeeded();
    await shot('train-05-compare');
  });

  it("fills the Decompose screen's errors from the run, still editable, and saves the source", async () => {
    const runs = await call<{ id: string; metrics: Record<string, { errorRate: number | null }> }[]>(
      'runs.list',
      {},
    );
    // The 2-epoch Adam run (the second newest) is the better one: take its errors.
    const newest = runs[1]!;
    await openScreen(page, 'Decompose', 'decompose-screen');
    expect(await page.getByTestId('errors-source').textContent()).toContain(
      'Fill them in from a completed model run',
    );
    const use = page.getByTestId('use-run').nth(1);
    expect(await use.textContent()).toContain(`Use run ${newest.id}`);
    await use.click();
    const trainPercent = Math.round(newest.metrics.train!.errorRate! * 10000) / 100;
    // the run's errors are scored against the current labels first (one call): wait for the fill
    await expect
      .poll(() => page.getByTestId('errors-source').textContent())
      .toContain(`From model run ${newest.id}`);
    expect(Number(await page.getByTestId('error-train').inputValue())).toBe(trainPercent);
    await page.getByTestId('human-label').first().fill('human');
    await page.getByTestId('human-percent').first().fill('1');
    await page.getByTestId('save').click();
    await expect
      .poll(async () => (await call<SavedDecomposition>('decomposition.get', {})).errorsSource)
      .toBe(`run:${newest.id}`);
    await shot('train-06-decompose-from-run');
    // Typing over a figure makes the errors hand-typed again.
    await page.getByTestId('error-test').fill('12');
    expect(await page.getByTestId('errors-source').textContent()).toContain('Typed by hand');
    expect(consoleErrors).toEqual([]);
  });

  it('cancels a running run: it is listed as cancelled and the form is free again', async () => {
    await openScreen(page, 'Train', 'train-screen');
    await page.getByTestId('epochs').fill('50');
    await page.getByTestId('start').click();
    await page.getByTestId('cancel').click();
    await page.locator('[data-testid=run-row][data-status=cancelled]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('train-notice').textContent()).toMatch(/Run \S+ cancelled/);
    expect(await page.getByTestId('start').isEnabled()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
