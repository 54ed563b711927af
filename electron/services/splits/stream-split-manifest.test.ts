import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SplitSettingsSchema, type SplitSettingsInput } from '../../../shared/splits/split-schemas';
import { APP_ROOT } from '../app-paths';
import { put, tempDirs } from '../test-support/fixtures';
import { streamSplitManifest, type StreamSplitResult } from './stream-split-manifest';

const LABELS = ['cat', 'dog', 'fox'];

/** A manifest of `rows` rows written as a stream: path,label,source[,split]. */
async function writeManifest(path: string, rows: number, withSplit = false): Promise<void> {
  const out = createWriteStream(path);
  out.write(withSplit ? 'path,label,source,split\n' : 'path,label,source\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const source = i % 10 === 0 ? 'phone' : 'web';
    const split = withSplit && i % 1000 === 1 ? 'test' : '';
    chunk += `${source}/${LABELS[i % 3]}/img-${i}.jpg,${LABELS[i % 3]},${source}${withSplit ? `,${split}` : ''}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const settings = (input: SplitSettingsInput = {}) => SplitSettingsSchema.parse(input);

describe('streaming split of a bare CSV manifest', () => {
  const temps = tempDirs();
  afterAll(() => temps.cleanupAll());

  it('splits 600k rows in a 24 MB heap (loading the file alone would not fit), dev/test only from the target', async () => {
    const dir = await temps.make();
    const manifest = join(dir, 'big.csv');
    const out = join(dir, 'split.csv');
    await writeManifest(manifest, 600_000);
    expect((await stat(manifest)).size).toBeGreaterThan(17 * 2 ** 20);
    // a child process with a small V8 heap: streaming must fit, holding the rows could not
    const child = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=24',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { streamSplitManifest } from './electron/services/splits/stream-split-manifest.ts';
         import { SplitSettingsSchema } from './shared/splits/split-schemas.ts';
         const result = await streamSplitManifest({ manifestPath: ${JSON.stringify(manifest)}, outPath: ${JSON.stringify(out)},
           settings: SplitSettingsSchema.parse({ targetSource: 'phone', seed: 11 }) });
         console.log(JSON.stringify(result));`,
      ],
      { cwd: APP_ROOT, encoding: 'utf8' },
    );
    expect(child.status, child.stderr.slice(0, 400)).toBe(0);
    const result = JSON.parse(child.stdout) as StreamSplitResult;

    expect(result.rows).toBe(600_000);
    expect(result.poolSize).toBe(60_000);
    expect(result.ratios).toEqual({ train: 83.3446, dev: 8.3277, test: 8.3277 }); // log10 between 10k and 100k
    const devSources = new Set(
      result.counts.filter((row) => row.split === 'dev' || row.split === 'test').map((row) => row.source),
    );
    expect(devSources).toEqual(new Set(['phone']));
    expect(Math.abs(result.totals.dev - 60_000 * 0.083277)).toBeLessThan(4 * Math.sqrt(60_000 * 0.08));

    const lines = (await readFile(out, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('path,label,source,split');
    expect(lines).toHaveLength(600_002); // header, rows, final empty string
    expect(lines[1]).toMatch(/^phone\/cat\/img-0\.jpg,cat,phone,(train|train-dev|dev|test)$/);
    const again = join(dir, 'again.csv');
    await streamSplitManifest({
      manifestPath: manifest,
      outPath: again,
      settings: settings({ targetSource: 'phone', seed: 11 }),
    });
    expect(await readFile(again, 'utf8')).toBe(lines.join('\r\n')); // deterministic
  });

  it('keeps splits given in the manifest and keys the draw on the path', async () => {
    const dir = await temps.make();
    const manifest = join(dir, 'm.csv');
    await writeManifest(manifest, 20_000, true);
    const out = join(dir, 'out.csv');
    const result = await streamSplitManifest({
      manifestPath: manifest,
      outPath: out,
      settings: settings({ targetSource: 'phone' }),
    });
    const rows = (await readFile(out, 'utf8')).trim().split('\r\n').slice(1);
    for (let i = 1; i < 20_000; i += 1000) expect(rows[i]).toMatch(/,test$/); // web rows fixed to test by the manifest
    expect(result.warnings.find((warning) => warning.code === 'dev-test-not-target')?.numbers.items).toBe(20);
  });

  it('refuses bad manifests and settings with the line or the reason', async () => {
    const dir = await temps.make();
    const out = join(dir, 'out.csv');
    const manifest = await put(dir, 'bad.csv', 'path,label,source\na.png,cat,phone\n"b, c.png",,phone\n');
    await expect(
      streamSplitManifest({ manifestPath: manifest, outPath: out, settings: settings() }),
    ).rejects.toThrow('line 3: b, c.png has an empty class label: every row needs a class');
    const good = await put(dir, 'good.csv', 'path,label,source\na.png,cat,phone\nb.png,dog,web\n');
    await expect(
      streamSplitManifest({
        manifestPath: good,
        outPath: out,
        settings: settings({ targetSource: 'tablet' }),
      }),
    ).rejects.toThrow('There is no source "tablet" in this manifest. Known sources: "phone", "web".');
    await expect(
      streamSplitManifest({
        manifestPath: good,
        outPath: out,
        settings: settings({ ratios: { train: 70, dev: 20, test: 20 } }),
      }),
    ).rejects.toThrow('The ratios 70/20/20 add up to 110 %, not 100 %.');
    const header = await put(dir, 'header.csv', 'file,class\na.png,cat\n');
    await expect(
      streamSplitManifest({ manifestPath: header, outPath: out, settings: settings() }),
    ).rejects.toThrow('line 1: the header must name "path" and "label" columns (found: file, class)');
    await expect(stat(out)).rejects.toThrow(); // nothing half-written
  });
});
