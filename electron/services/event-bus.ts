import type { ApiEvent, EventName, EventPayload } from '../../shared/contract';

export type EventListener = (event: ApiEvent) => void;

/** Services publish progress here; each transport (IPC, SSE, CLI) subscribes and forwards. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload } as ApiEvent;
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
