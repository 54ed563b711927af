/**
 * `npm run bench -- import --breakdown` — where the import spends its time beyond a bare sharp loop.
 * A ladder: each rung adds one of the steps importDataset's readCandidate takes per file, using the
 * project's own functions where they exist (openImage, readImageFacts, writeThumbnail, thumbnailPath),
 * so the difference between two rungs is the cost of that step. The last rung is importDataset itself
 * (adds the folder walk, progress events, id assignment, sorting and writing items.json).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { openImage, readImageFacts } from '../services/images/open-image';
import { THUMBNAIL_SIZE } from '../services/images/image-limits';
import { thumbnailPath, writeThumbnail } from '../services/images/thumbnails';
import { importDataset } from '../services/import/import-dataset';
import { mapWithConcurrency } from '../services/import/map-with-concurrency';
import { measure, mib, table } from './bench-support';
import type { BenchFile } from './import-bench';

interface Rung {
  name: string;
  /** One file's work; `outDir` is a fresh folder per run. */
  perFile?: (file: BenchFile, index: number, outDir: string) => Promise<void>;
  /** The whole run instead of a per-file loop. */
  whole?: (outDir: string) => Promise<void>;
}

const hash = (buffer: Buffer): string => createHash('sha256').update(buffer).digest('hex').slice(0, 20);

export async function runBreakdown(
  files: readonly BenchFile[],
  temp: string,
  concurrency: number,
  quality: number,
  runs: number,
  signal: AbortSignal,
): Promise<void> {
  const thumb = (image: Sharp) =>
    image
      .autoOrient()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality });
  const flat = (outDir: string, index: number): string => join(outDir, `${index}.webp`);
  const realRoot = join(temp, 'dataset');

  const rungs: Rung[] = [
    {
      name: 'A sharp(path) → thumbnail (bare)',
      perFile: async (file, index, outDir) =>
        void (await thumb(sharp(file.absolutePath)).toFile(flat(outDir, index))),
    },
    {
      name: 'B readFile + sharp(buffer)',
      perFile: async (file, index, outDir) => {
        const buffer = await readFile(file.absolutePath);
        await thumb(sharp(buffer)).toFile(flat(outDir, index));
      },
    },
    {
      name: 'C + openImage (failOn, pixel limit)',
      perFile: async (file, index, outDir) => {
        const buffer = await readFile(file.absolutePath);
        await thumb(openImage(buffer)).toFile(flat(outDir, index));
      },
    },
    {
      name: 'D + sha256',
      perFile: async (file, index, outDir) => {
        const buffer = await readFile(file.absolutePath);
        hash(buffer);
        await thumb(openImage(buffer)).toFile(flat(outDir, index));
      },
    },
    {
      name: 'E + stat',
      perFile: async (file, index, outDir) => {
        await stat(file.absolutePath);
        const buffer = await readFile(file.absolutePath);
        hash(buffer);
        await thumb(openImage(buffer)).toFile(flat(outDir, index));
      },
    },
    {
      name: 'F + metadata() (readImageFacts)',
      perFile: async (file, index, outDir) => {
        await stat(file.absolutePath);
        const buffer = await readFile(file.absolutePath);
        hash(buffer);
        const image = openImage(buffer);
        await readImageFacts(image, buffer);
        await thumb(image).toFile(flat(outDir, index));
      },
    },
    {
      name: 'G + writeThumbnail (shard mkdir, .tmp, rename)',
      perFile: async (file, _index, outDir) => {
        await stat(file.absolutePath);
        const buffer = await readFile(file.absolutePath);
        const id = hash(buffer);
        const image = openImage(buffer);
        await readImageFacts(image, buffer);
        await writeThumbnail(image, thumbnailPath(outDir, id));
      },
    },
    {
      name: 'H importDataset (scan, progress, ids, save)',
      whole: async (outDir) => {
        await importDataset({
          realRoot,
          projectDir: outDir,
          source: { kind: 'folder' },
          previous: null,
          signal,
          onProgress: () => {},
        });
      },
    },
  ];

  console.log(
    `\n-- breakdown: each rung adds one per-file step of readCandidate (best of ${runs}, ${concurrency} in flight)`,
  );
  const results: { name: string; seconds: number; cpuSeconds: number; peakRss: number }[] = [];
  for (const rung of rungs) {
    const all: number[] = [];
    const cpus: number[] = [];
    let peakRss = 0;
    for (let run = 1; run <= runs; run++) {
      const outDir = join(temp, `breakdown-${results.length}-${run}`);
      await mkdir(outDir, { recursive: true });
      const result = await measure(async () => {
        if (rung.whole) await rung.whole(outDir);
        else
          await mapWithConcurrency(
            files,
            concurrency,
            (file, index) => rung.perFile!(file, index, outDir),
            signal,
          );
      });
      all.push(result.seconds);
      cpus.push(result.cpuSeconds);
      peakRss = Math.max(peakRss, result.peakRss);
      await rm(outDir, { recursive: true, force: true });
    }
    results.push({ name: rung.name, seconds: Math.min(...all), cpuSeconds: Math.min(...cpus), peakRss });
    console.log(
      `   ${rung.name.padEnd(48)} wall ${all.map((s) => s.toFixed(2)).join(' / ')} s, ` +
        `CPU ${cpus.map((s) => s.toFixed(2)).join(' / ')} s`,
    );
  }

  const bare = results[0]!;
  const perFile = (seconds: number): string => ((seconds * 1e6) / files.length).toFixed(0);
  console.log(
    '\n' +
      table(
        [
          'rung',
          'wall s',
          'files/s',
          'wall vs A',
          'CPU s',
          'CPU vs A',
          'CPU µs/file',
          'step adds CPU µs/file',
          'peak RSS MiB',
        ],
        results.map((result, i) => [
          result.name,
          result.seconds.toFixed(2),
          (files.length / result.seconds).toFixed(0),
          (result.seconds / bare.seconds).toFixed(2),
          result.cpuSeconds.toFixed(2),
          (result.cpuSeconds / bare.cpuSeconds).toFixed(2),
          perFile(result.cpuSeconds),
          i === 0 ? '' : perFile(result.cpuSeconds - results[i - 1]!.cpuSeconds),
          mib(result.peakRss),
        ]),
      ),
  );
  console.log(
    '(best of the runs; "step adds" = CPU time per file of the step, the difference to the rung above)',
  );
}
