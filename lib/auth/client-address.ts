/**
 * Which client a request comes from, for per-address limits. Next's route
 * handlers see a web Request without the TCP peer, so server.ts stamps the
 * address on every request it hands to Next ({@link stampClientAddress}),
 * overwriting whatever a client sent in that header.
 *
 * Behind a reverse proxy every peer is the proxy; with NOCTURNE_TRUST_PROXY=1
 * the address is the last entry of X-Forwarded-For (the one your proxy
 * appended; entries before it are the client's to invent).
 */
import type { IncomingMessage } from "node:http";

/** The request header server.ts sets to the client's address. */
export const CLIENT_ADDRESS_HEADER = "x-nocturne-client-address";

/** Used when no address is known (a handler reached without server.ts). */
export const UNKNOWN_ADDRESS = "unknown";

/** The client's address of a Node request: the TCP peer, or with `trustProxy` the last X-Forwarded-For entry. */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers["x-forwarded-for"];
    const last = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").pop()?.trim();
    if (last) return last;
  }
  return req.socket?.remoteAddress ?? UNKNOWN_ADDRESS;
}

/** Sets {@link CLIENT_ADDRESS_HEADER} on a request before Next sees it (server.ts). */
export function stampClientAddress(req: IncomingMessage, trustProxy: boolean): void {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, trustProxy);
}

/** The client's address as server.ts stamped it on a web Request; {@link UNKNOWN_ADDRESS} when missing. */
export function requestClientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || UNKNOWN_ADDRESS;
}
