import type { CeilingReport } from './report-schemas';

/** A fraction as a percentage with one decimal ("38.0 %" style, without the space for tables). */
export function percentOf(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`;
}

/** A percent value with one decimal. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}%`;
}

/** Percentage points with one decimal. */
export function points(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)} pts`;
}

/** The Markdown cell escape: a pipe would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The ceiling table as GitHub-flavoured Markdown, for the clipboard: a heading line naming the run,
 * sample, seed and sizes, the table (sorted by gain, untagged last) and its notes.
 */
export function ceilingMarkdown(report: CeilingReport, exportedAt: string): string {
  const { table } = report;
  const lines = [
    `**Ceiling analysis** — model run \`${report.runId}\`, sample \`${report.sampleId}\` (seed ${report.seed}), ` +
      `${report.sampleSize} sampled of ${report.errorsInPool} errors, ${report.tagged} tagged; dev error ${percent(report.devErrorPercent)}; ${exportedAt}`,
    '',
    '| Category | Count | Share | 95% CI | Ceiling | Ceiling 95% CI | Gain |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of table.rows) {
    const name = row.kind === 'untagged' ? '_untagged_' : cell(row.name);
    lines.push(
      `| ${name} | ${row.count} | ${percentOf(row.share)} | ${percentOf(row.shareLow)}–${percentOf(row.shareHigh)} | ` +
        `${percent(row.ceilingPercent)} | ${percent(row.ceilingLowPercent)}–${percent(row.ceilingHighPercent)} | ${points(row.gainPoints)} |`,
    );
  }
  if (table.notes.length > 0) lines.push('', ...table.notes.map((note) => `- ${note}`));
  return lines.join('\n') + '\n';
}
