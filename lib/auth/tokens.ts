/**
 * Access tokens (../shared/design.md, "Security model"): HS256 JWTs signed with
 * NOCTURNE_SECRET (jose). A viewer token names one Asleep user (`sub`) and
 * expires; the operator's token has role "admin". Either is carried in the
 * httpOnly cookie {@link SESSION_COOKIE}.
 */
import { jwtVerify, SignJWT } from "jose";

export const SESSION_COOKIE = "nocturne_session";
const ISSUER = "nocturne";

/** Who is asking: the operator sees everyone, a viewer only their own user. */
export type Principal = { role: "admin" } | { role: "viewer"; userId: string };

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Which operator token an admin session was made with: the first 16 hex digits
 * of its SHA-256, so rotating NOCTURNE_ADMIN_TOKEN ends every operator session.
 */
async function adminBinding(adminToken: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(adminToken));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Signs a token for a principal, valid for `ttlSeconds`. An admin token is
 * bound to the operator token in force (`adminToken`, required for admins).
 */
export async function signAccessToken(
  principal: Principal,
  secret: string,
  ttlSeconds: number,
  adminToken?: string,
): Promise<string> {
  const claims: Record<string, string> = { role: principal.role };
  if (principal.role === "admin") {
    if (!adminToken) throw new Error("signAccessToken: an admin session needs the operator token it is made with");
    claims.ath = await adminBinding(adminToken);
  }
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (principal.role === "viewer") jwt.setSubject(principal.userId);
  return jwt.sign(key(secret));
}

/**
 * Verifies a token; null when it is missing, forged, expired, malformed, or an
 * admin session made with another operator token than `adminToken`.
 */
export async function verifyAccessToken(
  token: string | null | undefined,
  secret: string | undefined,
  adminToken?: string,
): Promise<Principal | null> {
  if (!token || !secret) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: ["HS256"], requiredClaims: ["exp"] });
    if (payload.role === "admin") {
      return adminToken && payload.ath === (await adminBinding(adminToken)) ? { role: "admin" } : null;
    }
    if (payload.role === "viewer" && typeof payload.sub === "string" && payload.sub) {
      return { role: "viewer", userId: payload.sub };
    }
    return null;
  } catch {
    return null;
  }
}

/** Whether a principal may see a user's sleep. */
export function canViewUser(principal: Principal | null, userId: string): boolean {
  if (!principal) return false;
  return principal.role === "admin" || principal.userId === userId;
}
