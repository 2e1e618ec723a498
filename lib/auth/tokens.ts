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

/** Signs a token for a principal, valid for `ttlSeconds`. */
export async function signAccessToken(principal: Principal, secret: string, ttlSeconds: number): Promise<string> {
  const jwt = new SignJWT({ role: principal.role })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (principal.role === "viewer") jwt.setSubject(principal.userId);
  return jwt.sign(key(secret));
}

/** Verifies a token; null when it is missing, forged, expired or malformed. */
export async function verifyAccessToken(token: string | null | undefined, secret: string | undefined): Promise<Principal | null> {
  if (!token || !secret) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: ["HS256"], requiredClaims: ["exp"] });
    if (payload.role === "admin") return { role: "admin" };
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
