import { hostname } from 'node:os';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiFailure } from '../../../shared/result';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  app: string;
}

export const LOCK_FILE = 'ceiling.lock';

/**
 * One writer per project: a lock file created with O_EXCL holding the owner's pid and host. A lock whose
 * process is gone (same host, pid not alive) is stale and taken over; any other lock refuses the open
 * with a message naming the owner.
 */
export async function acquireProjectLock(projectDir: string, app: string): Promise<() => Promise<void>> {
  const path = join(projectDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), app };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.sync();
      await handle.close();
      return async () => {
        const owner = await readOwner(path);
        if (owner?.pid === me.pid && owner.since === me.since) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readOwner(path);
      if (owner && !isStale(owner)) {
        throw new ApiFailure(
          'project_locked',
          `This project is open in another Ceiling instance (${owner.app}, process ${owner.pid} on ${owner.host}, since ${owner.since}). ` +
            `Close it there first; if that instance crashed on another machine, delete ${path}.`,
          owner,
        );
      }
      await unlink(path).catch(() => undefined); // stale or unreadable: take it over
    }
  }
  throw new ApiFailure('project_locked', `Could not take the project lock ${path}.`);
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false; // cannot check a process on another machine
  if (owner.pid === process.pid) return false; // this process already holds it: a second open here is refused too
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
