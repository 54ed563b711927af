/**
 * Read a percentage as a person types it: "8", "8.5", "8,5" (decimal comma), "8 %" or "" (not measured).
 * Used by the screen's text fields and the CLI's flags, so both accept and refuse the same things.
 */
export type PercentText = { ok: true; value: number | null } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

export function parsePercentText(text: string, what: string): PercentText {
  const trimmed = text.trim().replace(/\s*%$/, '');
  if (trimmed === '') return { ok: true, value: null };
  if (!NUMBER.test(trimmed)) return { ok: false, message: `${what}: "${text.trim()}" is not a number.` };
  const value = Number(trimmed.replace(',', '.'));
  if (value < 0 || value > 100) {
    return { ok: false, message: `${what} must be a percentage from 0 to 100 (got ${value}).` };
  }
  return { ok: true, value };
}
