import type { BackendInfo } from '../../../../shared/backend';

/**
 * The backend TF.js actually initialised in this process, once something asked for it (training,
 * inference). Kept apart from init-tensorflow.ts so `probeBackend` can read it without loading TF.js.
 */
let running: BackendInfo | null = null;

export function runningBackend(): BackendInfo | null {
  return running;
}

export function setRunningBackend(info: BackendInfo): void {
  running = info;
}
