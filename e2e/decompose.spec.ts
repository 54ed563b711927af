import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * The Decompose screen as a user meets it on the demo project: no model run exists, so the errors are
 * typed by hand. Typing the seed's Scenario B (human 1 %, train 2 %, train-dev = dev = 10 %) must name
 * variance as the largest gap; saved values survive a reload. Screenshots land in e2e/screenshots/.
 */
describe('the error decomposition screen', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  const diagnosis = () => page.getByTestId('diagnosis-text').textContent();

  async function openDecompose(): Promise<void> {
    await page.goto(served.host.url);
    await page.getByRole('button', { name: 'Decompose' }).click();
    await page.locator('[data-testid=decompose-screen][data-loaded=true]').waitFor();
  }

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET, { importFirst: true });
    ({ served, page, consoleErrors } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('starts empty, says there is no model run yet, and asks for a human level', async () => {
    await openDecompose();
    expect(await page.getByTestId('errors-source').textContent()).toContain(
      'No model run yet: type the errors',
    );
    expect(await diagnosis()).toContain('Not enough to diagnose yet');
    expect(await page.getByTestId('human-needed').textContent()).toContain(
      'Enter at least one human-level error',
    );
    expect(await page.getByTestId('save-state').textContent()).toContain('Enter a human level to save');
    expect(await page.getByTestId('save').isDisabled()).toBe(true);
    expect(await page.getByTestId('bayes-why').textContent()).toContain(
      'Human-level error is the best available estimate',
    );
    await shot('decompose-01-empty');
  });

  it('types Scenario B and reads the diagnosis: variance, live as you type', async () => {
    await page.getByTestId('human-label').first().fill('human');
    await page.getByTestId('human-percent').first().fill('1');
    await page.getByTestId('error-train').fill('2');
    await page.getByTestId('error-dev').fill('10');
    // Without train-dev, dev − train cannot be split into variance and data mismatch.
    await expect.poll(() => page.getByTestId('largest-gap').textContent()).toBe('Variance + data mismatch');
    await shot('decompose-02a-no-train-dev-yet');
    await page.getByTestId('error-train-dev').fill('10');
    await expect.poll(() => page.getByTestId('largest-gap').textContent()).toBe('Variance');
    const card = await page.getByTestId('diagnosis').textContent();
    expect(card).toMatch(/Largest gap\s*Variance\s*8\.0 points\s*train-dev − train/);
    expect(await diagnosis()).toMatch(
      /To close it, reduce variance — get more training data.*regularization/,
    );
    expect(await page.getByTestId('gap-avoidableBias').getByTestId('gap-points').textContent()).toContain(
      '+1.0',
    );
    expect(await page.getByTestId('gap-devOverfitting').textContent()).toContain('needs the test error');
    expect(await page.getByTestId('bar-variance').count()).toBe(1);
    expect(await page.getByTestId('save-state').textContent()).toContain('Unsaved changes');
    await shot('decompose-02-scenario-b');
  });

  it('adds human levels, highlights the best as the Bayes proxy, and notes a model that beats it', async () => {
    await page.getByTestId('add-human').click();
    await page.getByTestId('human-label').nth(1).fill('team of experts');
    await page.getByTestId('human-percent').nth(1).fill('0,7');
    await expect
      .poll(() => page.locator('tr.dc-proxy [data-testid=human-label]').inputValue())
      .toBe('team of experts');
    await page.getByTestId('error-train').fill('0.5');
    await page.getByTestId('error-test').fill('10.5');
    await expect
      .poll(() => page.getByTestId('note-avoidableBias').textContent())
      .toContain('avoidable bias can no longer be estimated from human level');
    expect(await page.getByTestId('gap-avoidableBias').getByTestId('gap-points').textContent()).toContain(
      '−0.2',
    );
    await shot('decompose-03-model-beats-human');
  });

  it('shows bad input next to the fields and refuses to save it', async () => {
    await page.getByTestId('error-dev').fill('120');
    await expect
      .poll(() => page.getByTestId('field-problem').textContent())
      .toBe('Dev error must be a percentage from 0 to 100 (got 120).');
    expect(await page.getByTestId('save-state').textContent()).toContain('marked in red');
    expect(await page.getByTestId('save').isDisabled()).toBe(true);
    await shot('decompose-04-bad-input');
  });

  it('saves Scenario B, exports CSV, and keeps the values after a reload', async () => {
    await page.getByTestId('preset-scenario-b').click();
    expect(await page.getByTestId('largest-gap').textContent()).toBe('Variance');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/^\s*Saved /);

    await page.getByTestId('export-csv').click();
    const path = await page.getByTestId('export-path').textContent();
    expect(path).toMatch(/exports\/error-decomposition-.*\.csv$/);
    expect(await readFile(path!, 'utf8')).toContain(
      'gap,Variance,train-dev − train,8,percentage points,largest gap',
    );

    await page.getByTestId('copy-markdown').click();
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toMatch(/Copied as Markdown|press Ctrl\+C/);
    // Where the clipboard is refused, the Markdown is shown selected instead.
    await page.evaluate(() =>
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }),
    );
    await page.getByTestId('copy-markdown').click();
    const fallback = page.getByTestId('markdown-fallback');
    expect(await fallback.inputValue()).toContain(
      '| gap | ↳ Variance | train-dev − train | +8.0 pts | largest gap |',
    );
    expect(await fallback.evaluate((box: HTMLTextAreaElement) => box.selectionEnd - box.selectionStart)).toBe(
      (await fallback.inputValue()).length,
    );
    await shot('decompose-05-saved-exported');

    await openDecompose();
    await expect.poll(() => page.getByTestId('error-train').inputValue()).toBe('2');
    expect(await page.getByTestId('error-train-dev').inputValue()).toBe('10');
    expect(await page.getByTestId('human-percent').first().inputValue()).toBe('1');
    expect(await page.getByTestId('largest-gap').textContent()).toBe('Variance');
    expect(await page.getByTestId('save-state').textContent()).toMatch(/^\s*Saved /);
  });

  it('offers the Ola table as a preset: all four gaps, data mismatch named', async () => {
    await page.getByTestId('preset-ola').click();
    await expect.poll(() => page.getByTestId('largest-gap').textContent()).toBe('Data mismatch');
    const points = await page.getByTestId('gap-points').allTextContents();
    expect(points.map((text) => text.trim())).toEqual(['+4.0', '+3.0', '+13.0', '+2.0']);
    await shot('decompose-06-ola');
  });

  it('logged no errors and no CSP violations in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
