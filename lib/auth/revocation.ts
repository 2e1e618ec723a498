/**
 * Ending sign-ins before they expire (issue 9 item 10). Tokens stay
 * self-contained JWTs (lib/auth/tokens.ts); a token is refused when
 * - it was signed out (POST /api/auth/logout records its SHA-256 until it
 *   expires), or
 * - it is a viewer's and the operator revoked that user at or after the
 *   second the token was issued (POST /api/users/:userId/revoke): that ends
 *   every link and session cookie of the user at once; links made afterwards
 *   (from the next second) work, or
 * - it names a ViewerLink (claim `lnk`: the link itself, or a session cookie
 *   opened from it) that the operator revoked (lib/store/viewer-links.ts).
 * The check is one primary-key query (lib/store/access-revocations.ts) per
 * cookie check, so pages, the API and socket handshakes stay cheap; a Bearer
 * token needs none. Sockets already open with an ended token are closed by
 * this process's socket server ({@link onRevocation}); another instance's
 * sockets stay open until they reconnect.
 */
import { createHash } from "node:crypto";

import { getLogger } from "../log";
import { getStore } from "../store/client";
import { getRevocationState, revokeToken, revokeUserTokens } from "../store/access-revocations";
import { markUserLinksRevoked, revokeViewerLink, type ViewerLinkView } from "../store/viewer-links";
import { verifyAccessTokenClaims, type Principal, type VerifiedToken } from "./tokens";

/** SHA-256 of a token, hex: how a signed-out token is recorded (never the token itself). */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether a token that verified has been revoked since (signed out, its user revoked, or its link revoked). */
export async function isTokenRevoked(token: string, verified: VerifiedToken): Promise<boolean> {
  const { principal } = verified;
  const userId = principal.role === "viewer" ? principal.userId : null;
  const linkId = principal.role === "viewer" ? (principal.linkId ?? null) : null;
  const state = await getRevocationState(await getStore(), tokenDigest(token), userId, linkId);
  if (state.tokenRevoked || state.linkRevoked) return true;
  return state.userRevokedAt !== null && verified.issuedAt <= Math.floor(state.userRevokedAt.getTime() / 1000);
}

/**
 * Verifies a session cookie or link token and checks it is not revoked.
 * @returns the verified token, or null when it is missing, invalid, expired or revoked
 */
export async function verifyLiveToken(
  token: string | null | undefined,
  secret: string | undefined,
  adminToken?: string,
): Promise<VerifiedToken | null> {
  const verified = await verifyAccessTokenClaims(token, secret, adminToken);
  if (!verified || !token) return null;
  return (await isTokenRevoked(token, verified)) ? null : verified;
}

/** {@link verifyLiveToken}, the principal only. */
export async function verifyLivePrincipal(token: string | null | undefined, secret: string | undefined, adminToken?: string): Promise<Principal | null> {
  return (await verifyLiveToken(token, secret, adminToken))?.principal ?? null;
}

/** What was just revoked: one token (by its digest), every token of a viewer user, or one link and the cookies opened from it. */
export type Revocation = { tokenDigest: string } | { userId: string } | { linkId: string };
type RevocationListener = (revocation: Revocation) => void;

const SLOT = Symbol.for("nocturne.revocation-listeners");
type Slot = { [SLOT]?: Set<RevocationListener> };
function listeners(): Set<RevocationListener> {
  const g = globalThis as Slot;
  g[SLOT] ??= new Set();
  return g[SLOT];
}

/**
 * Calls `listener` after every revocation recorded in this process (the socket
 * server closes the sockets it ends). On globalThis, like the sleep bus, so a
 * revocation in Next's route bundle reaches server.ts's sockets.
 * @returns the unsubscribe function
 */
export function onRevocation(listener: RevocationListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** Tells this process's listeners (the socket server) about a revocation already recorded in the database. */
export function announceRevocation(revocation: Revocation): void {
  for (const listener of [...listeners()]) {
    try {
      listener(revocation);
    } catch (err) {
      getLogger().error({ err }, "revocation listener failed");
    }
  }
}

/** Signs one token out: it is refused from now until it would have expired (`verified.expiresAt`). */
export async function revokeSignedToken(token: string, verified: VerifiedToken): Promise<void> {
  const digest = tokenDigest(token);
  await revokeToken(await getStore(), digest, new Date(verified.expiresAt * 1000));
  announceRevocation({ tokenDigest: digest });
}

/**
 * Revokes every link and session of one viewer user issued up to now.
 * @returns the revocation time (tokens issued up to its whole second are refused)
 */
export async function revokeUserAccess(userId: string): Promise<Date> {
  const at = new Date();
  const store = await getStore();
  await revokeUserTokens(store, userId, at);
  await markUserLinksRevoked(store, userId, at);
  announceRevocation({ userId });
  return at;
}

/**
 * Revokes one of a user's links: the link and every session cookie opened from
 * it are refused from now on (sockets opened with them here are closed).
 * @returns the revoked link, or null when `userId` has no link `linkId`
 */
export async function revokeLinkAccess(userId: string, linkId: string): Promise<ViewerLinkView | null> {
  const link = await revokeViewerLink(await getStore(), userId, linkId);
  if (link) announceRevocation({ linkId });
  return link;
}
