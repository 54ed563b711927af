// Loads worker-main.ts from the sources in a worker thread (vitest, `npm run bench`): registers tsx's ESM
// loader for this thread with module.register (Node ≥ 20.6), then imports the TypeScript entry.
// `execArgv: ['--import', 'tsx']` does not work for workers on Node 20; the app itself uses the
// bundled out/main/ml-worker.js and never this file.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker-main.ts', import.meta.url).href);
