import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiFailure } from '../../../shared/result';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  app: string;
}

export const LOCK_FILE = 'ceiling.lock';

/** An unreadable lock younger than this is taken to be held (someone is writing it), not stale. */
const UNREADABLE_GRACE_MS = 10_000;

/**
 * One writer per project: a lock file holding the owner's pid, host and start time. It is written in
 * full to a temporary file and then hard-linked into place, which fails atomically if a lock exists, so
 * no one ever reads a half-written lock. A lock whose process is gone (same host, pid not alive) is
 * stale and taken over, after checking it is still the same stale lock; any other lock refuses the
 * open with a message naming the owner.
 */
export async function acquireProjectLock(projectDir: string, app: string): Promise<() => Promise<void>> {
  const path = join(projectDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), app };
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(me), { flush: true });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, path);
        return async () => {
          const owner = await readOwner(path);
          if (owner?.pid === me.pid && owner.since === me.since) await unlink(path).catch(() => undefined);
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await readOwner(path);
      if (owner ? !isStale(owner) : await isYoung(path)) throw lockedBy(owner, path);
      // Stale: remove it only if it is still the lock we judged, so we never delete a fresh one.
      const again = await readOwner(path);
      if (JSON.stringify(again) === JSON.stringify(owner)) await unlink(path).catch(() => undefined);
    }
    throw new ApiFailure('project_locked', `Could not take the project lock ${path}.`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

function lockedBy(owner: LockOwner | null, path: string): ApiFailure {
  if (!owner) {
    return new ApiFailure(
      'project_locked',
      `This project is being opened by another Ceiling instance (${path}). Try again in a moment.`,
    );
  }
  return new ApiFailure(
    'project_locked',
    `This project is open in another Ceiling instance (${owner.app}, process ${owner.pid} on ${owner.host}, since ${owner.since}). ` +
      `Close it there first; if that instance crashed on another machine, delete ${path}.`,
    owner,
  );
}

async function isYoung(path: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs < UNREADABLE_GRACE_MS;
  } catch {
    return false; // gone already: not held
  }
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
