/**
 * `npm run bench -- grid`: does the thumbnail grid stay smooth with 100k+ items? Imports the demo
 * project into a temp folder, then widens its item index to `--items` entries (default 120,000) by
 * repeating the demo's items under new ids and paths — a synthetic index for this UI benchmark only:
 * every entry points at a real thumbnail, so the browser does real fetches and decodes. Serves it with
 * the real web host and drives Debian's Chromium: time to the first thumbnails, frame times while
 * scrolling at wheel speed and at fling speed, long tasks, and a jump to the last item.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium';
import { startWebHost } from '../host/web-host';
import { APP_VERSION, DEMO_DATASET, RENDERER_DIR } from '../services/app-paths';
import { CeilingApp } from '../services/ceiling-app';
import { ITEM_INDEX_FILE } from '../services/items/item-index';
import { header, type Bench } from './bench-support';

interface ScrollStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  longTasks: number;
  longestTask: number;
}

export async function widenIndex(projectDir: string, target: number): Promise<number> {
  const path = join(projectDir, ITEM_INDEX_FILE);
  const file = JSON.parse(await readFile(path, 'utf8')) as {
    items: { id: string; hash: string; path: string }[];
  };
  const base = file.items;
  const items = [];
  for (let copy = 0; items.length < target; copy++) {
    for (const item of base) {
      if (items.length >= target) break;
      items.push(
        copy === 0 ? item : { ...item, id: `${item.hash}-${copy + 1}`, path: `${item.path}.copy${copy}` },
      );
    }
  }
  items.sort((a, b) => (a.path < b.path ? -1 : 1));
  await writeFile(path, JSON.stringify({ ...file, items }));
  return items.length;
}

/**
 * Browser-side probes, as source text: this file is type-checked for Node (no DOM types), and tsx would
 * wrap a serialized function in helpers the page does not have.
 */
const START_PROBE = `(() => {
  window.benchLong = [];
  window.benchFrames = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.benchLong.push(entry.duration); })
    .observe({ entryTypes: ['longtask'] });
  let last = performance.now();
  const tick = (now) => { window.benchFrames.push(now - last); last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

const READ_PROBE = `(() => {
  const frames = window.benchFrames.slice(5).sort((a, b) => a - b);
  const at = (q) => frames[Math.floor(q * (frames.length - 1))] ?? 0;
  return {
    frames: frames.length, p50: at(0.5), p95: at(0.95), max: frames[frames.length - 1] ?? 0,
    longTasks: window.benchLong.length, longestTask: Math.max(0, ...window.benchLong),
  };
})()`;

/** Scroll with `steps` wheel events of `pixels` each, 16 ms apart, recording frame gaps and long tasks. */
async function scroll(page: Page, pixels: number, steps: number): Promise<ScrollStats> {
  await page.evaluate(START_PROBE);
  await page.mouse.move(700, 400);
  for (let step = 0; step < steps; step++) {
    await page.mouse.wheel(0, pixels);
    await page.waitForTimeout(16);
  }
  return (await page.evaluate(READ_PROBE)) as ScrollStats;
}

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { items: { type: 'string', default: '120000' } } });
  const target = Number(values.items);
  console.log(
    header(
      `bench: grid — scrolling ${target.toLocaleString()} items in the web host (Debian Chromium, headless)`,
    ),
  );
  const scratch = await mkdtemp(join(tmpdir(), 'ceiling-bench-grid-'));
  const app = await CeilingApp.create({ host: 'web', version: APP_VERSION, home: join(scratch, 'home') });
  const projectDir = join(scratch, 'project');
  const browser = await launchChromium();
  try {
    const opened = await app.router.call('project.open', { datasetPath: DEMO_DATASET, projectDir });
    if (!opened.ok) throw new Error(opened.error.message);
    const imported = await app.router.call('import.run', {});
    if (!imported.ok) throw new Error(imported.error.message);
    await app.closeProject();
    const count = await widenIndex(projectDir, target);
    await app.router.call('project.open', { datasetPath: DEMO_DATASET, projectDir });
    const host = await startWebHost({ app, rendererDir: RENDERER_DIR });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const started = performance.now();
    await page.goto(host.url);
    await page.locator('[data-testid=cell] img').first().waitFor({ timeout: 60_000 });
    const firstThumbs = performance.now() - started;
    const cellsInDom = await page.getByTestId('cell').count();
    const wheel = await scroll(page, 120, 150);
    const fling = await scroll(page, 1500, 150);
    await page.getByTestId('grid').focus();
    const jumpStart = performance.now();
    await page.keyboard.press('End');
    await page.locator(`[data-testid=cell][data-index="${count - 1}"] img`).waitFor();
    const jump = performance.now() - jumpStart;
    await host.close();

    const line = (name: string, stats: ScrollStats) =>
      `  ${name.padEnd(28)} frame p50 ${stats.p50.toFixed(1)} ms · p95 ${stats.p95.toFixed(1)} ms · max ${stats.max.toFixed(0)} ms · ` +
      `${stats.longTasks} long tasks (longest ${stats.longestTask.toFixed(0)} ms)`;
    console.log(
      `items in the index: ${count.toLocaleString()} (synthetic copies of the demo's 3,000; real thumbnails)`,
    );
    console.log(
      `first thumbnails on screen: ${firstThumbs.toFixed(0)} ms after navigation; cells in the DOM: ${cellsInDom}`,
    );
    console.log(line('wheel (120 px / 16 ms)', wheel));
    console.log(line('fling (1,500 px / 16 ms)', fling));
    console.log(`End → last item (#${count.toLocaleString()}) on screen: ${jump.toFixed(0)} ms`);
    console.log('(headless Chromium renders in software on 2 cores: a desktop GPU does better)');
    return 0;
  } finally {
    await browser.close();
    await app.closeProject();
    await rm(scratch, { recursive: true, force: true });
  }
}

export const GRID_BENCH: Bench = {
  name: 'grid',
  summary: 'thumbnail grid with 120k items in Debian Chromium: first paint, scroll frame times, jump to end',
  run,
};
