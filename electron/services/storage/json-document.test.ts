import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tempDirs } from '../test-support/fixtures';
import { openJsonDocument } from './json-document';

const temps = tempDirs('ceiling-doc-');
afterEach(() => temps.cleanupAll());

const NotesSchema = z.object({ schemaVersion: z.literal(1), notes: z.array(z.string()) });
const defaults = () => ({ schemaVersion: 1 as const, notes: [] as string[] });

describe('openJsonDocument', () => {
  it('writes the defaults when the file does not exist yet', async () => {
    const dir = await temps.make();
    const path = join(dir, 'notes.json');
    const opened = await openJsonDocument(path, NotesSchema, defaults);
    expect(opened).toMatchObject({ backedUpTo: null, problem: null });
    expect(opened.db.data).toEqual({ schemaVersion: 1, notes: [] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ schemaVersion: 1, notes: [] });
  });

  it('persists every update atomically, and a reopen reads it back (real lowdb, real file)', async () => {
    const dir = await temps.make();
    const path = join(dir, 'notes.json');
    const first = await openJsonDocument(path, NotesSchema, defaults);
    await first.db.update((data) => data.notes.push('one'));
    await first.db.update((data) => data.notes.push('two'));
    expect(JSON.parse(await readFile(path, 'utf8')).notes).toEqual(['one', 'two']);
    expect(await readdir(dir)).toEqual(['notes.json']);

    const second = await openJsonDocument(path, NotesSchema, defaults);
    expect(second.problem).toBeNull();
    expect(second.db.data.notes).toEqual(['one', 'two']);
  });

  it('keeps a file that does not parse as <name>.broken-<time> and starts from the defaults', async () => {
    const dir = await temps.make();
    const path = join(dir, 'notes.json');
    await writeFile(path, '{"schemaVersion": 1, "notes": ["lost?"');
    const opened = await openJsonDocument(path, NotesSchema, defaults);
    expect(opened.backedUpTo).toMatch(/notes\.json\.broken-\d{4}-\d\d-\d\dT/);
    expect(opened.problem).toContain(path);
    expect(opened.problem).toContain('not valid JSON');
    expect(await readFile(opened.backedUpTo!, 'utf8')).toBe('{"schemaVersion": 1, "notes": ["lost?"');
    expect(opened.db.data).toEqual({ schemaVersion: 1, notes: [] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ schemaVersion: 1, notes: [] });
    expect((await readdir(dir)).sort()).toEqual(
      ['notes.json', opened.backedUpTo!.slice(dir.length + 1)].sort(),
    );
  });

  it('keeps a file that fails its schema the same way, naming the first issue', async () => {
    const dir = await temps.make();
    const path = join(dir, 'notes.json');
    const invalid = JSON.stringify({ schemaVersion: 1, notes: 'not a list' });
    await writeFile(path, invalid);
    const opened = await openJsonDocument(path, NotesSchema, defaults);
    expect(opened.problem).toContain('does not match the expected format');
    expect(await readFile(opened.backedUpTo!, 'utf8')).toBe(invalid);
    expect(opened.db.data.notes).toEqual([]);
  });

  it('does not touch a valid file when it opens it', async () => {
    const dir = await temps.make();
    const path = join(dir, 'notes.json');
    const text = '{"schemaVersion":1,"notes":["a"]}';
    await writeFile(path, text);
    const opened = await openJsonDocument(path, NotesSchema, defaults);
    expect(opened.db.data.notes).toEqual(['a']);
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});
