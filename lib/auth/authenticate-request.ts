/**
 * Who sent a request: `Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>` is the
 * operator; otherwise the signed session cookie decides. Used by JSON routes,
 * pages and the socket.io middleware alike.
 */
import { timingSafeEqual, createHash } from "node:crypto";

import { getEnv } from "../env";
import { SESSION_COOKIE, verifyAccessToken, type Principal } from "./tokens";

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

/** The operator's token matches NOCTURNE_ADMIN_TOKEN (constant time). */
export function isAdminToken(token: string | null | undefined): boolean {
  const admin = getEnv().adminToken;
  return Boolean(token && admin && sameSecret(token, admin));
}

/** Resolves the principal from an Authorization header and a Cookie header; null when anonymous. */
export async function authenticate(headers: {
  authorization?: string | null;
  cookie?: string | null;
}): Promise<Principal | null> {
  const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return isAdminToken(bearer) ? { role: "admin" } : null;
  const env = getEnv();
  return verifyAccessToken(readCookie(headers.cookie, SESSION_COOKIE), env.secret, env.adminToken);
}

/** {@link authenticate} for a web Request. */
export function authenticateRequest(request: Request): Promise<Principal | null> {
  return authenticate({ authorization: request.headers.get("authorization"), cookie: request.headers.get("cookie") });
}
