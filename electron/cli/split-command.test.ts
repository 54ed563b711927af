import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { put, tempDirs } from '../services/test-support/fixtures';
import { runCli } from '../services/test-support/built-cli';
import sharp from 'sharp';

function noise(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(16 * 16);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width: 16, height: 16, channels: 1 } })
    .png()
    .toBuffer();
}

/** The real `ceiling split` (built bin), on a small project and on a bare manifest. */
describe('ceiling split', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  let work: string;
  const run = (...args: string[]) => runCli(home, args, { cwd: work });

  beforeAll(async () => {
    dataset = await temp.make();
    home = await temp.make();
    work = await temp.make();
    let seed = 1;
    for (const source of ['phone', 'web'])
      for (const label of ['cat', 'dog'])
        for (let n = 0; n < 12; n++) await put(dataset, `${source}/${label}/${n}.png`, await noise(seed++));
  });
  afterAll(() => temp.cleanupAll());

  it('imports if needed, previews, freezes and exports with --json', () => {
    const result = run('split', dataset, '--target', 'phone', '--freeze', '--export', 'out.csv', '--json');
    expect(result.status, result.stderr).toBe(0);
    const { preview, frozen, exported } = JSON.parse(result.stdout);
    expect(preview.itemCount).toBe(48);
    expect(preview.poolSize).toBe(24);
    expect(frozen.version).toBe(1);
    expect(exported.path).toBe(join(work, 'out.csv'));
    const lines = readFileSync(exported.path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,path,label,source,split');
    expect(lines.filter((line) => /,web,(dev|test)$/.test(line))).toEqual([]);
  });

  it('prints the table, the rule and the warnings in words; keeps the saved settings', () => {
    const result = run('split', dataset);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('dev/test pool: 24 "phone" items');
    expect(result.stdout).toContain('pinned by the frozen version');
    expect(result.stdout).toMatch(/warning \[dev-too-small\]: Dev has \d+ items/);
  });

  it('refuses an unknown target and impossible ratios with their message, exit 1', () => {
    const unknown = run('split', dataset, '--target', 'tablet');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(
      'There is no source "tablet" in this data. Known sources: "phone", "web".',
    );
    const ratios = run('split', dataset, '--ratios', '70/20/20');
    expect(ratios.status).toBe(1);
    expect(ratios.stderr).toContain('The ratios 70/20/20 add up to 110 %, not 100 %.');
  });

  it('streams a bare manifest with --manifest/--out, without a project', async () => {
    const rows = [
      'path,label,source',
      ...Array.from(
        { length: 3000 },
        (_, i) => `${i % 4 ? 'web' : 'phone'}/${i}.jpg,c${i % 3},${i % 4 ? 'web' : 'phone'}`,
      ),
    ];
    const manifest = await put(work, 'm.csv', rows.join('\n'));
    const result = run('split', '--manifest', manifest, '--out', 'split.csv', '--target', 'phone', '--json');
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.rows).toBe(3000);
    expect(summary.poolSize).toBe(750);
    expect(existsSync(join(work, 'split.csv'))).toBe(true);
    expect(readFileSync(join(work, 'split.csv'), 'utf8').trim().split('\r\n')).toHaveLength(3001);
  });
});
