import Papa from 'papaparse';

/** 1-based line number of a character offset, by binary search over the newline positions. */
function lineNumbers(text: string): (offset: number) => number {
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}

/**
 * Read CSV text row by row (papaparse's `step`, a leading BOM dropped, blank lines skipped), handing each
 * row its real 1-based line in the file — counting blank lines and multi-line quoted cells, which
 * papaparse's own row numbers skip — so every problem can be reported where the user will find it.
 */
export function forEachCsvRow(
  source: string,
  onRow: (cells: string[], line: number, errors: readonly Papa.ParseError[]) => void,
): void {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lineAt = lineNumbers(text);
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: (results) => {
      let start = rowStart;
      while (start < text.length && /\s/.test(text[start]!)) start++;
      rowStart = results.meta.cursor;
      onRow(results.data, lineAt(start), results.errors);
    },
  });
}
