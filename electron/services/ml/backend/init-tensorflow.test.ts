import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PROBE_SCRIPT = fileURLToPath(new URL('./test-support/lazy-load-probe.ts', import.meta.url));

describe('initTensorFlow', () => {
  it('loads TF.js only when asked, and leaves unhandled rejections to the app once wasm runs', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', PROBE_SCRIPT], { timeout: 60_000 });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(report).toEqual({
      probed: 'wasm',
      afterProbe: false, // the status bar's probe does not load TF.js
      afterImport: false, // neither does importing the module
      afterInit: true,
      running: 'wasm',
      probeAfterInit: true, // once TF.js runs, the probe reports the real backend
      appHandlerGot: 'a rejection nobody awaited', // not rethrown by Emscripten's listener (exit code 7)
    });
  });
});
