/**
 * Sends webhook bodies to Nocturne's `POST /asleep-webhook` as Asleep would:
 * JSON with the API key and user headers, retrying network errors, 5xx and 429
 * with exponential backoff, and counting how the server answered.
 */

const MAX_TRIES = 5;
const REQUEST_TIMEOUT_MS = 15_000;

/** The webhook endpoint under a base URL: `/asleep-webhook` appended unless the path already ends with it. */
export function webhookUrl(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith("/asleep-webhook")) url.pathname = `${url.pathname.replace(/\/$/, "")}/asleep-webhook`;
  return url.toString();
}

/** Stops the whole run: every later delivery would fail the same way. */
export class FatalError extends Error {}

/** A delivery that still failed after its tries: which session, which body, and why. */
export interface Failure {
  sessionId: string;
  what: string;
  reason: string;
}

/** How the server answered the deliveries so far, by the `status` of its 2xx body. */
export interface Tally {
  accepted: number;
  duplicate: number;
  ignored: number;
  failures: Failure[];
}

/** Resolves after `ms` milliseconds, or at once when `signal` aborts (or `ms` <= 0). */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function describeError(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: string; issues?: Array<{ path: string; message: string }> };
    const issues = (body.issues ?? []).slice(0, 3).map((i) => `${i.path || "body"}: ${i.message}`);
    return [`${res.status} ${body.error ?? res.statusText}`, ...issues].join("; ");
  } catch {
    return `${res.status} ${text.slice(0, 200) || res.statusText}`;
  }
}

/**
 * Creates the POST function: JSON body, auth headers, up to {@link MAX_TRIES}
 * tries of {@link REQUEST_TIMEOUT_MS} each. It counts every answer in `tally`
 * (a body that still failed goes to `tally.failures`) and throws
 * {@link FatalError} on a 401 or when the server stays unreachable.
 */
export function createDeliverer(endpoint: string, apiKey: string, user: string, tally: Tally, signal: AbortSignal) {
  return async function deliver(body: object, sessionId: string, what: string): Promise<void> {
    const payload = JSON.stringify(body);
    let reason = "";
    for (let attempt = 0; attempt < MAX_TRIES && !signal.aborted; attempt++) {
      let retryAfterMs = 0;
      try {
        const res = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": apiKey, "x-user-id": user },
          body: payload,
          signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        });
        if (res.ok) {
          const status = ((await res.json().catch(() => ({}))) as { status?: string }).status;
          if (status === "duplicate") tally.duplicate++;
          else if (status === "ignored") tally.ignored++;
          else tally.accepted++;
          return;
        }
        reason = await describeError(res);
        if (res.status === 401) throw new FatalError(`the server refused the API key: ${reason}`);
        if (res.status !== 429 && res.status < 500) break;
        retryAfterMs = Math.min(10_000, Number(res.headers.get("retry-after") ?? 0) * 1000 || 0);
      } catch (err) {
        if (err instanceof FatalError || signal.aborted) throw err;
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        reason = `network error: ${cause ?? (err as Error).message}`;
        if (attempt === MAX_TRIES - 1) {
          throw new FatalError(`could not reach ${endpoint} (${reason}); is the server running (npm start)?`);
        }
      }
      if (attempt < MAX_TRIES - 1)
        await wait(Math.max(retryAfterMs, 250 * 2 ** attempt * (0.5 + Math.random() / 2)), signal);
    }
    if (!signal.aborted) tally.failures.push({ sessionId, what, reason });
  };
}

/** The function {@link createDeliverer} returns: `deliver(body, sessionId, what)`. */
export type Deliver = ReturnType<typeof createDeliverer>;
