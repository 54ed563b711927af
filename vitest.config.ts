import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (shared/ and the Node services, real files in temp folders) and `e2e` (Playwright
 * driving Debian's Chromium against the web host, and the Electron launch spec). `npm test` runs both.
 */
export default defineConfig({
  test: {
    // The JSON report lets .ci/run print one plain "N passed, N failed, N skipped" line at the end.
    reporters: ['default', ['json', { outputFile: 'out/test-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
