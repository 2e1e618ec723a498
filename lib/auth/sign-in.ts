/**
 * Sign-in flows: a viewer's link token becomes a session cookie of its own;
 * the operator's NOCTURNE_ADMIN_TOKEN becomes an admin session; sign-out and
 * the operator's revocation end sessions at once (lib/auth/revocation.ts).
 * State-changing requests from another site's page are refused (lib/auth/same-origin.ts).
 */
import { getEnv } from "../env";
import { getLogger } from "../log";
import { getStore } from "../store/client";
import { markViewerLinkUsed } from "../store/viewer-links";
import { checkOperatorToken, readCookie, requireApiPrincipal, TooManyFailures, tooManyFailuresResponse } from "./authenticate-request";
import { requestClientAddress } from "./client-address";
import { isSecureRequest, sessionCookie } from "./cookie";
import { revokeSignedToken, revokeUserAccess, verifyLiveToken } from "./revocation";
import { crossOriginResponse, requestForeignOrigin } from "./same-origin";
import { SESSION_COOKIE, signAccessToken, verifyAccessTokenClaims } from "./tokens";

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

/**
 * GET /auth/link?token=...: verifies a viewer link (not expired, not revoked)
 * and signs the viewer in with a session token of its own that ends when the
 * link does, so signing that session out leaves the link usable.
 */
export async function exchangeLinkToken(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get("token");
  const secret = getEnv().secret;
  const link = await verifyLiveToken(token, secret);
  if (!link || link.principal.role !== "viewer" || !secret) return redirect("/login?error=link");
  const seconds = link.expiresAt - Math.floor(Date.now() / 1000);
  if (seconds <= 0) return redirect("/login?error=link");
  const session = await signAccessToken(link.principal, secret, seconds);
  if (link.principal.linkId) {
    // "Last used" on the settings page; a failure here must not refuse a valid link.
    await markViewerLinkUsed(await getStore(), link.principal.linkId).catch((err: unknown) =>
      getLogger().child({ component: "auth" }).warn({ err }, "could not record a link's use"),
    );
  }
  return redirect(`/users/${encodeURIComponent(link.principal.userId)}`, sessionCookie(session, seconds, isSecureRequest(request)));
}

/** The 403 for a cross-site state-changing request, logged; null when the request may proceed. */
export function refuseCrossSite(request: Request, action: string): Response | null {
  const origin = requestForeignOrigin(request);
  if (origin === null) return null;
  getLogger().child({ component: "auth" }).warn({ origin, action, address: requestClientAddress(request) }, "cross-site request refused");
  return crossOriginResponse(origin);
}

/**
 * POST /api/auth/login (form: token, next): signs the operator in. A wrong
 * token goes back to the form; too many from one address get 429 + Retry-After
 * (lib/auth/failure-limiter.ts).
 */
export async function signInOperator(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request, "sign-in");
  if (refused) return refused;
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
    return redirect(next.length <= 1024 ? `/login?error=token&next=${encodeURIComponent(next)}` : "/login?error=token");
  }
  const jwt = await signAccessToken({ role: "admin" }, secret, ADMIN_SESSION_SECONDS, token);
  return redirect(next, sessionCookie(jwt, ADMIN_SESSION_SECONDS, isSecureRequest(request)));
}

/**
 * POST /api/auth/logout: ends the session at once. The cookie's token is
 * recorded as revoked (lib/auth/revocation.ts), so a copy of it no longer
 * works anywhere, and the cookie is cleared. 403 from another site's page.
 */
export async function signOut(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request, "sign-out");
  if (refused) return refused;
  const env = getEnv();
  const token = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  const verified = await verifyAccessTokenClaims(token, env.secret, env.adminToken);
  if (verified && token) {
    await revokeSignedToken(token, verified);
    getLogger().child({ component: "auth" }).info({ role: verified.principal.role }, "signed out");
  }
  return redirect("/login", sessionCookie("", 0, isSecureRequest(request)));
}

/**
 * POST /api/users/:userId/revoke (operator only): ends every link and session
 * of one viewer user at once. Answers 200 `{userId, revokedAt}`; 401/429 as
 * the JSON API does, 403 for a viewer or a cross-site page.
 */
export async function revokeUserRequest(request: Request, userId: string): Promise<Response> {
  const refused = refuseCrossSite(request, "revoke");
  if (refused) return refused;
  const principal = await requireApiPrincipal(request);
  if (principal instanceof Response) return principal;
  if (principal.role !== "admin") return Response.json({ error: "only the operator may revoke a user's sign-ins" }, { status: 403 });
  const revokedAt = await revokeUserAccess(userId);
  getLogger().child({ component: "auth" }).info({ userId }, "revoked every link and session of a user");
  return Response.json({ userId, revokedAt: revokedAt.toISOString() });
}
