import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET } from '../electron/services/app-paths';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { openScreen } from './support/open-screen';
import { SCREENSHOT_DIR, type ServedProject } from './support/served-project';

/**
 * The Tune screen on the demo project (split frozen first): the space editor with its tier presets and
 * sample strips, a bad range refused with its message (and Start blocked), the budget helper's figures, a
 * 3-trial random study of 1 epoch (learning rate log-uniform + hidden units) run in panda mode with live
 * curves, then the results: the trials table, the history, a slice per parameter, parallel coordinates,
 * importance, compare, the CSV export read back from disk, and "train this config". Screenshots land in
 * e2e/screenshots/.
 */
describe('the Tune screen', () => {
  let session: BrowserSession;
  let served: ServedProject;
  let page: Page;
  let consoleErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  const row = (name: string) => page.locator(`[data-testid=param-row][data-name=${name}]`);
  const call = <T>(name: string, input: unknown) => session.call<T>(name, input);

  beforeAll(async () => {
    session = await openBrowserSession(DEMO_DATASET, {
      importFirst: true,
      freezeSplit: true,
      viewport: { width: 1440, height: 900 },
    });
    ({ served, page, consoleErrors } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('opens with the learning rate searched, the tiers labelled and a strip of 50 draws on a log scale', async () => {
    await page.goto(served.host.url);
    // Keep trials short: the Train tab's config (their base) trains on 600 items with one hidden layer.
    await openScreen(page, 'Train', 'train-screen');
    await page.getByTestId('limit-train').fill('600');
    await page.getByTestId('hidden-units').fill('32');
    await openScreen(page, 'Tune', 'tune-screen');

    expect(await row('learning_rate').getByTestId('param-enabled').isChecked()).toBe(true);
    expect(await row('hidden_units').getByTestId('param-enabled').isChecked()).toBe(false);
    expect(await page.getByTestId('space-editor').textContent()).toContain(
      'Tier 1 · Tune first: the learning rate',
    );
    const strip = row('learning_rate').getByTestId('sample-strip');
    expect(await strip.getAttribute('data-samples')).toBe('50');
    expect(await strip.locator('text').allTextContents()).toEqual(['1e-4', '0.001', '0.01', '0.1', '1']);
    expect(await page.getByTestId('base-config').textContent()).toContain('MLP 32');
    // Every tier: each scale with its strip, β on the log scale of 1 − β with its explanation.
    await page.getByTestId('preset-tier-4').click();
    expect(await row('adam_epsilon').getByTestId('param-enabled').isChecked()).toBe(true);
    expect(await row('momentum').textContent()).toContain('Samples 1 − x on a log scale');
    expect(await row('momentum').getByTestId('sample-strip').locator('text').allTextContents()).toEqual([
      '0.9',
      '0.99',
      '0.999',
    ]);
    expect(await row('batch_size').getByTestId('sample-strip').getAttribute('data-samples')).toBe('50');
    await page.setViewportSize({ width: 1440, height: 2100 });
    await shot('tune-01-space-editor');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('preset-tier-1').click();
    expect(await row('momentum').getByTestId('param-enabled').isChecked()).toBe(false);
  });

  it('refuses a bad range with its message and blocks starting until it is fixed', async () => {
    await row('hidden_units').getByTestId('param-enabled').check();
    await row('hidden_units').getByTestId('param-low').fill('64');
    await row('hidden_units').getByTestId('param-high').fill('16');
    await row('learning_rate').getByTestId('param-low').fill('0');
    await expect
      .poll(() => page.getByTestId('param-problem').allTextContents())
      .toEqual([
        '"learning_rate" is on a log scale, so its range must stay above 0 (low is 0).',
        '"hidden_units": low (64) must be below high (16).',
      ]);
    expect(await page.getByTestId('start-study').isDisabled()).toBe(true);
    expect(await page.getByTestId('start-blockers').textContent()).toContain(
      'Fix the search space (2 problems)',
    );
    expect(await row('hidden_units').getByTestId('sample-strip').count()).toBe(0);
    await shot('tune-02-bad-range');

    await row('learning_rate').getByTestId('param-low').fill('1e-4');
    await row('learning_rate').getByTestId('param-high').fill('0.1');
    await row('hidden_units').getByTestId('param-low').fill('16');
    await row('hidden_units').getByTestId('param-high').fill('64');
    await expect.poll(() => page.getByTestId('param-problem').count()).toBe(0);
    expect(await row('hidden_units').getByTestId('sample-strip').getAttribute('data-samples')).toBe('50');
    // A parameter of your own: dropout first; a name used twice is refused; removing it frees Start again.
    await page.getByTestId('add-param').click();
    const own = page.getByTestId('param-row').last();
    expect(await own.getByTestId('param-name').inputValue()).toBe('dropout');
    expect(await own.getByTestId('sample-strip').getAttribute('data-samples')).toBe('50');
    await own.getByTestId('param-name').fill('learning_rate');
    await expect
      .poll(() => page.getByTestId('param-problem').allTextContents())
      .toContain('"learning_rate" is defined twice.');
    expect(await page.getByTestId('start-study').isDisabled()).toBe(true);
    await own.getByTestId('param-remove').click();
    await expect.poll(() => page.getByTestId('param-problem').count()).toBe(0);
    expect(await page.getByTestId('start-study').isEnabled()).toBe(true);
  });

  it('exports the space as a JSON file and loads one back from text, refusing a bad one with its message', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('space-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('search-space.json');
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      parameters: { name: string; scale: string; low: number; high: number }[];
    };
    expect(
      exported.parameters.map((parameter) => [
        parameter.name,
        parameter.scale,
        parameter.low,
        parameter.high,
      ]),
    ).toEqual([
      ['learning_rate', 'log_uniform', 1e-4, 0.1],
      ['hidden_units', 'int', 16, 64],
    ]);
    await page.getByTestId('space-json-toggle').click();
    const text = await page.getByTestId('space-json').inputValue();
    await page
      .getByTestId('space-json')
      .fill('{"parameters": [{"name": "learning_rate", "scale": "log_uniform", "low": 0, "high": 1}]}');
    await page.getByTestId('space-json-apply').click();
    expect(await page.getByTestId('space-notice').textContent()).toContain(
      'log scale, so its range must stay above 0',
    );
    expect(await row('hidden_units').getByTestId('param-enabled').isChecked()).toBe(true);
    await page.getByTestId('space-json').fill(text);
    await page.getByTestId('space-json-apply').click();
    expect(await page.getByTestId('space-notice').textContent()).toBe('Loaded 2 parameters.');
    expect(await row('learning_rate').getByTestId('param-high').inputValue()).toBe('0.1');
    expect(await row('hidden_units').getByTestId('param-low').inputValue()).toBe('16');
    await page.getByTestId('space-json-toggle').click();
  });

  it('shows the budget helper: 25 trials on 2 axes → grid 5×5 41%, random 93% for a 10% sweet spot', async () => {
    await page.getByTestId('trials').fill('25');
    await expect
      .poll(() => page.getByTestId('budget-line').textContent())
      .toMatch(/With 25 trials: grid 5×5 → 41%/);
    expect(await page.getByTestId('budget-random').textContent()).toBe('93%');
    await page.getByTestId('budget-helper').scrollIntoViewIfNeeded();
    await page
      .getByTestId('study-settings')
      .screenshot({ path: join(SCREENSHOT_DIR, 'tune-03-settings-budget.png') });
    // Coarse-to-fine counts its rounds (20 + 10 by default, the seed's D1); the median pruner has its settings.
    await page.locator('label:has([data-testid=strategy-coarse-to-fine])').click();
    await page.locator('label:has([data-testid=pruner-median])').click();
    expect(await page.getByTestId('trials').inputValue()).toBe('30');
    await expect
      .poll(() => page.getByTestId('budget-line').textContent())
      .toMatch(/With 30 trials: grid 5×5/);
    await page
      .getByTestId('study-settings')
      .screenshot({ path: join(SCREENSHOT_DIR, 'tune-03b-settings-coarse-median.png') });
    await page.locator('label:has([data-testid=strategy-random])').click();
    await page.locator('label:has([data-testid=pruner-none])').click();
    await page.getByTestId('trials').fill('3');
    await expect
      .poll(() => page.getByTestId('budget-line').textContent())
      .toMatch(/With 3 trials: grid 1×1 → 10%/);
  });

  it('runs a 3-trial random study of 1 epoch in panda mode with live curves', async () => {
    await page.getByTestId('epochs-per-trial').fill('1');
    await page.getByTestId('seed').fill('7');
    await page.getByTestId('study-name').fill('lr and units');
    expect(await page.getByTestId('start-study').textContent()).toContain('Start 3 trials');
    await page.getByTestId('start-study').click();
    await page.getByTestId('panda-view').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=trial-row][data-status=running]').waitFor({ timeout: 30_000 });
    await page.getByTestId('next-trial').waitFor();
    // Panda: set the next trial's values by hand while the first runs; a later trial runs with exactly them.
    const next = page.getByTestId('next-value');
    await next.nth(0).fill('0.01');
    await next.nth(1).fill('70');
    expect(await page.getByTestId('set-next').isDisabled()).toBe(true);
    await next.nth(1).fill('20');
    await page.getByTestId('set-next').click();
    await page
      .getByTestId('panda-curves')
      .getByTestId('curve-train-loss')
      .first()
      .waitFor({ timeout: 60_000 });
    await shot('tune-04-running');
    await page.locator('[data-testid=study-bar][data-status=completed]').waitFor({ timeout: 180_000 });
    await expect
      .poll(() => page.locator('[data-testid=trial-row][data-status=completed]').count(), { timeout: 10_000 })
      .toBe(3);
    const values = await page.getByTestId('trial-value').allTextContents();
    expect(values).toHaveLength(3);
    for (const value of values) expect(value).toMatch(/^\d+\.\d\d%$/);
    // Sorted by dev accuracy, best first, the top trials highlighted.
    const numbers = values.map((value) => Number(value.replace('%', '')));
    expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
    expect(await page.locator('[data-testid=trial-row][data-top=true]').count()).toBe(3);
    const { trials } = await call<{ trials: { number: number; params: Record<string, number> }[] }>(
      'tuning.study.get',
      { studyId: (await call<{ id: string }[]>('tuning.study.list', {}))[0]!.id },
    );
    const steered = trials.filter(
      (trial) => trial.params.learning_rate === 0.01 && trial.params.hidden_units === 20,
    );
    expect(steered.map((trial) => trial.number)).toEqual([expect.any(Number)]);
    expect(steered[0]!.number).toBeGreaterThan(0);
  });

  it('draws the history, a slice per parameter on its own scale, parallel coordinates and importance', async () => {
    expect(await page.getByTestId('history-point').count()).toBe(3);
    expect(await page.getByTestId('best-line').count()).toBe(1);
    const slices = page.getByTestId('slice-chart');
    expect(await slices.count()).toBe(2);
    const rate = page.locator('[data-testid=slice-chart][data-param=learning_rate]');
    expect(await rate.getByTestId('slice-point').count()).toBe(3);
    expect(await rate.textContent()).toContain('log scale');
    expect(await rate.locator('text.tu-tick').allTextContents()).toEqual(
      expect.arrayContaining(['1e-4', '0.001', '0.01', '0.1']),
    );
    expect(
      await page
        .locator('[data-testid=slice-chart][data-param=hidden_units]')
        .getByTestId('slice-point')
        .count(),
    ).toBe(3);
    expect(await page.getByTestId('parallel-line').count()).toBe(3);
    await page.getByTestId('importance').waitFor();
    await expect
      .poll(() => page.getByTestId('importance').textContent(), { timeout: 10_000 })
      .toMatch(/learning_rate|Not computed|trials/);
    // The whole results column, on a tall page.
    await page.setViewportSize({ width: 1440, height: 2200 });
    await page.getByTestId('trials-table').scrollIntoViewIfNeeded();
    await shot('tune-05-results');
    await page
      .getByTestId('parallel-chart')
      .screenshot({ path: join(SCREENSHOT_DIR, 'tune-06-parallel.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('sorts by any column, compares two trials and exports the CSV into the project folder', async () => {
    await page.getByTestId('sort-number').click();
    await expect
      .poll(async () =>
        (await page.getByTestId('trial-row').locator('td:nth-child(2)').allTextContents()).map(Number),
      )
      .toEqual([0, 1, 2]);
    await page.getByTestId('sort-number').click();
    expect(
      (await page.getByTestId('trial-row').locator('td:nth-child(2)').allTextContents()).map(Number),
    ).toEqual([2, 1, 0]);

    await page.getByTestId('trial-compare').nth(0).check();
    await page.getByTestId('trial-compare').nth(1).check();
    const compare = page.getByTestId('trial-compare-view');
    expect(await compare.textContent()).toContain('A = trial #2');
    expect(await compare.locator('circle, polyline').count()).toBeGreaterThanOrEqual(4);
    await compare.scrollIntoViewIfNeeded();
    await shot('tune-07-compare');

    await page.getByTestId('export-csv').click();
    const notice = await page.getByTestId('export-path').textContent();
    expect(notice).toMatch(/Wrote 3 rows to .*tuning-.*\.csv/);
    const path = notice!.replace(/^.*rows to\s*/, '').trim();
    expect(path.startsWith(join(served.scratch, 'project'))).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(await readFile(path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data).toHaveLength(3);
    expect(parsed.meta.fields).toEqual(
      expect.arrayContaining([
        'trial',
        'status',
        'param_learning_rate',
        'param_hidden_units',
        'dev_accuracy',
      ]),
    );
    for (const record of parsed.data) {
      expect(record.status).toBe('completed');
      const rate = Number(record.param_learning_rate);
      expect(rate).toBeGreaterThanOrEqual(1e-4);
      expect(rate).toBeLessThanOrEqual(0.1);
      const units = Number(record.param_hidden_units);
      expect(Number.isInteger(units) && units >= 16 && units <= 64).toBe(true);
      expect(Number(record.dev_accuracy)).toBeGreaterThan(0);
    }
  });

  it('trains the best config as a model run, followed on the Train tab', async () => {
    await page.getByTestId('sort-value').click();
    await page.getByTestId('train-trial').first().click();
    await expect.poll(() => page.getByTestId('tune-notice').textContent()).toMatch(/as run \S+/);
    await page.getByTestId('go-train').click();
    await page.locator('[data-testid=train-screen][data-loaded=true]').waitFor();
    await page.locator('[data-testid=run-row][data-status=completed]').waitFor({ timeout: 90_000 });
    expect(consoleErrors).toEqual([]);
  });

  it('stops a running panda trial (kept as stopped with its epoch) and pauses the study', async () => {
    await openScreen(page, 'Tune', 'tune-screen');
    await page.getByTestId('trials').fill('3');
    await page.getByTestId('epochs-per-trial').fill('30');
    await page.getByTestId('start-study').click();
    await page.locator('[data-testid=trial-row][data-status=running]').waitFor({ timeout: 30_000 });
    await page.getByTestId('running-epoch').waitFor();
    await page.getByTestId('stop-trial').click();
    const stopped = page.locator('[data-testid=trial-row][data-status=stopped]');
    await stopped.waitFor({ timeout: 30_000 });
    expect(await stopped.textContent()).toMatch(/stopped @ ep\. \d+/);
    // The study goes on with the next trial; pause it.
    await page.locator('[data-testid=trial-row][data-status=running]').waitFor({ timeout: 30_000 });
    await page.getByTestId('pause-study').click();
    await page.locator('[data-testid=study-bar][data-status=paused]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('resume-study').count()).toBe(1);
    await shot('tune-09-stopped-paused');
  });

  it('prunes with successive halving: pruned trials say at which epoch, hollow in the history', async () => {
    await page.locator('label:has([data-testid=pruner-successive-halving])').click();
    // η = 2: at epoch 1 a trial goes on only if it is the best so far, so a worse later trial is pruned.
    await page.getByTestId('halving-eta').fill('2');
    await page.getByTestId('trials').fill('5');
    await page.getByTestId('epochs-per-trial').fill('2');
    await page.getByTestId('seed').fill('11');
    await page.getByTestId('study-name').fill('pruning');
    await page.getByTestId('start-study').click();
    await page
      .locator('[data-testid=study-bar][data-name=pruning][data-status=completed]')
      .waitFor({ timeout: 180_000 });
    const pruned = page.locator('[data-testid=trial-row][data-status=pruned]');
    expect(await pruned.count()).toBeGreaterThan(0);
    // Rungs at 1 and 2 epochs (r = 1, η = 2).
    for (const text of await pruned.allTextContents()) expect(text).toMatch(/pruned @ ep\. [12]/);
    expect(await page.locator('[data-testid=history-point].tu-dot-pruned').count()).toBe(
      await pruned.count(),
    );
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.getByTestId('trials-table').scrollIntoViewIfNeeded();
    await shot('tune-10-pruned');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('label:has([data-testid=pruner-none])').click();
  });

  it('runs coarse-to-fine in rounds (3 + 2, top 2, finalists), with a choice parameter', async () => {
    await page.locator('label:has([data-testid=strategy-coarse-to-fine])').click();
    await page.getByTestId('c2f-round1').fill('3');
    await page.getByTestId('c2f-round2').fill('2');
    await page.getByTestId('c2f-topk').fill('2');
    await page.getByTestId('c2f-final').fill('1');
    await page.getByTestId('epochs-per-trial').fill('1');
    await row('batch_size').getByTestId('param-enabled').check();
    await row('batch_size').getByTestId('param-choices').fill('64, 128');
    expect(await page.getByTestId('trials').inputValue()).toBe('5');
    await page.getByTestId('study-name').fill('c2f');
    await page.getByTestId('start-study').click();
    await page
      .locator('[data-testid=study-bar][data-name=c2f][data-status=completed]')
      .waitFor({ timeout: 240_000 });
    const rows = page.getByTestId('trial-row');
    expect(await rows.count()).toBe(7);
    expect(await page.getByTestId('sort-round').count()).toBe(1);
    expect(await page.getByTestId('history-chart').textContent()).toContain('round 2');
    expect(await page.getByTestId('history-chart').textContent()).toContain('round 3');
    const batch = page.locator('[data-testid=slice-chart][data-param=batch_size]');
    expect(await batch.locator('text.tu-tick').allTextContents()).toEqual(
      expect.arrayContaining(['64', '128']),
    );
    expect(await batch.getByTestId('slice-point').count()).toBe(7);
    await page.setViewportSize({ width: 1440, height: 2300 });
    await page.getByTestId('trials-table').scrollIntoViewIfNeeded();
    await shot('tune-11-coarse-to-fine');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('label:has([data-testid=strategy-random])').click();
    await row('batch_size').getByTestId('param-enabled').uncheck();
  });

  it('runs a caviar study: trials side by side with their progress, in 2 workers', async () => {
    await openScreen(page, 'Tune', 'tune-screen');
    // The radio is hidden in its segmented label: click the label as a user does.
    await page.locator('label:has([data-testid=mode-caviar])').click();
    expect(await page.getByTestId('mode-caviar').isChecked()).toBe(true);
    await page.getByTestId('workers').fill('99');
    await expect
      .poll(() => page.getByTestId('settings-problem').allTextContents())
      .toEqual([expect.stringMatching(/^At most \d+ \(the cores of this machine\)\.$/)]);
    expect(await page.getByTestId('start-study').isDisabled()).toBe(true);
    await page.getByTestId('workers').fill('2');
    await page.getByTestId('trials').fill('2');
    await page.getByTestId('epochs-per-trial').fill('1');
    await page.getByTestId('study-name').fill('caviar');
    await page.getByTestId('start-study').click();
    await page.getByTestId('caviar-card').first().waitFor({ timeout: 30_000 });
    await shot('tune-08-caviar');
    await page
      .locator('[data-testid=study-bar][data-name=caviar][data-status=completed]')
      .waitFor({ timeout: 180_000 });
    expect(await page.locator('[data-testid=trial-row][data-status=completed]').count()).toBe(2);
    expect(await page.getByTestId('study-bar').textContent()).toContain('caviar × 2');
    expect(consoleErrors).toEqual([]);
  });
});
