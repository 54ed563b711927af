import { readFile } from 'node:fs/promises';
import { SPLITS } from '../../../shared/items';
import type { ImportProblem } from '../../../shared/import-report';
import type { Candidate } from './scan-folder';
import { resolveInsideRoot, toDatasetPath } from './safe-path';
import { forEachCsvRow } from '../../../shared/csv/csv-rows';

/** One manifest row before its file is checked. */
interface ManifestRow {
  line: number;
  path: string;
  label: string;
  source: string | null;
  split: string | null;
}

/**
 * Read a CSV (header `path,label[,source][,split]`, parsed by papaparse) or JSONL manifest (one object per
 * line with the same keys). Every bad row becomes a problem naming its line; good rows go on. Paths are
 * relative to the dataset root (the manifest's folder) and must stay inside it.
 */
export async function readManifest(
  realRoot: string,
  manifestPath: string,
): Promise<{ candidates: Candidate[]; problems: ImportProblem[] }> {
  const text = await readFile(manifestPath, 'utf8');
  const { rows, problems } = manifestPath.toLowerCase().endsWith('.jsonl')
    ? parseJsonl(text)
    : parseCsv(text);
  const candidates: Candidate[] = [];
  const seenPaths = new Map<string, number>();
  for (const row of rows) {
    const resolved = await resolveInsideRoot(realRoot, row.path);
    if (!resolved.ok) {
      const code = resolved.kind === 'outside' ? 'outside-root' : 'manifest-row';
      problems.push({ code, path: row.path, line: row.line, reason: resolved.reason });
      continue;
    }
    const path = toDatasetPath(realRoot, resolved.path);
    const earlier = seenPaths.get(path);
    if (earlier !== undefined) {
      problems.push({
        code: 'manifest-row',
        path: row.path,
        line: row.line,
        reason: `same file as line ${earlier}`,
      });
      continue;
    }
    seenPaths.set(path, row.line);
    candidates.push({
      absolutePath: resolved.path,
      path,
      label: row.label,
      source: row.source,
      split: row.split,
    });
  }
  return { candidates, problems };
}

function rowProblem(line: number, path: string, reason: string): ImportProblem {
  return { code: 'manifest-row', path, line, reason };
}

/** Check one record's fields; returns the row or the reason it is refused. */
function toRow(line: number, record: Record<string, unknown>): ManifestRow | ImportProblem {
  const text = (key: string): string | null => {
    const value = record[key];
    if (value === undefined || value === null) return null;
    const trimmed = String(value).trim();
    return trimmed === '' ? null : trimmed;
  };
  const path = text('path');
  const label = text('label');
  const split = text('split');
  if (path === null) return rowProblem(line, '', 'missing path');
  if (label === null) return rowProblem(line, path, 'missing label');
  if (split !== null && !(SPLITS as readonly string[]).includes(split)) {
    return rowProblem(line, path, `unknown split "${split}" (expected ${SPLITS.join(', ')})`);
  }
  return { line, path, label, source: text('source'), split };
}

/**
 * Rows are read one at a time (papaparse's `step`) so each can be reported by its real line in the
 * file, counting blank lines and multi-line quoted cells; papaparse's own row numbers skip both.
 */
function parseCsv(source: string): { rows: ManifestRow[]; problems: ImportProblem[] } {
  const rows: ManifestRow[] = [];
  const problems: ImportProblem[] = [];
  let header: string[] | null = null;
  let headerProblem = false;
  forEachCsvRow(source, (cells, line, errors) => {
    if (header === null) {
      header = cells.map((cell) => cell.trim().toLowerCase());
      if (!header.includes('path') || !header.includes('label')) {
        headerProblem = true;
        problems.push(
          rowProblem(
            line,
            '',
            `the header must name "path" and "label" columns (found: ${header.join(', ') || 'none'})`,
          ),
        );
      }
      return;
    }
    if (headerProblem) return;
    const pathCell = cells[header.indexOf('path')]?.trim() ?? '';
    if (errors.length > 0) {
      problems.push(rowProblem(line, pathCell, `CSV: ${errors[0]!.message}`));
      return;
    }
    if (cells.length !== header.length) {
      problems.push(
        rowProblem(line, pathCell, `expected ${header.length} cells like the header, found ${cells.length}`),
      );
      return;
    }
    const record = Object.fromEntries(header.map((name, index) => [name, cells[index]]));
    const row = toRow(line, record);
    if ('code' in row) problems.push(row);
    else rows.push(row);
  });
  if (header === null)
    problems.push(rowProblem(1, '', 'the manifest is empty: expected a header with path,label'));
  return { rows, problems };
}

function parseJsonl(text: string): { rows: ManifestRow[]; problems: ImportProblem[] } {
  const rows: ManifestRow[] = [];
  const problems: ImportProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      problems.push(rowProblem(line, '', `not valid JSON (${(error as Error).message})`));
      return;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      problems.push(rowProblem(line, '', 'each line must be a JSON object with path and label'));
      return;
    }
    const row = toRow(line, record as Record<string, unknown>);
    if ('code' in row) problems.push(row);
    else rows.push(row);
  });
  return { rows, problems };
}
