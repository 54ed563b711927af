import { copyFile, mkdir, open, readFile, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fixLogLine, parseFixLogText } from '../../../shared/cleanup/fix-log-lines';
import type { FixLog, FixLogEntry } from '../../../shared/cleanup/fix-log-schemas';
import { syncFolder } from '../storage/atomic-write';

export const LABELS_FOLDER = 'labels';
export const FIX_LOG_FILE = 'fix-log.jsonl';

export function fixLogPath(projectDir: string): string {
  return join(projectDir, LABELS_FOLDER, FIX_LOG_FILE);
}

/**
 * The append-only label-fix log of a project (`<project>/labels/fix-log.jsonl`, JSON Lines). Every
 * append is one write of one line followed by fsync, so an entry the user saw saved survives a power
 * cut; a crash mid-write leaves at most a torn last line, which reading reports and the next append sets
 * aside (copied to `fix-log.jsonl.torn-<time>`, then cut off) before writing. Lines are never rewritten.
 * The project lock makes this process the only writer; appends within it are serialized here.
 */
export class FixLogFile {
  private queue: Promise<unknown> = Promise.resolve();
  /** The last parse and the file's identity, size and time when it was read. */
  private parsed: { stamp: string; log: FixLog & { tornFrom: number | null; text: string } } | null = null;

  constructor(readonly path: string) {}

  async read(): Promise<FixLog & { tornFrom: number | null; text: string }> {
    // The grid reads the current labels on every page it fetches: parse the file again only when it
    // changed (an append or a cut changes its size; a replaced file its inode or time).
    let stamp = 'missing';
    try {
      const info = await stat(this.path);
      stamp = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (this.parsed?.stamp === stamp) return this.parsed.log;
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const log = { ...parseFixLogText(text), text };
    this.parsed = { stamp, log };
    return log;
  }

  /**
   * Appends the entry `make` builds from the log as it is now (so its seq and old label come from the
   * latest state, even when two calls race). Returns the entry written and the log after it.
   */
  append(make: (log: FixLog) => FixLogEntry): Promise<{ entry: FixLogEntry; log: FixLog }> {
    const next = this.queue.then(async () => {
      const log = await this.read();
      const entry = make(log);
      await mkdir(dirname(this.path), { recursive: true });
      if (log.tornFrom !== null) await this.setAsideTornTail(log.text, log.tornFrom);
      const needsNewline = log.tornFrom === null && log.text.length > 0 && !log.text.endsWith('\n');
      const handle = await open(this.path, 'a');
      try {
        await handle.write((needsNewline ? '\n' : '') + fixLogLine(entry));
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (log.text.length === 0) await syncFolder(dirname(this.path));
      const entries = [...log.entries, entry];
      return {
        entry,
        log: {
          entries,
          revision: entries.length,
          problems: log.problems.filter((problem) => !problem.message.startsWith('the last line was cut')),
          tornTail: false,
        },
      };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async setAsideTornTail(text: string, tornFrom: number): Promise<void> {
    const keep = Buffer.byteLength(text.slice(0, tornFrom), 'utf8');
    await copyFile(this.path, `${this.path}.torn-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await truncate(this.path, keep);
  }
}
