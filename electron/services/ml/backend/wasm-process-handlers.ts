/**
 * The wasm backend's Emscripten glue, when it instantiates in Node, adds two process listeners:
 *
 *   process.on('uncaughtException', (ex) => { if (!(ex instanceof ExitStatus)) throw ex; });
 *   process.on('unhandledRejection', (reason) => { throw reason; });
 *
 * (tf-backend-wasm.node.js, 4.22). Their mere presence changes Node's policy for the whole process: any
 * unhandled rejection anywhere — not only in TF.js — is rethrown from inside a listener, which kills the
 * process with exit code 7 instead of Node's usual report, and bypasses whatever the app's own handlers
 * (the training worker's report to its parent, DESIGN §9) would do. Ceiling removes exactly the listeners
 * that appeared while the backend initialised, so Node's defaults and the app's handlers apply again.
 */

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const EVENTS: readonly ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];

export type ListenerSnapshot = ReadonlyMap<ProcessEvent, ReadonlySet<unknown>>;

function listenersOf(event: ProcessEvent): Array<(...args: unknown[]) => void> {
  return process.listeners(event as 'uncaughtException') as Array<(...args: unknown[]) => void>;
}

export function snapshotProcessListeners(): ListenerSnapshot {
  return new Map(EVENTS.map((event) => [event, new Set<unknown>(listenersOf(event))]));
}

/** Removes the `uncaughtException` / `unhandledRejection` listeners added since `before`; returns how many. */
export function removeListenersAddedSince(before: ListenerSnapshot): number {
  let removed = 0;
  for (const event of EVENTS) {
    const known = before.get(event) ?? new Set();
    for (const listener of listenersOf(event)) {
      if (known.has(listener)) continue;
      process.removeListener(event as 'uncaughtException', listener);
      removed += 1;
    }
  }
  return removed;
}
