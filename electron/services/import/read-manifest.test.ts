import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProblem } from '../../../shared/import-report';
import { put, tempDirs } from '../test-support/fixtures';
import { readManifest } from './read-manifest';

const temps = tempDirs('ceiling-manifest-');
afterEach(() => temps.cleanupAll());

/** A dataset root holding `files` (content irrelevant: the manifest reader does not decode) and a manifest. */
async function withManifest(name: string, text: string, files: string[] = []) {
  const root = await realpath(await temps.make());
  for (const file of files) await put(root, file, 'x');
  const manifestPath = join(root, name);
  await writeFile(manifestPath, text);
  return { root, manifestPath, result: await readManifest(root, manifestPath) };
}

/** `line → code` for a compact, order-free comparison. */
function byLine(problems: ImportProblem[]): Record<number, string> {
  return Object.fromEntries(problems.map((problem) => [problem.line ?? 0, problem.code]));
}

describe('readManifest: CSV', () => {
  it('reads path, label, source and split, with empty cells as null', async () => {
    const { root, result } = await withManifest(
      'm.csv',
      'path,label,source,split\nimg/a.png,cat,studio,train\nimg/b.png,dog,,dev\nimg/c.png,dog,phone,\n',
      ['img/a.png', 'img/b.png', 'img/c.png'],
    );
    expect(result.problems).toEqual([]);
    expect(result.candidates).toEqual([
      {
        absolutePath: join(root, 'img/a.png'),
        path: 'img/a.png',
        label: 'cat',
        source: 'studio',
        split: 'train',
      },
      { absolutePath: join(root, 'img/b.png'), path: 'img/b.png', label: 'dog', source: null, split: 'dev' },
      {
        absolutePath: join(root, 'img/c.png'),
        path: 'img/c.png',
        label: 'dog',
        source: 'phone',
        split: null,
      },
    ]);
  });

  it('accepts header names in any case and with spaces, a BOM and CRLF line ends', async () => {
    const { result } = await withManifest('m.csv', '\uFEFF Path , LABEL \r\na.png,cat\r\n', ['a.png']);
    expect(result.problems).toEqual([]);
    expect(result.candidates.map((candidate) => [candidate.path, candidate.label])).toEqual([
      ['a.png', 'cat'],
    ]);
  });

  it('reports each bad row by its line and keeps the good rows', async () => {
    const csv = [
      'path,label,split', // 1
      'ok-1.png,cat,train', // 2
      'no-label.png,,train', // 3
      'bad-split.png,cat,validation', // 4
      '../outside.png,cat,', // 5
      'missing.png,cat,', // 6
      'ok-1.png,dog,', // 7: same file as line 2
      'ok-2.png,dog,test', // 8
    ].join('\n');
    const { result } = await withManifest('m.csv', csv, [
      'ok-1.png',
      'ok-2.png',
      'no-label.png',
      'bad-split.png',
    ]);
    expect(result.candidates.map((candidate) => [candidate.path, candidate.label, candidate.split])).toEqual([
      ['ok-1.png', 'cat', 'train'],
      ['ok-2.png', 'dog', 'test'],
    ]);
    expect(byLine(result.problems)).toEqual({
      3: 'manifest-row',
      4: 'manifest-row',
      5: 'outside-root',
      6: 'manifest-row',
      7: 'manifest-row',
    });
    const reasons = Object.fromEntries(result.problems.map((problem) => [problem.line, problem.reason]));
    expect(reasons[3]).toMatch(/missing label/);
    expect(reasons[4]).toMatch(/unknown split "validation"/);
    expect(reasons[5]).toMatch(/outside/);
    expect(reasons[6]).toMatch(/does not exist/);
    expect(reasons[7]).toMatch(/same file as line 2/);
  });

  it('finds a duplicate row written with a different spelling of the same path', async () => {
    const { result } = await withManifest('m.csv', 'path,label\nimg/a.png,cat\n./img/../img/a.png,dog\n', [
      'img/a.png',
    ]);
    expect(result.candidates).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'manifest-row', line: 3, reason: 'same file as line 2' }),
    ]);
  });

  it('refuses absolute paths and symbolic links that lead outside the root', async () => {
    const outside = await realpath(await temps.make());
    const secret = await put(outside, 'secret.png', 'x');
    const root = await realpath(await temps.make());
    await mkdir(join(root, 'img'));
    await symlink(secret, join(root, 'img', 'link.png'));
    const manifestPath = join(root, 'm.csv');
    await writeFile(manifestPath, `path,label\n${secret},cat\nimg/link.png,cat\n`);
    const { candidates, problems } = await readManifest(root, manifestPath);
    expect(candidates).toEqual([]);
    expect(byLine(problems)).toEqual({ 2: 'outside-root', 3: 'outside-root' });
  });

  it('refuses a CSV without a label column with one problem naming the header', async () => {
    const { result } = await withManifest('m.csv', 'path,class\na.png,cat\nb.png,dog\n', ['a.png', 'b.png']);
    expect(result.candidates).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'manifest-row', line: 1 });
    expect(result.problems[0]!.reason).toMatch(/"label"/);
    expect(result.problems[0]!.reason).toMatch(/class/);
  });

  it('keeps commas and quotes inside quoted cells', async () => {
    const { result } = await withManifest(
      'm.csv',
      'path,label\n"pics/a, b.png","cat, big"\n"pics/q.png","say ""hi"""\n',
      ['pics/a, b.png', 'pics/q.png'],
    );
    expect(result.problems).toEqual([]);
    expect(result.candidates.map((candidate) => [candidate.path, candidate.label])).toEqual([
      ['pics/a, b.png', 'cat, big'],
      ['pics/q.png', 'say "hi"'],
    ]);
  });

  it('reports a row with too many cells by its line', async () => {
    const { result } = await withManifest('m.csv', 'path,label\na.png,cat\nb.png,dog,extra\n', [
      'a.png',
      'b.png',
    ]);
    expect(result.candidates.map((candidate) => candidate.path)).toEqual(['a.png']);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'manifest-row', line: 3, path: 'b.png' }),
    ]);
  });

  // skipEmptyLines drops blank lines before rows are numbered, so every row after one is off by one.
  it('counts blank lines when it names the line of a bad row', async () => {
    const csv = 'path,label\na.png,cat\n\nb.png,\n'; // line 3 is blank, line 4 lacks a label
    const { result } = await withManifest('m.csv', csv, ['a.png', 'b.png']);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'manifest-row', path: 'b.png', line: 4, reason: 'missing label' }),
    ]);
  });
});

