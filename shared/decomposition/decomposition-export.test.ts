import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { decompose } from './decompose';
import { decompositionCsv } from './decomposition-csv';
import type { DecompositionInput } from './decomposition-input';
import { decompositionMarkdown } from './decomposition-markdown';
import { SEED_SCENARIOS } from './seed-scenarios';

const ola = SEED_SCENARIOS.find((scenario) => scenario.id === 'ola')!.input;

describe('decomposition exports', () => {
  it('CSV: one row per human level, error, gap and the diagnosis, in waterfall order', () => {
    const csv = decompositionCsv(ola, decompose(ola), 'manual');
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((row) => [row.kind, row.name, row.value])).toEqual([
      ['human-level', 'human', '8'],
      ['gap', 'Avoidable bias', '4'],
      ['error', 'Train error', '12'],
      ['gap', 'Variance', '3'],
      ['error', 'Train-dev error', '15'],
      ['gap', 'Data mismatch', '13'],
      ['error', 'Dev error', '28'],
      ['gap', 'Dev overfitting', '2'],
      ['error', 'Test error', '30'],
      ['diagnosis', 'Diagnosis', ''],
    ]);
    expect(rows[5]).toMatchObject({
      formula: 'dev − train-dev',
      unit: 'percentage points',
      note: 'largest gap',
    });
    expect(rows[2]?.note).toBe('typed by hand (no model run yet)');
    expect(rows[9]?.note).toContain('The largest gap is data mismatch');
  });

  it('CSV: labels that a spreadsheet would run are neutralized; negative numbers stay numbers', () => {
    const evil: DecompositionInput = {
      humanLevels: [{ label: '=HYPERLINK("http://x","click")', errorPercent: 3 }],
      errors: { train: 2, trainDev: null, dev: null, test: null },
    };
    const csv = decompositionCsv(evil, decompose(evil), 'manual');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""click"")"`);
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(rows[1]).toMatchObject({ kind: 'gap', name: 'Avoidable bias', value: '-1' });
    expect(rows[1]?.note).toContain('can no longer be estimated');
  });

  it('Markdown: a table with signed gaps, the Bayes proxy in bold, escaped pipes, and the diagnosis', () => {
    const several: DecompositionInput = {
      humanLevels: [
        { label: 'student | novice', errorPercent: 5 },
        { label: 'team', errorPercent: 0.7 },
      ],
      errors: { train: 8, trainDev: null, dev: 10, test: null },
    };
    const markdown = decompositionMarkdown(several, decompose(several), 'manual');
    expect(markdown).toContain('| human-level | student \\| novice |  | 5.0% |  |');
    expect(markdown).toContain(
      '| human-level | **team** | min(human levels) | 0.7% | Bayes proxy (the best human level) |',
    );
    expect(markdown).toContain('| gap | ↳ Avoidable bias | train − human | +7.3 pts | largest gap |');
    expect(markdown).toContain(
      '| gap | ↳ Variance | train-dev − train | — | not available: needs the train-dev error |',
    );
    expect(markdown).toContain('| error | Train-dev error |  | — | not measured yet |');
    expect(markdown).toContain('| gap | ↳ Variance + data mismatch | dev − train | +2.0 pts |');
    expect(markdown).toMatch(/\*\*Diagnosis:\*\* The largest gap is avoidable bias: 7.3 points/);
  });
});
