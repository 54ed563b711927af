import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_DATASET, MAIN_FILE } from '../electron/services/app-paths';
import { SCREENSHOT_DIR } from './support/served-project';

/**
 * The real Electron app, launched by Playwright, wherever an Electron binary and a display exist.
 * Elsewhere (these machines cannot download the binary) the test is skipped with the reason in its
 * name and in the output — never silently.
 */
function electronBinary(): { path: string } | { reason: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    return { reason: `no Electron binary (${(error as Error).message.split('\n')[0]})` };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { reason: 'no Electron binary on disk' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (run under xvfb-run to include this test)' };
  }
  return { path };
}

const binary = electronBinary();
const skipReason = 'reason' in binary ? binary.reason : null;
if (skipReason) console.log(`[electron-launch] SKIPPED: ${skipReason}`);

describe('the Electron window', () => {
  it.skipIf(skipReason !== null)(
    skipReason
      ? `launches the app — SKIPPED: ${skipReason}`
      : 'launches the app, locked down, on the demo project',
    async () => {
      const home = await mkdtemp(join(tmpdir(), 'ceiling-electron-'));
      const app = await electron.launch({
        executablePath: (binary as { path: string }).path,
        args: [MAIN_FILE, DEMO_DATASET, `--user-data-dir=${home}`],
      });
      try {
        const page = await app.firstWindow();
        await page.getByTestId('grid').waitFor({ timeout: 90_000 });
        expect(page.url()).toBe('ceiling://app/index.html');
        // No Node in the page (nodeIntegration off, contextIsolation on): the values themselves are
        // checked in electron/main/security.test.ts; here we check their effect in the real window.
        expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
          'undefined',
        );
        // The page sees exactly the two bridge functions, and no Node.
        expect(
          await page.evaluate(() => Object.keys((window as unknown as { ceiling: object }).ceiling).sort()),
        ).toEqual(['call', 'onEvent']);
        expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
          'undefined',
        );
        // window.open is denied.
        expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'electron-demo-grid.png') });
      } finally {
        await app.close();
        await rm(home, { recursive: true, force: true });
      }
    },
  );
});
