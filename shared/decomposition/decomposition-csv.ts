import { toCsv } from '../csv/to-csv';
import type { Decomposition } from './decompose';
import type { DecompositionInput, ErrorsSource } from './decomposition-input';
import { decompositionRows } from './decomposition-rows';

/** The CSV export's columns: one row per human level, error, gap and the diagnosis (see decomposition-rows). */
export const DECOMPOSITION_CSV_COLUMNS = ['kind', 'name', 'formula', 'value', 'unit', 'note'] as const;

export type DecompositionCsvRow = Record<(typeof DECOMPOSITION_CSV_COLUMNS)[number], string | number | null>;

export function decompositionCsvRows(
  input: DecompositionInput,
  result: Decomposition,
  errorsSource: ErrorsSource,
): DecompositionCsvRow[] {
  return decompositionRows(input, result, errorsSource).map((row) => ({
    kind: row.kind,
    name: row.name,
    formula: row.formula,
    value: row.value,
    unit: row.value === null ? '' : row.kind === 'gap' ? 'percentage points' : 'percent',
    note: row.note,
  }));
}

/** The CSV text (formula-injection-safe cells, CRLF) of a decomposition. */
export function decompositionCsv(
  input: DecompositionInput,
  result: Decomposition,
  errorsSource: ErrorsSource,
): string {
  return toCsv(DECOMPOSITION_CSV_COLUMNS, decompositionCsvRows(input, result, errorsSource));
}