describe('readManifest: JSONL', () => {
  it('reads good lines and reports a broken JSON line, a non-object and a missing label by line', async () => {
    const jsonl = [
      '{"path": "a.png", "label": "cat", "source": "studio", "split": "dev"}', // 1
      '{"path": "b.png", "label": ', // 2: broken
      '', // 3: blank, skipped
      '["c.png", "cat"]', // 4: not an object
      '{"path": "c.png"}', // 5: no label
      '{"path": "c.png", "label": 7}', // 6: a number label is read as text
    ].join('\n');
    const { result } = await withManifest('m.jsonl', jsonl, ['a.png', 'b.png', 'c.png']);
    expect(
      result.candidates.map((candidate) => [
        candidate.path,
        candidate.label,
        candidate.source,
        candidate.split,
      ]),
    ).toEqual([
      ['a.png', 'cat', 'studio', 'dev'],
      ['c.png', '7', null, null],
    ]);
    expect(byLine(result.problems)).toEqual({ 2: 'manifest-row', 4: 'manifest-row', 5: 'manifest-row' });
    expect(result.problems.find((problem) => problem.line === 2)!.reason).toMatch(/not valid JSON/);
  });

  it('refuses ../ paths in JSONL with outside-root', async () => {
    const { result } = await withManifest('m.jsonl', '{"path": "../x.png", "label": "cat"}\n');
    expect(result.candidates).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'outside-root', line: 1, path: '../x.png' }),
    ]);
  });
});
