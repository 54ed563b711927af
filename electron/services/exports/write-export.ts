import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-write';

/**
 * Write an export (CSV, Markdown…) atomically. Without a target it goes to `<projectDir>/exports/<name>`;
 * a relative target is taken from the project folder. Returns the absolute path written.
 */
export async function writeExport(
  projectDir: string,
  defaultName: string,
  content: string,
  target?: string,
): Promise<string> {
  const path = target
    ? isAbsolute(target)
      ? target
      : resolve(projectDir, target)
    : join(projectDir, 'exports', defaultName);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, content);
  return path;
}
