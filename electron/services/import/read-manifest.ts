import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { SPLITS } from '../../../shared/items';
import type { ImportProblem } from '../../../shared/import-report';
import type { Candidate } from './scan-folder';
import { resolveInsideRoot, toDatasetPath } from './safe-path';

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
      const code = resolved.reason.includes('outside') ? 'outside-root' : 'manifest-row';
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

function parseCsv(text: string): { rows: ManifestRow[]; problems: ImportProblem[] } {
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  const problems: ImportProblem[] = [];
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('path') || !fields.includes('label')) {
    problems.push(
      rowProblem(
        1,
        '',
        `the header must name "path" and "label" columns (found: ${fields.join(', ') || 'none'})`,
      ),
    );
    return { rows: [], problems };
  }
  // papaparse counts data rows from 0; the header is line 1. Multi-line quoted cells make this approximate,
  // so a row is reported by its first line.
  const lineOfRow = (row: number): number => row + 2;
  const badRows = new Set<number>();
  for (const error of parsed.errors) {
    if (error.row === undefined) continue;
    badRows.add(error.row);
    problems.push(
      rowProblem(lineOfRow(error.row), parsed.data[error.row]?.path ?? '', `CSV: ${error.message}`),
    );
  }
  const rows: ManifestRow[] = [];
  parsed.data.forEach((record, index) => {
    if (badRows.has(index)) return;
    const row = toRow(lineOfRow(index), record);
    if ('code' in row) problems.push(row);
    else rows.push(row);
  });
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
