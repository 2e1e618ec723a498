/**
 * The request headers a delivery's log row keeps (WebhookDelivery.headers):
 * every header as it arrived, names lowercased, except the credentials, which
 * are never stored: `x-api-key` (Asleep's key), `authorization`,
 * `proxy-authorization` and `cookie`.
 */

/** Header names whose values are never written to the delivery log. */
export const NEVER_RECORDED_HEADERS: ReadonlySet<string> = new Set(["x-api-key", "authorization", "proxy-authorization", "cookie"]);

/**
 * The JSON object stored for a request's headers: `{ name: value }`, names
 * lowercased, a repeated header's values joined with ", " (as HTTP combines
 * them), credentials left out. Null when the request gave no way to list them.
 * @param entries [name, value] pairs as the HTTP layer lists them
 */
export function recordedHeaders(entries: Iterable<[string, string]> | undefined): string | null {
  if (!entries) return null;
  const out: Record<string, string> = {};
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (NEVER_RECORDED_HEADERS.has(name)) continue;
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return JSON.stringify(out);
}
