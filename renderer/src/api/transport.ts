import type { ApiEvent } from '../../../shared/contract';
import type { Result } from '../../../shared/result';

/** How the UI reaches the services: Electron IPC through the preload, or HTTP + SSE to the web host. */
export interface Transport {
  kind: 'ipc' | 'http';
  call(name: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

/** What the preload puts on `window.ceiling` (electron/preload/index.ts). */
interface PreloadBridge {
  call(name: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'ipc',
    call: (name, input) => bridge.call(name, input),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}

/** The web host authenticates with an HttpOnly cookie set from the URL's token, so no token is handled here. */
function httpTransport(): Transport {
  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | null = null;
  return {
    kind: 'http',
    async call(name, input) {
      try {
        const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
        if (response.headers.get('content-type')?.startsWith('application/json')) {
          return (await response.json()) as Result<unknown>;
        }
        return { ok: false, error: { code: 'forbidden', message: (await response.text()).trim() } };
      } catch (error) {
        return {
          ok: false,
          error: { code: 'io', message: `The Ceiling host did not answer: ${(error as Error).message}` },
        };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource('/api/events');
        source.onmessage = (message) => {
          const event = JSON.parse(message.data as string) as ApiEvent;
          for (const each of listeners) each(event);
        };
      }
      return () => listeners.delete(listener);
    },
  };
}

export function createTransport(): Transport {
  const bridge = (window as unknown as { ceiling?: PreloadBridge }).ceiling;
  return bridge ? ipcTransport(bridge) : httpTransport();
}
