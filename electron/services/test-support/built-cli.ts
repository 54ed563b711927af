/**
 * The real `ceiling` command for CLI tests: electron/cli/bin.js → out/main/cli.js (built by
 * `npm run build`, which `npm test` runs first), spawned with CEILING_HOME pointing at a temp folder so a
 * test never touches the user's projects.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { APP_ROOT } from '../app-paths';

export const CLI_BIN = join(APP_ROOT, 'electron', 'cli', 'bin.js');

export interface RunCliOptions {
  /** Kills the CLI after this many ms (a hung worker fails the test instead of stalling it). */
  timeout?: number;
  /** Working directory (for relative paths such as `--export out.csv`). */
  cwd?: string;
}

/** Runs `ceiling <args>` with its home in `home`; returns exit status, stdout and stderr as text. */
export function runCli(
  home: string,
  args: readonly string[],
  options: RunCliOptions = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI_BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CEILING_HOME: home },
    ...options,
  });
}

/** `ceiling import` then `ceiling split --freeze`, each expected to exit 0 (stderr shown if not). */
export function importAndFreeze(run: (...args: string[]) => SpawnSyncReturns<string>, dataset: string): void {
  const imported = run('import', dataset);
  expect(imported.status, imported.stderr).toBe(0);
  const frozen = run('split', dataset, '--freeze');
  expect(frozen.status, frozen.stderr).toBe(0);
}
