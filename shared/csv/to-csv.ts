import Papa from 'papaparse';

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralize a cell a spreadsheet would run as a formula by prefixing a single quote, as OWASP
 * recommends. Numbers are left alone (a negative number is data, not a formula).
 */
export function neutralizeCell(
  value: string | number | boolean | null | undefined,
): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Rows to CSV text (RFC 4180 quoting by papaparse, CRLF line ends), every text cell neutralized
 * against formula injection (DESIGN §6). `columns` fixes the header and its order.
 */
export function toCsv<Row extends Record<string, string | number | boolean | null | undefined>>(
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): string {
  const data = rows.map((row) => columns.map((column) => neutralizeCell(row[column])));
  return Papa.unparse({ fields: [...columns], data }, { newline: '\r\n' }) + '\r\n';
}
