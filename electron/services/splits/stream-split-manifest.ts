import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { SPLITS, type Split } from '../../../shared/items';
import { neutralizeCell } from '../../../shared/csv/to-csv';
import { drawSplit, inPool, resolveThresholds, type DrawRules } from '../../../shared/splits/assign-split';
import { describeDevResolution } from '../../../shared/splits/dev-resolution';
import {
  SIZE_RULE_SOURCE,
  SIZE_RULE_TEXT,
  type SplitRatios,
} from '../../../shared/splits/recommended-ratios';
import { SplitCounter } from '../../../shared/splits/split-counts';
import type {
  CountRow,
  SplitSettings,
  SplitTotals,
  SplitWarning,
  Thresholds,
} from '../../../shared/splits/split-schemas';
import { collectWarnings } from '../../../shared/splits/split-warnings';
import { forEachCsvRow, ManifestRowError } from './read-manifest-lines';

export interface StreamSplitOptions {
  manifestPath: string;
  outPath: string;
  settings: SplitSettings;
  /** Rows read so far, per pass (1: counting, 2: assigning and writing). */
  onProgress?: (pass: 1 | 2, rows: number) => void;
  signal?: AbortSignal;
}

export interface StreamSplitResult {
  rows: number;
  outPath: string;
  poolSize: number;
  ratios: SplitRatios;
  ratiosFrom: 'size-rule' | 'user' | 'pinned';
  recommended: { n: number; ratios: SplitRatios; rule: string; source: string };
  thresholds: Thresholds;
  totals: SplitTotals;
  counts: CountRow[];
  devResolution: string;
  warnings: SplitWarning[];
  /** What this mode cannot check, said once. */
  notes: string[];
}

interface Columns {
  path: number;
  label: number;
  source: number;
  split: number;
}

const PROGRESS_EVERY = 1_000_000;

/**
 * Split a bare CSV manifest (path,label[,source][,split]) of any size without a project, in bounded
 * memory: pass 1 streams it to count the pool (for the size rule and the train-dev share), pass 2 streams
 * it again, draws each row's split from a seeded hash of its path, and writes the output as it goes
 * (path,label,source,split; to a temporary name, renamed when complete). Memory holds counts per
 * (split, source, class), never the rows.
 */
