import { FixLogEntrySchema, type FixLog, type FixLogEntry, type FixLogProblem } from './fix-log-schemas';

/**
 * Reads the text of a fix log (JSON Lines). A line that is not a valid entry is reported with its
 * 1-based line number and skipped — one bad line never loses the others. A last line without its
 * newline that does not parse is a torn append (the process died mid-write): `tornTail` is set and
 * `tornFrom` gives the character offset where it starts, so the next append can set it aside first.
 * Entries whose seq does not grow are reported and skipped too (the log's order is its meaning).
 */
export function parseFixLogText(text: string): FixLog & { tornFrom: number | null } {
  const entries: FixLogEntry[] = [];
  const problems: FixLogProblem[] = [];
  let tornFrom: number | null = null;
  let offset = 0;
  let lineNumber = 0;
  let lastSeq = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const complete = end !== -1;
    const line = text.slice(offset, complete ? end : text.length);
    lineNumber++;
    const start = offset;
    offset = complete ? end + 1 : text.length;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (!complete) {
        tornFrom = start;
        problems.push({
          line: lineNumber,
          message: 'the last line was cut short (an append interrupted by a crash); it is ignored',
        });
      } else problems.push({ line: lineNumber, message: 'not JSON; the line is skipped' });
      continue;
    }
    const checked = FixLogEntrySchema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      problems.push({
        line: lineNumber,
        message: `not a fix-log entry (${issue.path.join('.') || 'entry'}: ${issue.message}); the line is skipped`,
      });
      continue;
    }
    if (checked.data.seq <= lastSeq) {
      problems.push({
        line: lineNumber,
        message: `entry seq ${checked.data.seq} does not follow seq ${lastSeq}; the line is skipped`,
      });
      continue;
    }
    lastSeq = checked.data.seq;
    entries.push(checked.data);
  }
  return { entries, revision: entries.length, problems, tornTail: tornFrom !== null, tornFrom };
}

/** One entry as its log line (with the newline). */
export function fixLogLine(entry: FixLogEntry): string {
  return `${JSON.stringify(FixLogEntrySchema.parse(entry))}\n`;
}
