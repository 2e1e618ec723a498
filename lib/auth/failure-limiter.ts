/**
 * Counting failed operator authentications per client address, in process
 * (issue 9 item 7): after `maxFailures` failures within `windowMs`, the address
 * is refused (HTTP 429 + Retry-After, or a socket.io connect_error) until the
 * oldest of those failures leaves the window. While refused, even the correct
 * token is refused from that address (otherwise the refusal would tell right
 * from wrong guesses); other addresses are not affected.
 *
 * A sliding log: each address keeps at most `maxFailures` timestamps, and at
 * most `maxAddresses` addresses are tracked (the longest-idle are dropped
 * first), so memory stays bounded under a spray of addresses. Several server
 * instances each keep their own counts.
 */
import { getEnv } from "../env";

export interface FailureLimiter {
  /** Whole seconds until `address` may try again (at least 1), or 0 when it may try now. */
  retryAfterSeconds(address: string): number;
  /** Records one failed attempt from `address`. */
  recordFailure(address: string): void;
  /** Forgets `address`'s failures (after a successful sign-in). */
  reset(address: string): void;
}

export interface FailureLimiterOptions {
  /** Failures allowed within the window; the next attempt is refused. At least 1. */
  maxFailures: number;
  /** The window, in milliseconds. */
  windowMs: number;
  /** Addresses tracked at once (default 10,000). */
  maxAddresses?: number;
  /** The clock, in milliseconds since the epoch (tests pass a fake one). */
  now?: () => number;
}

/** A limiter with its own counts. @throws RangeError for a maxFailures below 1 or a window of 0 ms or less */
export function createFailureLimiter({ maxFailures, windowMs, maxAddresses = 10_000, now = Date.now }: FailureLimiterOptions): FailureLimiter {
  if (!(maxFailures >= 1) || !(windowMs > 0)) throw new RangeError("maxFailures must be at least 1 and windowMs above 0");
  // Map iteration order is insertion order; re-inserting on every failure keeps the longest-idle address first.
  const failures = new Map<string, number[]>();

  const recent = (address: string, at: number): number[] => {
    const times = failures.get(address);
    if (!times) return [];
    const kept = times.filter((t) => t > at - windowMs);
    if (kept.length) failures.set(address, kept);
    else failures.delete(address);
    return kept;
  };

  return {
    retryAfterSeconds(address) {
      const at = now();
      const times = recent(address, at);
      if (times.length < maxFailures) return 0;
      const freeAt = times[times.length - maxFailures]! + windowMs;
      return Math.max(1, Math.ceil((freeAt - at) / 1000));
    },
    recordFailure(address) {
      const at = now();
      const times = [...recent(address, at), at].slice(-maxFailures);
      failures.delete(address);
      failures.set(address, times);
      while (failures.size > maxAddresses) failures.delete(failures.keys().next().value as string);
    },
    reset(address) {
      failures.delete(address);
    },
  };
}

const SLOT = Symbol.for("nocturne.operatorAuthLimiter");
type Slot = { [SLOT]?: FailureLimiter };

/**
 * The process-wide limiter for operator authentication (sign-in form, Bearer
 * token, socket.io `auth.token`), configured by NOCTURNE_AUTH_MAX_FAILURES and
 * NOCTURNE_AUTH_WINDOW_SECONDS. Kept on globalThis so server.ts (sockets) and
 * Next's bundles (routes) count into one budget per address.
 */
export function operatorAuthLimiter(): FailureLimiter {
  const g = globalThis as Slot;
  if (!g[SLOT]) {
    const env = getEnv();
    g[SLOT] = createFailureLimiter({ maxFailures: env.authMaxFailures, windowMs: env.authWindowSeconds * 1000 });
  }
  return g[SLOT];
}
