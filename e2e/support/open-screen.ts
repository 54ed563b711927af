import type { Page } from 'playwright-core';

/**
 * Clicks the tab named exactly `tab` and waits until the screen `screenTestId` says it has loaded its data
 * (`data-loaded=true`), so the next check reads a filled screen, not a loading one.
 */
export async function openScreen(page: Page, tab: string, screenTestId: string): Promise<void> {
  await page.getByRole('button', { name: tab, exact: true }).click();
  await page.locator(`[data-testid=${screenTestId}][data-loaded=true]`).waitFor();
}
