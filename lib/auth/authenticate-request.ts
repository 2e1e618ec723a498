/**
 * Who sent a request: `Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>` is the
 * operator; otherwise the signed session cookie decides, unless it was
 * revoked (lib/auth/revocation.ts). Used by JSON routes,
 * pages and the socket.io middleware alike.
 */
import { timingSafeEqual, createHash } from "node:crypto";

import { getEnv } from "../env";
import { getLogger } from "../log";
import { requestClientAddress, UNKNOWN_ADDRESS } from "./client-address";
import { operatorAuthLimiter } from "./failure-limiter";
import { verifyLivePrincipal } from "./revocation";
import { SESSION_COOKIE, type Principal } from "./tokens";

function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null; // malformed percent-encoding: treat as no cookie
      }
    }
  }
  return null;
}

/** The operator's token matches NOCTURNE_ADMIN_TOKEN (constant time). Counts nothing: see {@link checkOperatorToken}. */
export function isAdminToken(token: string | null | undefined): boolean {
  const admin = getEnv().adminToken;
  return Boolean(token && admin && sameSecret(token, admin));
}

/** Thrown when a client address has failed operator authentication too often (lib/auth/failure-limiter.ts). */
export class TooManyFailures extends Error {
  constructor(
    /** Whole seconds until the address may try again. */
    readonly retryAfterSeconds: number,
  ) {
    super(`too many failed operator sign-ins from this address: retry after ${retryAfterSeconds} s`);
    this.name = "TooManyFailures";
  }
}

/**
 * Checks an operator token offered from `address` through `via`, under the
 * per-address failure limit: a wrong (or missing) token counts one failure
 * and logs a warning, a right one clears the address's count.
 * @returns whether the token is NOCTURNE_ADMIN_TOKEN
 * @throws TooManyFailures while the address is refused (even with the right token)
 */
export function checkOperatorToken(token: string | null | undefined, address: string, via: "login" | "bearer" | "socket"): boolean {
  const limiter = operatorAuthLimiter();
  const log = getLogger().child({ component: "auth" });
  const wait = limiter.retryAfterSeconds(address);
  if (wait > 0) {
    log.warn({ address, via, retryAfterSeconds: wait }, "operator authentication refused: too many failures from this address");
    throw new TooManyFailures(wait);
  }
  if (isAdminToken(token)) {
    limiter.reset(address);
    return true;
  }
  limiter.recordFailure(address);
  log.warn({ address, via }, "operator authentication failed: wrong token");
  return false;
}

/**
 * Resolves the principal from an Authorization header and a Cookie header;
 * null when anonymous. A Bearer token is checked with {@link checkOperatorToken}
 * for `address` (the client's address; {@link UNKNOWN_ADDRESS} when not given).
 * @throws TooManyFailures for a Bearer token from a refused address
 */
export async function authenticate(headers: {
  authorization?: string | null;
  cookie?: string | null;
  address?: string;
}): Promise<Principal | null> {
  const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return checkOperatorToken(bearer, headers.address ?? UNKNOWN_ADDRESS, "bearer") ? { role: "admin" } : null;
  const env = getEnv();
  return verifyLivePrincipal(readCookie(headers.cookie, SESSION_COOKIE), env.secret, env.adminToken);
}

/** {@link authenticate} for a web Request (the address is the one server.ts stamped). @throws TooManyFailures */
export function authenticateRequest(request: Request): Promise<Principal | null> {
  return authenticate({
    authorization: request.headers.get("authorization"),
    cookie: request.headers.get("cookie"),
    address: requestClientAddress(request),
  });
}

/** The JSON answer to {@link TooManyFailures}: 429 with Retry-After. */
export function tooManyFailuresResponse(err: TooManyFailures): Response {
  return Response.json({ error: err.message }, { status: 429, headers: { "retry-after": String(err.retryAfterSeconds) } });
}

/**
 * The principal of a JSON API request, or the answer to send instead: 401
 * (anonymous or a wrong Bearer token) or 429 (too many failures from this address).
 */
export async function requireApiPrincipal(request: Request): Promise<Principal | Response> {
  try {
    const principal = await authenticateRequest(request);
    return principal ?? Response.json({ error: "sign in or send Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>" }, { status: 401 });
  } catch (err) {
    if (err instanceof TooManyFailures) return tooManyFailuresResponse(err);
    throw err;
  }
}
