/**
 * Timeouts of Nocturne's HTTP server, sized for a webhook receiver and a
 * dashboard rather than Node's generous defaults (60 s for headers, 300 s for
 * a request), so a slow or stalled client cannot hold a connection for minutes.
 * They bound how long the server waits to *receive* a request; answers may take
 * as long as they take, and socket.io's WebSockets, once upgraded, leave the
 * HTTP server's bookkeeping and are not affected (its long-polling requests
 * arrive at once and are answered later, so they are not either).
 */
import type { ServerOptions } from "node:http";

/** A client must send all request headers within this many milliseconds (then 408 and close). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A client must send the whole request, headers and body, within this many milliseconds (then 408 and close). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node checks open connections against those timeouts, in milliseconds. */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * Options for `http.createServer(options, handler)`. `overrides` (milliseconds)
 * exist for tests; server.ts uses the defaults above.
 * @throws RangeError when the headers timeout exceeds the request timeout (Node would ignore it)
 */
export function httpServerOptions(
  overrides: { headersTimeoutMs?: number; requestTimeoutMs?: number; checkIntervalMs?: number } = {},
): ServerOptions {
  const headersTimeout = overrides.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const requestTimeout = overrides.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  if (headersTimeout > requestTimeout) throw new RangeError("the headers timeout must not exceed the request timeout");
  return { headersTimeout, requestTimeout, connectionsCheckingInterval: overrides.checkIntervalMs ?? TIMEOUT_CHECK_INTERVAL_MS };
}
