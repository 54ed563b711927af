/**
 * `npm run bench -- tagging`: keypress → tag saved and visible, on a project of 100k items (issue #5:
 * p95 < 50 ms). Builds the project as the grid bench does (the demo imported, its index widened to
 * `--items` entries by copies of the demo's items: real thumbnails), freezes a split, imports a
 * predictions CSV over every assigned item (a wrong class for every 5th dev item) and draws a sample of
 * `--presses` + 20 of its dev errors. Then Debian's Chromium opens the Analyze tab and presses a number
 * key on successive items (→ between presses), one key at a time as an analyst does.
 *
 * Measured in the page with performance timestamps: from the keydown event's timeStamp to (a) the chip
 * first in the DOM (the optimistic update), (b) the chip without `data-pending` (the server wrote the tag
 * to disk and answered), (c) the next animation frame after (b) — the frame that paints it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium';
import type { Sample } from '../../shared/analysis/sample-schemas';
import type { ItemPage } from '../../shared/items';
import { startWebHost } from '../host/web-host';
import { APP_VERSION, DEMO_DATASET, RENDERER_DIR } from '../services/app-paths';
import { CeilingApp } from '../services/ceiling-app';
import { header, table, type Bench } from './bench-support';
import { widenIndex } from './grid-bench';

const TARGET_P95_MS = 50;

const USAGE = `npm run bench -- tagging [--items 100000] [--presses 240]

Keypress → tag saved and visible in the Analyze tab (Debian Chromium, headless), with a project of
--items items (synthetic copies of the demo's; default 100,000) and --presses number keys on successive
items of a sample (default 240, at least 200). Target: p95 < ${TARGET_P95_MS} ms.`;

interface PressTiming {
  shown: number;
  saved: number;
  painted: number;
}

/**
 * Browser-side probe, as source text (this file is type-checked for Node, without DOM types): records
 * the keydown's timeStamp and resolves when the current item's chip for `categoryId` is saved.
 */
const PROBE = `(() => {
  window.benchKeyAt = 0;
  document.addEventListener('keydown', (event) => { if (/^[1-9]$/.test(event.key)) window.benchKeyAt = event.timeStamp; }, true);
  window.benchWait = (categoryId) => new Promise((resolve, reject) => {
    const cell = document.querySelector('[data-testid="tag-cell"][aria-current="true"]');
    if (!cell) return reject(new Error('no current cell'));
    const selector = '[data-testid="tag-chip"][data-category-id="' + categoryId + '"]';
    let shown = 0;
    const check = () => {
      const chip = cell.querySelector(selector);
      if (chip && !shown) shown = performance.now();
      return chip !== null && !chip.hasAttribute('data-pending');
    };
    const done = () => {
      const saved = performance.now();
      requestAnimationFrame(() => {
        const painted = performance.now();
        const at = window.benchKeyAt;
        resolve({ shown: shown - at, saved: saved - at, painted: painted - at });
      });
    };
    const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); done(); } });
    observer.observe(cell, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-pending'] });
    setTimeout(() => { observer.disconnect(); reject(new Error('the chip was not saved within 10 s')); }, 10000);
  });
})()`;

