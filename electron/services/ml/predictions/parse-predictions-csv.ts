import type { Item } from '../../../../shared/items';
import { forEachCsvRow } from '../../../../shared/csv/csv-rows';

/** How far the `p_<class>` cells of a row may sum from 1 (rounding in the exporting framework). */
export const PROBABILITY_SUM_TOLERANCE = 0.01;

export interface PredictionRowProblem {
  line: number;
  /** The row's id or path cell, as written. */
  key: string;
  reason: string;
}

export interface PredictionRow {
  line: number;
  item: Item;
  /** Class index into `classes`. */
  predicted: number;
  /** One probability per class, or null when the CSV has no `p_` columns. */
  probabilities: Float32Array | null;
}

export interface ParsedPredictions {
  rows: PredictionRow[];
  problems: PredictionRowProblem[];
  /** True when the CSV had `p_<class>` columns. */
  hasProbabilities: boolean;
}

export interface PredictionsCsvContext {
  classes: readonly string[];
  byId: (id: string) => Item | undefined;
  byPath: (path: string) => Item | undefined;
  /** Whether the item belongs to the frozen split (rows of other items are reported). */
  inSplit: (item: Item) => boolean;
}

/**
 * Parses a predictions CSV from any framework: a header with `id` or `path`, `predicted`, and optional
 * `p_<class>` columns. Every bad row becomes a problem naming its line (blank lines and multi-line
 * quoted cells counted, as the manifest reader does); good rows are kept.
 */
export function parsePredictionsCsv(source: string, context: PredictionsCsvContext): ParsedPredictions {
  const classIndex = new Map(context.classes.map((name, index) => [name, index]));
  const rows: PredictionRow[] = [];
  const problems: PredictionRowProblem[] = [];
  const seen = new Map<string, number>();
  let header: string[] | null = null;
  let headerBroken = false;
  let keyColumn = -1;
  let keyKind: 'id' | 'path' = 'id';
  let predictedColumn = -1;
  /** [column, class index] of each p_ column. */
  let probabilityColumns: [number, number][] = [];

  forEachCsvRow(source, (cells, line, errors) => {
    if (header === null) {
      header = cells.map((cell) => cell.trim());
      const lower = header.map((name) => name.toLowerCase());
      keyColumn = lower.indexOf('id');
      if (keyColumn < 0) {
        keyColumn = lower.indexOf('path');
        keyKind = 'path';
      }
      predictedColumn = lower.indexOf('predicted');
      const unknown: string[] = [];
      header.forEach((name, column) => {
        if (!name.toLowerCase().startsWith('p_')) return;
        const index = classIndex.get(name.slice(2));
        if (index === undefined) unknown.push(name);
        else probabilityColumns.push([column, index]);
      });
      const reasons: string[] = [];
      if (keyColumn < 0) reasons.push('an "id" or "path" column');
      if (predictedColumn < 0) reasons.push('a "predicted" column');
      if (reasons.length > 0) {
        headerBroken = true;
        problems.push({
          line,
          key: '',
          reason: `the header must name ${reasons.join(' and ')} (found: ${header.join(', ') || 'none'})`,
        });
      } else if (unknown.length > 0) {
        headerBroken = true;
        problems.push({
          line,
          key: '',
          reason: `probability columns of unknown classes: ${unknown.join(', ')} (classes: ${context.classes.join(', ')})`,
        });
      }
      if (headerBroken) probabilityColumns = [];
      return;
    }
    if (headerBroken) return;
    const key = cells[keyColumn]?.trim() ?? '';
    const problem = (reason: string) => problems.push({ line, key, reason });
    if (errors.length > 0) return problem(`CSV: ${errors[0]!.message}`);
    if (cells.length !== header.length)
      return problem(`expected ${header.length} cells like the header, found ${cells.length}`);
    if (key === '') return problem(`missing ${keyKind}`);
    const item = keyKind === 'id' ? context.byId(key) : context.byPath(key.replace(/\\/g, '/'));
    if (!item) return problem(`unknown ${keyKind} "${key}"`);
    if (!context.inSplit(item)) return problem(`item ${item.id} is in no split of the frozen version`);
    const earlier = seen.get(item.id);
    if (earlier !== undefined) return problem(`duplicate: the same item as line ${earlier}`);
    const predictedName = cells[predictedColumn]!.trim();
    const predicted = classIndex.get(predictedName);
    if (predicted === undefined)
      return problem(predictedName === '' ? 'missing predicted class' : `unknown class "${predictedName}"`);
    let probabilities: Float32Array | null = null;
    if (probabilityColumns.length > 0) {
      probabilities = new Float32Array(context.classes.length);
      let sum = 0;
      for (const [column, index] of probabilityColumns) {
        const cell = cells[column]!.trim();
        const value = cell === '' ? Number.NaN : Number(cell);
        if (!Number.isFinite(value) || value < 0 || value > 1)
          return problem(`${header[column]} is "${cell}": not a probability between 0 and 1`);
        probabilities[index] = value;
        sum += value;
      }
      if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE)
        return problem(`the probabilities sum to ${sum.toFixed(4)}, not 1 (± ${PROBABILITY_SUM_TOLERANCE})`);
    }
    seen.set(item.id, line);
    rows.push({ line, item, predicted, probabilities });
  });
  if (header === null)
    problems.push({ line: 1, key: '', reason: 'the file is empty: expected a header with id,predicted' });
  return { rows, problems, hasProbabilities: probabilityColumns.length > 0 };
}
