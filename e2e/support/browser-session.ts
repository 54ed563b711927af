import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { SCREENSHOT_DIR, serveDataset, type ServedProject } from './served-project';

export interface BrowserSession {
  served: ServedProject;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught page errors (CSP violations among them), for a final "none" check. */
  consoleErrors: string[];
  stop(): Promise<void>;
}

/**
 * What every UI spec starts with: the real web host on `dataset` (project state in a temp folder),
 * Debian's Chromium, one page that records console errors, and the screenshot folder. With
 * `importFirst`, the dataset is imported before the page opens, for specs whose subject is not the import.
 */
export async function openBrowserSession(
  dataset: string,
  options: { viewport?: { width: number; height: number }; importFirst?: boolean } = {},
): Promise<BrowserSession> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const served = await serveDataset(dataset);
  if (options.importFirst) {
    const imported = await served.app.router.call('import.run', {});
    if (!imported.ok) throw new Error(imported.error.message);
  }
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
    async stop() {
      await browser.close();
      await served.stop();
    },
  };
}
