import { readFile, rename } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';
import { ApiFailure } from '../../../shared/result';
import { writeFileAtomic } from './atomic-write';

/**
 * A small JSON document of user-edited state (lowdb), written atomically with fsync on every change.
 *
 * lowdb's own `JSONFilePreset` switches to an in-memory adapter when NODE_ENV=test, and its JSONFile
 * does not fsync; this adapter is the explicit file adapter we want everywhere (DESIGN §4, §9).
 */
class AtomicJsonFile<T> implements Adapter<T> {
  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(data, null, 2) + '\n');
  }
}

export interface OpenedDocument<T> {
  db: Low<T>;
  /** Set when the file existed but could not be used: it was kept under this name and defaults loaded. */
  backedUpTo: string | null;
  problem: string | null;
}

/**
 * Open a versioned document. A file that does not parse or fails its schema is never overwritten in
 * place: it is renamed to `<name>.broken-<time>` (kept for the user) and the defaults are written.
 * A file from a newer Ceiling (higher `schemaVersion`) is refused untouched rather than downgraded.
 */
export async function openJsonDocument<S extends z.ZodType<{ schemaVersion: number }>>(
  path: string,
  schema: S,
  defaults: () => z.output<S>,
): Promise<OpenedDocument<z.output<S>>> {
  const adapter = new AtomicJsonFile<z.output<S>>(path);
  const currentVersion = defaults().schemaVersion;
  let text: string | null;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = null; // only a missing file means "new document"
  }
  let data: z.output<S> | null = null;
  let problem: string | null = null;
  if (text !== null) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      problem = `is not valid JSON (${(error as Error).message})`;
    }
    if (problem === null) {
      const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
      if (typeof version === 'number' && version > currentVersion) {
        throw new ApiFailure(
          'unsupported',
          `${path} was written by a newer Ceiling (document version ${version}; this version reads ${currentVersion}). ` +
            'Update Ceiling to open it; the file was left as it is.',
        );
      }
      const parsed = schema.safeParse(raw);
      if (parsed.success) data = parsed.data;
      else problem = `does not match the expected format (${parsed.error.issues[0]?.message ?? 'invalid'})`;
    }
  }
  let backedUpTo: string | null = null;
  if (problem !== null) {
    backedUpTo = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, backedUpTo);
  }
  const db = new Low<z.output<S>>(adapter, defaults());
  if (data !== null) db.data = data;
  else await db.write();
  return { db, backedUpTo, problem: problem === null ? null : `${path} ${problem}` };
}
