import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PredictionsImportReport } from '../../shared/calls/prediction-calls';
import { launchChromium } from './chromium';
import { SCREENSHOT_DIR, serveDataset, type ServedProject } from './served-project';

export interface BrowserSession {
  served: ServedProject;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught page errors (CSP violations among them), for a final "none" check. */
  consoleErrors: string[];
  /** A call through the app's router (what the UI's api client reaches); throws with its message if it fails. */
  call<T = unknown>(name: string, input: unknown): Promise<T>;
  /** Writes `csv` as `fileName` in the scratch folder and imports it through `predictions.import`. */
  importPredictions(fileName: string, csv: string): Promise<PredictionsImportReport>;
  stop(): Promise<void>;
}

export interface BrowserSessionOptions {
  viewport?: { width: number; height: number };
  importFirst?: boolean;
  /** Freezes a split with the default settings after the import (needs `importFirst`). */
  freezeSplit?: boolean;
}

/**
 * What every UI spec starts with: the real web host on `dataset` (project state in a temp folder),
 * Debian's Chromium, one page that records console errors, and the screenshot folder. With
 * `importFirst`, the dataset is imported before the page opens, for specs whose subject is not the import;
 * with `freezeSplit` too, a split is frozen, for specs that need a model run.
 */
export async function openBrowserSession(
  dataset: string,
  options: BrowserSessionOptions = {},
): Promise<BrowserSession> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const served = await serveDataset(dataset);
  async function call<T = unknown>(name: string, input: unknown): Promise<T> {
    const result = await served.app.router.call(name as never, input as never);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  }
  if (options.importFirst) await call('import.run', {});
  if (options.freezeSplit) await call('split.freeze', {});
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return {
    served,
    browser,
    page,
    consoleErrors,
    call,
    async importPredictions(fileName, csv) {
      const path = join(served.scratch, fileName);
      await writeFile(path, csv);
      return call<PredictionsImportReport>('predictions.import', { path });
    },
    async stop() {
      await browser.close();
      await served.stop();
    },
  };
}
