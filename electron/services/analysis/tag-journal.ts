import { open, readFile, rm } from 'node:fs/promises';
import type { TagEntry } from './analysis-store';

/** One journal line: an item's whole entry after a change, or null when it carries nothing any more. */
export interface JournalRecord {
  id: string;
  entry: TagEntry | null;
}

/**
 * The append-only journal beside `tags.json` (`tags.journal.jsonl`): a tag, note or corrected-label change
 * appends one line per changed item and fsyncs, so a keypress costs one small append whatever the number
 * of tagged items, instead of rewriting the whole tags document. Each line holds the item's full entry,
 * so replaying is idempotent: the journal is folded into `tags.json` when the project opens and when it
 * grows long, and replaying it again over a newer snapshot changes nothing.
 */
export class TagJournal {
  private lines = 0;

  constructor(readonly path: string) {}

  get length(): number {
    return this.lines;
  }

  /** The journal's records in order; a torn last line (a crash mid-append, never acknowledged) is dropped. */
  async read(): Promise<{ records: JournalRecord[]; skipped: number }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw error;
    }
    const records: JournalRecord[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as JournalRecord;
        if (typeof record.id === 'string') records.push(record);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    this.lines = records.length;
    return { records, skipped };
  }

  /** Append records and fsync before returning. */
  async append(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    const handle = await open(this.path, 'a');
    try {
      await handle.writeFile(records.map((record) => JSON.stringify(record)).join('\n') + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.lines += records.length;
  }

  /** Called after the snapshot holding every record was written. */
  async clear(): Promise<void> {
    await rm(this.path, { force: true });
    this.lines = 0;
  }
}
