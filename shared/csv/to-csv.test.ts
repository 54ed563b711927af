import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, toCsv } from './to-csv';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks and reads back the same', () => {
    const rows = [{ path: 'a,b.png', note: 'say "hi"\nthen go', count: 3 }];
    const text = toCsv(['path', 'note', 'count'], rows);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.data).toEqual([{ path: 'a,b.png', note: 'say "hi"\nthen go', count: '3' }]);
  });

  it('neutralizes cells that a spreadsheet would run as formulas', () => {
    for (const evil of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=x'])
      expect(neutralizeCell(evil)).toBe(`'${evil}`);
    expect(neutralizeCell('blurry')).toBe('blurry');
    expect(neutralizeCell(-0.5)).toBe(-0.5);
    expect(toCsv(['label'], [{ label: '=HYPERLINK("x")' }])).toBe('label\r\n"\'=HYPERLINK(""x"")"\r\n');
  });
});
