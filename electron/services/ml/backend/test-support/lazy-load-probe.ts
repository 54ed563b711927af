export {};

/**
 * Run in a child process by init-tensorflow.test.ts (a fresh process, so nothing else has loaded
 * TF.js): prints one JSON line on what is loaded when, and whether an unhandled rejection reaches the
 * app's own handler once the wasm backend runs.
 */
const tfLoaded = (): boolean => '_tfengine' in globalThis || '_tfGlobals' in globalThis;

const { probeBackend } = await import('../../backend-probe');
const probed = probeBackend();
const afterProbe = tfLoaded();
const { initTensorFlow } = await import('../init-tensorflow');
const afterImport = tfLoaded();
const { backend } = await initTensorFlow();
const afterInit = tfLoaded();

process.on('unhandledRejection', (reason) => {
  console.log(
    JSON.stringify({
      probed: probed.name,
      afterProbe,
      afterImport,
      afterInit,
      running: backend.name,
      probeAfterInit: probeBackend().reason === backend.reason,
      appHandlerGot: (reason as Error).message,
    }),
  );
});
void Promise.reject(new Error('a rejection nobody awaited'));
