import type {
  ApiEvent,
  CallInput,
  CallName,
  CallOutput,
  EventName,
  EventPayload,
} from '../../../shared/contract';
import type { ApiError, Result } from '../../../shared/result';
import { createTransport } from './transport';

const transport = createTransport();

/** A failed call, thrown by `api.get` so screens can show `error.message` as it came from the service. */
export class CallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** The typed client: the same contract names and types as the services. */
export const api = {
  transport: transport.kind,

  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>> {
    return transport.call(name, input) as Promise<Result<CallOutput<N>>>;
  },

  /** Like `call`, but returns the value or throws a CallError. */
  async get<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    const result = await api.call(name, input);
    if (!result.ok) throw new CallError(result.error);
    return result.value;
  },

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return transport.onEvent((event: ApiEvent) => {
      if (event.name === name) listener(event.payload as EventPayload<E>);
    });
  },
};

/** Images are fetched by item id from the host's media route (same origin on both hosts). */
export function mediaUrl(kind: 'thumb' | 'image', id: string): string {
  return `/media/${kind}/${id}`;
}
