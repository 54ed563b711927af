import type { Decomposition } from './decompose';
import type { DecompositionInput, ErrorsSource } from './decomposition-input';
import { decompositionRows } from './decomposition-rows';
import { formatGap, formatPercent } from './format-percent';

/** A cell of a Markdown table: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * The decomposition as a GitHub-flavoured Markdown table followed by the diagnosis, for "Copy as
 * Markdown" (and `ceiling decompose --markdown`). Levels read "8.0%", gaps "+4.0" (percentage points).
 */
export function decompositionMarkdown(
  input: DecompositionInput,
  result: Decomposition,
  errorsSource: ErrorsSource,
): string {
  const rows = decompositionRows(input, result, errorsSource);
  const lines = ['| Row | Level or gap | Formula | Value | Note |', '| --- | --- | --- | ---: | --- |'];
  for (const row of rows) {
    if (row.kind === 'diagnosis') continue;
    const value =
      row.value === null
        ? '—'
        : row.kind === 'gap'
          ? `${formatGap(row.value)} pts`
          : formatPercent(row.value);
    const name = row.kind === 'gap' ? `↳ ${row.name}` : row.name;
    const note = row.isBayesProxy ? 'Bayes proxy (the best human level)' : row.note;
    lines.push(
      `| ${row.kind} | ${cell(row.isBayesProxy ? `**${name}**` : name)} | ${cell(row.formula)} | ${value} | ${cell(note)} |`,
    );
  }
  return `${lines.join('\n')}\n\n**Diagnosis:** ${cell(result.diagnosis)}\n`;
}
