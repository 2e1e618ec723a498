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
 * Delivers an event to every subscriber on the next turn of the event loop, so
 * the webhook's answer is written before a large room's broadcast runs. A
 * throwing subscriber is reported through `onError` and never reaches the
 * publisher (a failed publish must not fail a delivery already committed).
 */
export function publishSleepEvent(event: SleepBusEvent, onError?: (err: unknown) => void): void {
  const targets = [...listeners()];
  if (targets.length === 0) return;
  setImmediate(() => {
    for (const listener of targets) {
      try {
        listener(event);
      } catch (err) {
        onError?.(err);
      }
    }
  });
}
