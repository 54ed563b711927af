/**
 * The demo's Fashion-MNIST studio PNGs as a small real dataset for tests (the CLI ones and the
 * service ones that train).
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_ROOT } from '../app-paths';

const DEMO_STUDIO = join(APP_ROOT, 'resources', 'demo', 'fashion-mnist', 'studio');

/** Copies the first `perClass` files (by name) of each class of the demo's studio images into `dataset`. */
export async function copyDemoStudio(dataset: string, perClass: number): Promise<void> {
  for (const label of await readdir(DEMO_STUDIO)) {
    await mkdir(join(dataset, label));
    for (const file of (await readdir(join(DEMO_STUDIO, label))).sort().slice(0, perClass))
      await copyFile(join(DEMO_STUDIO, label, file), join(dataset, label, file));
  }
}
