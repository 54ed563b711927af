import { cp, mkdir, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { launchChromium } from './support/chromium';
import { SCREENSHOT_DIR, serveDataset, type ServedProject } from './support/served-project';

/**
 * Bad input in the UI: a copy of the demo with a corrupt image, a text file posing as a PNG, a zero-byte
 * file and an exact duplicate under another label. The import is cancelled once (nothing changes), then
 * run to the end; the report lists every bad file with its reason and the duplicate group.
 */
describe('import progress, cancel and the import report', () => {
  let dataset: string;
  let served: ServedProject;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    dataset = await mkdtemp(join(tmpdir(), 'ceiling-e2e-dataset-'));
    await cp(DEMO_DATASET, dataset, { recursive: true, filter: (source) => !source.includes('.ceiling') });
    const original = join(dataset, 'studio', 'Bag', 't10k-00030.png');
    await cp(original, join(dataset, 'studio', 'Coat', 'copy-of-a-bag.png'));
    await writeFile(join(dataset, 'studio', 'Bag', 'notes.png'), 'this is text, not an image');
    await writeFile(join(dataset, 'studio', 'Bag', 'empty.png'), '');
    await writeFile(
      join(dataset, 'phone', 'Bag', 'truncated.png'),
      (await import('node:fs')).readFileSync(original).subarray(0, 80),
    );
    served = await serveDataset(dataset);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await rm(dataset, { recursive: true, force: true });
  });

  it('shows progress and cancels without changing anything', async () => {
    await page.goto(served.host.url);
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await expect.poll(() => progress.textContent()).toMatch(/\d+ \/ 3,00\d files/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '10-import-progress.png') });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Import cancelled');
    expect(await page.getByTestId('item-count').textContent()).toBe('0 items');
  });

  it('re-imports to the end and lists every bad file and the duplicate', async () => {
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
    await page.getByRole('button', { name: 'Re-import' }).click();
    await expect
      .poll(() => page.getByTestId('item-count').textContent(), { timeout: 90_000 })
      .toBe('3,001 items');
    const report = page.getByTestId('import-report');
    expect(await report.textContent()).toContain('3 files skipped');
    expect(await report.textContent()).toContain('1 group of exact duplicates');
    await report.getByRole('button', { name: 'Details' }).click();
    const details = await report.textContent();
    expect(details).toContain('studio/Bag/notes.png');
    expect(details).toContain('not a supported image');
    expect(details).toContain('studio/Bag/empty.png');
    expect(details).toContain('the file is empty');
    expect(details).toContain('phone/Bag/truncated.png');
    expect(details).toContain('different labels');
    expect(details).toContain('studio/Coat/copy-of-a-bag.png');
    await page.screenshot({ path: join(SCREENSHOT_DIR, '11-import-report-details.png') });
  });
});
