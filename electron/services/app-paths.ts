import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's install folder: the nearest folder above this module with Ceiling's package.json. Walking
 * up serves the source tree (electron/services/), the bundle (out/main/, out/main/chunks/) alike.
 */
function findAppRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ceiling'
    ) {
      return dir;
    }
  }
  throw new Error(`Cannot find Ceiling's package.json above ${from}`);
}

export const APP_ROOT = findAppRoot(dirname(fileURLToPath(import.meta.url)));

/** The built Svelte UI, served by the Electron protocol and the web host. */
export const RENDERER_DIR = join(APP_ROOT, 'out', 'renderer');
export const PRELOAD_FILE = join(APP_ROOT, 'out', 'preload', 'index.cjs');
export const MAIN_FILE = join(APP_ROOT, 'out', 'main', 'index.js');

/** The demo project `npm start` opens by default: a Fashion-MNIST subset with two sources. */
export const DEMO_DATASET = join(APP_ROOT, 'resources', 'demo', 'fashion-mnist');

export const APP_VERSION: string = (
  JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
