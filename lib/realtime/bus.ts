/**
 * The in-process event bus between ingest (published after commit) and the
 * socket.io layer. It lives on globalThis under a Symbol because Next bundles
 * route handlers apart from server.ts: a module-level emitter would be two
 * different objects (../shared/design.md, "Known pitfall").
 */
import type { SleepBusEvent } from "./events";

type Listener = (event: SleepBusEvent) => void;
const SLOT = Symbol.for("nocturne.sleep-bus");
type Slot = { [SLOT]?: Set<Listener> };

function listeners(): Set<Listener> {
  const g = globalThis as Slot;
  g[SLOT] ??= new Set();
  return g[SLOT];
}

/** Subscribes to every published event; returns the unsubscribe function. */
export function subscribeSleepEvents(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/**
 * Delivers an event to every subscriber. A throwing subscriber is reported
 * through `onError` and never reaches the publisher (a failed publish must not
 * fail the delivery that was already committed).
 */
export function publishSleepEvent(event: SleepBusEvent, onError?: (err: unknown) => void): void {
  for (const listener of listeners()) {
    try {
      listener(event);
    } catch (err) {
      onError?.(err);
    }
  }
}
