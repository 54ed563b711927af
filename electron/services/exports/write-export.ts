import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ApiFailure } from '../../../shared/result';
import { isInside } from '../import/safe-path';
import { writeFileAtomic } from '../storage/atomic-write';

/**
 * Where an export may be written. The CLI writes where its user says (`anywhere`); the UI's hosts
 * (Electron, web) only inside the project folder, so a compromised or confused page cannot write files
 * elsewhere on the machine (DESIGN §6).
 */
export type ExportScope = 'anywhere' | 'project';

/**
 * Write an export (CSV, Markdown…) atomically. Without a target it goes to `<projectDir>/exports/<name>`;
 * a relative target is taken from the project folder. Returns the absolute path written.
 * `scope` says whether the caller may write outside the project folder.
 */
export async function writeExport(
  projectDir: string,
  defaultName: string,
  content: string,
  target: string | undefined,
  scope: ExportScope,
): Promise<string> {
  const path = target
    ? isAbsolute(target)
      ? target
      : resolve(projectDir, target)
    : join(projectDir, 'exports', defaultName);
  if (scope === 'project' && !isInside(resolve(projectDir), path)) {
    throw new ApiFailure(
      'forbidden',
      `Exports from the app go inside the project folder ${projectDir}; ${path} is outside it.`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, content);
  return path;
}