export async function streamSplitManifest(options: StreamSplitOptions): Promise<StreamSplitResult> {
  const { manifestPath, outPath, settings, signal } = options;
  let columns: Columns | null = null;
  const readRow = (cells: string[], line: number) => {
    if (!columns) {
      columns = headerColumns(cells, line);
      return null;
    }
    const path = cellAt(cells, columns.path);
    const label = cellAt(cells, columns.label);
    if (path === '') throw new ManifestRowError(line, 'missing path');
    if (label === '')
      throw new ManifestRowError(line, `${path} has an empty class label: every row needs a class`);
    const splitCell = cellAt(cells, columns.split);
    if (splitCell !== '' && !(SPLITS as readonly string[]).includes(splitCell))
      throw new ManifestRowError(
        line,
        `unknown split "${splitCell}" (expected ${SPLITS.join(', ')}, or empty)`,
      );
    return {
      path,
      label,
      source: cellAt(cells, columns.source),
      split: splitCell === '' ? null : (splitCell as Split),
    };
  };

  // pass 1: sizes
  const sources = new Map<string, number>();
  const labels = new Set<string>();
  let rows = 0;
  let pool = 0;
  let poolFree = 0;
  let othersFree = 0;
  await forEachCsvRow(
    manifestPath,
    (cells, line) => {
      const row = readRow(cells, line);
      if (!row) return;
      rows++;
      sources.set(row.source, (sources.get(row.source) ?? 0) + 1);
      labels.add(row.label);
      const inside = inPool(row.source, settings.targetSource);
      const free = !(settings.respectManifestSplits && row.split !== null);
      if (inside) pool++;
      if (free && inside) poolFree++;
      else if (free) othersFree++;
      if (rows % PROGRESS_EVERY === 0) options.onProgress?.(1, rows);
    },
    signal,
  );
  if (!columns) throw new Error(`${manifestPath} is empty: expected a header with path,label`);
  if (rows === 0) throw new Error(`${manifestPath} has a header but no rows to split.`);
  const knownSources = [...sources.keys()].sort();
  if (settings.targetSource !== null && !sources.has(settings.targetSource))
    throw new Error(
      `There is no source "${settings.targetSource}" in this manifest. Known sources: ${knownSources
        .map((source) => (source === '' ? '"" (rows without a source)' : `"${source}"`))
        .join(', ')}.`,
    );
  const resolved = resolveThresholds(settings, { pool, poolFree, othersFree });
  const rules: DrawRules = { ...settings, thresholds: resolved.thresholds };

  // pass 2: assign and write
  const counter = new SplitCounter();
  let devTestOutsideTarget = 0;
  const temp = `${outPath}.${process.pid}.tmp`;
  const out = createWriteStream(temp, { encoding: 'utf8' });
  let buffer = 'path,label,source,split\r\n';
  let written = 0;
  const flush = async () => {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  columns = null;
  try {
    await forEachCsvRow(
      manifestPath,
      (cells, line) => {
        const row = readRow(cells, line);
        if (!row) return;
        const split = drawSplit(
          { key: row.path, source: row.source, label: row.label, manifestSplit: row.split },
          rules,
        );
        counter.add(split, row.source, row.label);
        if (
          (split === 'dev' || split === 'test') &&
          settings.targetSource !== null &&
          row.source !== settings.targetSource
        )
          devTestOutsideTarget++;
        buffer += `${csvCell(row.path)},${csvCell(row.label)},${csvCell(row.source)},${split === 'unused' ? '' : split}\r\n`;
        if (++written % PROGRESS_EVERY === 0) options.onProgress?.(2, written);
      },
      signal,
      flush, // each chunk's output is written (with backpressure) before the next chunk is read
    );
    await flush();
    out.end();
    await once(out, 'finish');
    await rename(temp, outPath);
  } catch (error) {
    out.destroy();
    await unlink(temp).catch(() => undefined);
    throw error;
  }

  const counts = counter.rows();
  return {
    rows,
    outPath,
    poolSize: pool,
    ratios: resolved.ratios,
    ratiosFrom: resolved.ratiosFrom,
    recommended: { n: pool, ratios: resolved.recommended, rule: SIZE_RULE_TEXT, source: SIZE_RULE_SOURCE },
    thresholds: resolved.thresholds,
    totals: counter.totals,
    counts,
    devResolution: describeDevResolution(counter.totals.dev),
    warnings: collectWarnings({
      settings,
      counts,
      totals: counter.totals,
      labels: [...labels].sort(),
      sources: knownSources,
      devTestOutsideTarget,
      straddlingGroups: 0,
      testLooks: null,
      frozenVersion: null,
    }),
    notes: [
      'Without a project there are no file contents: the split is keyed on the path, and duplicates are not checked. Import the dataset and use `ceiling split <dataset>` for the leakage gate.',
    ],
  };
}

/** A cell, trimmed only when it needs it (most do not: trimming every cell costs a string each). */
function cellAt(cells: readonly string[], index: number): string {
  if (index < 0) return '';
  const value = cells[index] ?? '';
  const last = value.length - 1;
  return last >= 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(last) <= 32) ? value.trim() : value;
}

function headerColumns(cells: string[], line: number): Columns {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const path = names.indexOf('path');
  const label = names.indexOf('label');
  if (path < 0 || label < 0)
    throw new ManifestRowError(
      line,
      `the header must name "path" and "label" columns (found: ${names.join(', ') || 'none'})`,
    );
  return { path, label, source: names.indexOf('source'), split: names.indexOf('split') };
}

/** RFC 4180 quoting when needed, and the formula-injection guard every export gets (DESIGN §6). */
function csvCell(value: string): string {
  const safe = String(neutralizeCell(value));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