/** Builds the project: import, widen, freeze, predictions CSV, sample. Returns the sample and the counts. */
async function buildProject(
  app: CeilingApp,
  projectDir: string,
  target: number,
  sampleSize: number,
): Promise<{ items: number; devErrors: number; sample: Sample }> {
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const result = await app.router.call(name as never, input as never);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
  await call('project.open', { datasetPath: DEMO_DATASET, projectDir });
  await call('import.run', {});
  await app.closeProject();
  const items = await widenIndex(projectDir, target);
  await call('project.open', { datasetPath: DEMO_DATASET, projectDir });
  await call('split.freeze', {});
  const rows: string[] = [];
  const facets = await call<{ labels: { value: string }[] }>('items.facets', {});
  const classes = facets.labels.map((label) => label.value).sort();
  let dev = 0;
  for (let offset = 0; ; offset += 5000) {
    const page = await call<ItemPage>('items.query', { offset, limit: 5000 });
    for (const item of page.items) {
      if (item.split === null) continue;
      const wrong = item.split === 'dev' && dev++ % 5 === 0;
      const predicted = wrong ? classes[(classes.indexOf(item.label) + 1) % classes.length]! : item.label;
      const others = classes.length - (wrong ? 2 : 1);
      const p = classes.map((name) =>
        name === predicted ? (wrong ? 0.6 : 0.85) : wrong && name === item.label ? 0.25 : 0.15 / others,
      );
      rows.push(`${item.id},${predicted},${p.map((value) => value.toFixed(4)).join(',')}`);
    }
    if (offset + page.items.length >= page.total) break;
  }
  const csvPath = join(projectDir, '..', 'predictions.csv');
  await writeFile(
    csvPath,
    [`id,predicted,${classes.map((name) => `p_${name}`).join(',')}`, ...rows].join('\n'),
  );
  const report = await call<{
    runId: string;
    problems: unknown[];
    metrics: { dev: { count: number; errorRate: number } };
  }>('predictions.import', { path: csvPath });
  if (report.problems.length > 0)
    throw new Error(`the predictions CSV had ${report.problems.length} bad rows`);
  const sample = await call<Sample>('analysis.sample.create', {
    runId: report.runId,
    size: sampleSize,
    seed: 7,
  });
  return {
    items,
    devErrors: Math.round(report.metrics.dev.errorRate * report.metrics.dev.count),
    sample,
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

async function pressAll(page: Page, presses: number, categories: string[]): Promise<PressTiming[]> {
  const timings: PressTiming[] = [];
  for (let n = 0; n < presses; n++) {
    const key = n % categories.length;
    const waiting = page.evaluate(
      `window.benchWait(${JSON.stringify(categories[key])})`,
    ) as Promise<PressTiming>;
    await page.keyboard.press(String(key + 1));
    timings.push(await waiting);
    await page.keyboard.press('ArrowRight');
  }
  return timings;
}

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      items: { type: 'string', default: '100000' },
      presses: { type: 'string', default: '240' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const target = Number(values.items);
  const presses = Number(values.presses);
  if (!Number.isInteger(target) || target < 3000 || !Number.isInteger(presses) || presses < 1) {
    console.error(`bench tagging: --items must be ≥ 3000 and --presses ≥ 1\n\n${USAGE}`);
    return 2;
  }
  console.log(header(`bench: tagging — keypress → tag saved and visible, ${target.toLocaleString()} items`));
  const scratch = await mkdtemp(join(tmpdir(), 'ceiling-bench-tagging-'));
  const app = await CeilingApp.create({ host: 'web', version: APP_VERSION, home: join(scratch, 'home') });
  const browser = await launchChromium();
  try {
    const setupStart = performance.now();
    const built = await buildProject(app, join(scratch, 'project'), target, presses + 20);
    const setupSeconds = (performance.now() - setupStart) / 1000;
    console.log(
      `project: ${built.items.toLocaleString()} items (copies of the demo's 3,000), ${built.devErrors.toLocaleString()} dev errors in the run; ` +
        `sample of ${built.sample.items.length} (setup ${setupSeconds.toFixed(1)} s)`,
    );
    const host = await startWebHost({ app, rendererDir: RENDERER_DIR });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('[data-testid=tag-cell][aria-current=true]').waitFor({ timeout: 60_000 });
    const categories = (await page
      .getByTestId('category')
      .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-category-id')!))) as string[];
    await page.evaluate(PROBE);
    await pressAll(page, 10, categories.slice(0, 5)); // warm-up: JIT, first fetches; not counted
    const timings = await pressAll(page, presses, categories.slice(0, 5));
    await host.close();

    const rows = (['shown', 'saved', 'painted'] as const).map((key) => {
      const sorted = timings.map((timing) => timing[key]).sort((a, b) => a - b);
      const names = {
        shown: 'chip shown (optimistic)',
        saved: 'chip saved (no data-pending)',
        painted: 'saved + next frame (visible)',
      };
      return [
        names[key],
        percentile(sorted, 0.5).toFixed(1),
        percentile(sorted, 0.95).toFixed(1),
        sorted[sorted.length - 1]!.toFixed(1),
      ];
    });
    console.log(
      `\n${presses} presses of 1–5 on successive items (after 10 warm-up presses), ms from keydown:\n`,
    );
    console.log(table(['', 'p50', 'p95', 'max'], rows));
    const p95 = Number(rows[2]![2]);
    console.log(
      `\n${p95 < TARGET_P95_MS ? 'TARGET MET' : 'TARGET MISSED'}: p95 keypress → saved and visible ${p95.toFixed(1)} ms ` +
        `(target < ${TARGET_P95_MS} ms)`,
    );
    console.log(
      '(headless Chromium renders in software on 2 cores; the save includes the HTTP call and the fsync)',
    );
    return 0;
  } finally {
    await browser.close();
    await app.closeProject();
    await rm(scratch, { recursive: true, force: true });
  }
}

export const TAGGING_BENCH: Bench = {
  name: 'tagging',
  summary: 'keypress → tag saved and visible in the Analyze tab, 100k-item project (target p95 < 50 ms)',
  run,
};
