import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * One build for the three ways into Ceiling:
 *  - main:     the Electron shell (index), and the plain-Node entries that share its services:
 *              the `npm start` launcher, the `ceiling` CLI and the web host.
 *  - preload:  the dependency-free bridge; CommonJS because a sandboxed preload cannot be ESM.
 *  - renderer: the Svelte 5 UI, served by the custom protocol (Electron) or by the web host.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          start: resolve('electron/start/start.ts'),
          cli: resolve('electron/cli/cli.ts'),
          // the training worker (worker_threads), found at run time next to the bundle: out/main/ml-worker.js
          'ml-worker': resolve('electron/services/ml/worker/worker-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [svelte()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
