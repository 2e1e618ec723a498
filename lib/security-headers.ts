/**
 * Security headers on every page and API answer (issue 9 item 6), set by
 * proxy.ts for what Next serves and by server.ts for the webhook's fast path.
 * Web-standard code only (no Node imports): Next may run proxy.ts apart from
 * the server.
 *
 * The Content-Security-Policy allows scripts only with the per-request nonce
 * (`'strict-dynamic'` lets Next's own nonce'd scripts load its chunks); Next
 * reads the nonce from the request's CSP header and puts it on its inline
 * scripts, so every page must render dynamically (app/layout.tsx makes sure).
 * Styles may be inline (recharts and React set style attributes). socket.io
 * connects to this origin (`connect-src 'self'`, which covers ws: and wss: to
 * the same host in current browsers; the host is also listed explicitly).
 */

/** `X-Content-Type-Options`, `Referrer-Policy`, `X-Frame-Options`, and HSTS when `https`. Lower-case names. */
export function baseSecurityHeaders({ https }: { https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    // Page paths name users (/users/<id>): never send them to another site.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
  };
  if (https) headers["strict-transport-security"] = "max-age=31536000";
  return headers;
}

/** A fresh nonce: 16 random bytes, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy for one response.
 * @param nonce from {@link createNonce}, the only way an inline or loaded script may run
 * @param host the request's Host (`name[:port]`); listed for ws:/wss: when it is a plain host name
 * @param dev Next's dev server needs `'unsafe-eval'` (React's dev tooling); never in production
 */
export function contentSecurityPolicy({ nonce, host, dev = false }: { nonce: string; host?: string | null; dev?: boolean }): string {
  const sockets = host && /^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Whether a request reached this site over HTTPS: TLS here, or `X-Forwarded-Proto: https` from a TLS proxy. */
export function isHttpsRequest(url: string, forwardedProto: string | null | undefined): boolean {
  return url.startsWith("https:") || forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}
