/**
 * Cross-site request refusal for state-changing requests (sign-in, sign-out,
 * revocation) and the socket.io handshake (issue 9 item 10). A browser names
 * the page that made a request in `Origin`; anything but this site's own host
 * is refused. Requests without `Origin` (curl, a server, a Node socket client)
 * are not from a browser page and pass. This site's host is the request's
 * `Host`, or `X-Forwarded-Host` behind a proxy that rewrites it; the scheme is
 * not compared, so a TLS proxy in front of plain HTTP works.
 */

/**
 * The refused Origin of a request, or null when it may proceed.
 * @param headers `origin`, `host` and `x-forwarded-host` as received
 * @returns the Origin value when it names another host (or is `null`, a sandboxed page), else null
 */
export function foreignOrigin(headers: { origin?: string | null; host?: string | null; forwardedHost?: string | null }): string | null {
  const origin = headers.origin?.trim();
  if (!origin) return null;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return origin; // "null" or garbage: not this site
  }
  const ours = [headers.host, ...(headers.forwardedHost ?? "").split(",")]
    .map((h) => h?.trim().toLowerCase())
    .filter((h): h is string => Boolean(h));
  return host && ours.includes(host) ? null : origin;
}

/** {@link foreignOrigin} for a web Request (its URL's host when no Host header came with it). */
export function requestForeignOrigin(request: Request): string | null {
  return foreignOrigin({
    origin: request.headers.get("origin"),
    host: request.headers.get("host") ?? new URL(request.url).host,
    forwardedHost: request.headers.get("x-forwarded-host"),
  });
}

/** The 403 JSON answer to a cross-site request. */
export function crossOriginResponse(origin: string): Response {
  return Response.json({ error: `cross-site request refused: Origin ${origin} is not this site` }, { status: 403 });
}
