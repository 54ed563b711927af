import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

/** One manifest row in streaming mode: its 1-based line and its cells. */
export type RowHandler = (cells: string[], line: number) => void;

/**
 * Read a CSV file row by row without holding it: 1 MiB chunks, split on newlines, one row per line
 * (CRLF and a BOM are fine). Rows without a quote are split on commas (the fast path: paths and labels
 * rarely need quoting); rows with quotes go through papaparse. Memory: one chunk and what `afterChunk`
 * has not written yet. A quoted cell spanning lines cannot be
 * read a line at a time and is refused with its line number.
 */
export async function forEachCsvRow(
  path: string,
  onRow: RowHandler,
  signal?: AbortSignal,
  /** Awaited after each chunk's rows, e.g. to write their output with backpressure. */
  afterChunk?: () => Promise<void>,
): Promise<number> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 2 ** 20 });
  let rest = '';
  let line = 0;
  const handle = (raw: string) => {
    line++;
    let text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw; // CRLF
    if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
    if (!text.includes('"')) return onRow(text.split(','), line);
    if ((text.match(/"/g)?.length ?? 0) % 2 === 1)
      throw new ManifestRowError(
        line,
        'a quoted cell spans several lines; streaming mode reads one row per line',
      );
    const parsed = Papa.parse<string[]>(text);
    if (parsed.errors.length > 0) throw new ManifestRowError(line, `CSV: ${parsed.errors[0]!.message}`);
    onRow(parsed.data[0] ?? [], line);
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    signal?.throwIfAborted();
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      handle(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
    await afterChunk?.();
  }
  if (rest !== '') handle(rest);
  await afterChunk?.();
  return line;
}

/** A manifest row that stops the streaming split; the message names the line. */
export class ManifestRowError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'ManifestRowError';
  }
}
