/**
 * Access tokens (../shared/design.md, "Security model"): HS256 JWTs signed with
 * NOCTURNE_SECRET (jose). A viewer token names one Asleep user (`sub`) and
 * expires; the operator's token has role "admin". Either is carried in the
 * httpOnly cookie {@link SESSION_COOKIE}. A viewer token made for a ViewerLink
 * row (lib/store/viewer-links.ts) names it in the claim `lnk`, and the session
 * token opened from that link carries the same claim, so revoking the link ends
 * both (lib/auth/revocation.ts). Tokens without `lnk` (older links, or the
 * operator's own backend signing with the shared secret) stay valid.
 */
import { jwtVerify, SignJWT } from "jose";

export const SESSION_COOKIE = "nocturne_session";
const ISSUER = "nocturne";

/**
 * Who is asking: the operator sees everyone, a viewer only their own user.
 * `linkId` is the ViewerLink the viewer's token came from (claim `lnk`), when it has one.
 */
export type Principal = { role: "admin" } | { role: "viewer"; userId: string; linkId?: string };

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
  if (principal.role === "viewer" && principal.linkId) claims.lnk = principal.linkId;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    // A random id makes every token distinct, so signing one out (lib/auth/revocation.ts) never ends a twin.
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (principal.role === "viewer") jwt.setSubject(principal.userId);
  return jwt.sign(key(secret));
}

/** A verified token: who it is for and its lifetime (seconds since the epoch; `issuedAt` 0 when the token has no `iat`). */
export interface VerifiedToken {
  principal: Principal;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Verifies a token's signature and claims; null when it is missing, forged,
 * expired, malformed, or an admin session made with another operator token
 * than `adminToken`. Does not consult revocations (lib/auth/revocation.ts does).
 */
export async function verifyAccessTokenClaims(
  token: string | null | undefined,
  secret: string | undefined,
  adminToken?: string,
): Promise<VerifiedToken | null> {
  if (!token || !secret) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: ["HS256"], requiredClaims: ["exp"] });
    const times = { issuedAt: payload.iat ?? 0, expiresAt: payload.exp! };
    if (payload.role === "admin") {
      return adminToken && payload.ath === (await adminBinding(adminToken)) ? { principal: { role: "admin" }, ...times } : null;
    }
    if (payload.role === "viewer" && typeof payload.sub === "string" && payload.sub) {
      const linkId = typeof payload.lnk === "string" && payload.lnk ? payload.lnk : undefined;
      return { principal: linkId ? { role: "viewer", userId: payload.sub, linkId } : { role: "viewer", userId: payload.sub }, ...times };
    }
    return null;
  } catch {
    return null;
  }
}

/** {@link verifyAccessTokenClaims}, the principal only. */
export async function verifyAccessToken(
  token: string | null | undefined,
  secret: string | undefined,
  adminToken?: string,
): Promise<Principal | null> {
  return (await verifyAccessTokenClaims(token, secret, adminToken))?.principal ?? null;
}

/** Whether a principal may see a user's sleep. */
export function canViewUser(principal: Principal | null, userId: string): boolean {
  if (!principal) return false;
  return principal.role === "admin" || principal.userId === userId;
}
