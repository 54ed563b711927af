import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const requireFromHere = createRequire(import.meta.url);

export type ElectronLookup = { ok: true; binary: string } | { ok: false; reason: string };

/** The Electron binary's path, as the `electron` package reports it, if the binary is on disk. */
function installedBinary(): string | null {
  try {
    const binary = requireFromHere('electron') as unknown; // the package exports the binary's path when installed
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * Find a runnable Electron. package.json blocks electron's install script (allowScripts) so that
 * `npm install` works offline; here, on first start, we run that download once, bounded in time.
 * Returns why not when there is no binary or no display to show a window on.
 */
export function findElectron(): ElectronLookup {
  let packageDir: string;
  try {
    packageDir = dirname(requireFromHere.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (npm install)' };
  }
  let binary = installedBinary();
  if (!binary) {
    const download = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
      cwd: packageDir,
      timeout: 120_000,
      encoding: 'utf8',
    });
    binary = installedBinary();
    if (!binary) {
      const why = (download.stderr || download.stdout || '').split('\n').find((line) => /error/i.test(line));
      return {
        ok: false,
        reason: `the Electron binary is not installed and could not be downloaded${why ? ` (${why.trim().slice(0, 160)})` : ''}`,
      };
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return {
      ok: false,
      reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset) to open a window on',
    };
  }
  return { ok: true, binary };
}
