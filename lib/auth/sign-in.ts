/**
 * Sign-in flows: a viewer's link token becomes the session cookie; the
 * operator's NOCTURNE_ADMIN_TOKEN becomes an admin session.
 */
import { getEnv } from "../env";
import { checkOperatorToken, TooManyFailures, tooManyFailuresResponse } from "./authenticate-request";
import { requestClientAddress } from "./client-address";
import { isSecureRequest, sessionCookie } from "./cookie";
import { signAccessToken, verifyAccessToken } from "./tokens";

/** How long an operator stays signed in, in seconds. */
export const ADMIN_SESSION_SECONDS = 12 * 3600;

/**
 * A redirect target on this site only (no open redirects). `next` is resolved
 * against the site's own origin the way a browser resolves it (so `/\\evil`,
 * `/%09/evil` and `//evil` are caught) and only its path, query and fragment
 * are kept; that result is then resolved once more, because dot segments can
 * collapse into a protocol-relative path (`/..//evil`, `/.//evil`,
 * `/a/..//evil`, `/%2e%2e//evil` all become `//evil`, which a browser reads as
 * another host). Anything that does not land on the same origin with the same
 * URL both times gives `fallback`.
 * @param next the requested path (form field or query parameter), untrusted
 * @returns a path starting with a single `/` (with query and fragment), or `fallback`
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/") || /[\\\u0000-\u001f]/.test(next)) return fallback;
  try {
    const base = "http://nocturne.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    const again = new URL(path, base);
    return again.origin === base && again.href === url.href && !path.startsWith("//") ? path : fallback;
  } catch {
    return fallback;
  }
}

/** A 303 to a path on this site (relative Location, so it works behind any proxy). */
function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ location });
  if (cookie) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/** GET /auth/link?token=...: verifies a viewer link and signs the viewer in. */
export async function exchangeLinkToken(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get("token");
  const principal = await verifyAccessToken(token, getEnv().secret);
  if (!principal || principal.role !== "viewer" || !token) return redirect("/login?error=link");
  const exp = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { exp: number };
  const cookie = sessionCookie(token, exp.exp - Date.now() / 1000, isSecureRequest(request));
  return redirect(`/users/${encodeURIComponent(principal.userId)}`, cookie);
}

/**
 * POST /api/auth/login (form: token, next): signs the operator in. A wrong
 * token goes back to the form; too many from one address get 429 + Retry-After
 * (lib/auth/failure-limiter.ts).
 */
export async function signInOperator(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const token = form?.get("token");
  const next = safeNext(typeof form?.get("next") === "string" ? (form?.get("next") as string) : null);
  const secret = getEnv().secret;
  let valid: boolean;
  try {
    valid = checkOperatorToken(typeof token === "string" ? token : null, requestClientAddress(request), "login");
  } catch (err) {
    if (err instanceof TooManyFailures) return tooManyFailuresResponse(err);
    throw err;
  }
  if (!valid || typeof token !== "string" || !secret) {
    return redirect(`/login?error=token&next=${encodeURIComponent(next)}`);
  }
  const jwt = await signAccessToken({ role: "admin" }, secret, ADMIN_SESSION_SECONDS, token);
  return redirect(next, sessionCookie(jwt, ADMIN_SESSION_SECONDS, isSecureRequest(request)));
}

/** POST /api/auth/logout: clears the session cookie. */
export function signOut(request: Request): Response {
  return redirect("/login", sessionCookie("", 0, isSecureRequest(request)));
}
