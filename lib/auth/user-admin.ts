/**
 * The operator's user administration over JSON (the settings page
 * /users/:userId/settings calls these; so may the operator's scripts with
 * `Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>`):
 * - GET  /api/users/:userId/links                    active links
 * - POST /api/users/:userId/links                    {days: 1|7|30|90, label?} → 201 {link, url}
 * - POST /api/users/:userId/links/:linkId/revoke     → 200 {link}; 404 for another user's or no link
 * - POST /api/users/:userId/delete                   {confirm: "<userId>"} → 200 counts
 * Each POST is refused from another site's page (403, lib/auth/same-origin.ts);
 * all answer 401 anonymous, 403 to a viewer, 400 with `issues` for a bad body.
 */
import { z } from "zod";

import { getEnv } from "../env";
import { jsonError } from "../http-json";
import { getLogger } from "../log";
import { getStore } from "../store/client";
import { deleteUserData } from "../store/delete-user";
import { listActiveViewerLinks, MAX_LINK_LABEL, VIEWER_LINK_DAYS } from "../store/viewer-links";
import { requireApiPrincipal } from "./authenticate-request";
import { announceRevocation, revokeLinkAccess } from "./revocation";
import { refuseCrossSite } from "./sign-in";
import { issueViewerLink, linkBaseUrl } from "./viewer-links";

const log = () => getLogger().child({ component: "users" });

/** null when the request comes from the operator (and, for a POST, from this site); else the answer to send. */
async function requireOperator(request: Request, action: string | null): Promise<Response | null> {
  if (action) {
    const refused = refuseCrossSite(request, action);
    if (refused) return refused;
  }
  const principal = await requireApiPrincipal(request);
  if (principal instanceof Response) return principal;
  return principal.role === "admin" ? null : jsonError(403, "only the operator may manage a user's links and data");
}

/** Parses a JSON body with `schema`: the value, or the 400 naming each problem. */
async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T | Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "the body must be JSON" }, { status: 400 });
  }
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  return Response.json(
    { error: "invalid body", issues: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
    { status: 400 },
  );
}

const createLinkBody = z.object({
  days: z
    .number({ message: `days must be one of ${VIEWER_LINK_DAYS.join(", ")}` })
    .refine((d) => (VIEWER_LINK_DAYS as readonly number[]).includes(d), {
      message: `days must be one of ${VIEWER_LINK_DAYS.join(", ")}`,
    }),
  label: z.string().trim().max(MAX_LINK_LABEL, `label must be at most ${MAX_LINK_LABEL} characters`).nullish(),
});

/** GET /api/users/:userId/links: 200 {links: ViewerLinkView[]} (not revoked, not expired; newest first). */
export async function listLinksRequest(request: Request, userId: string): Promise<Response> {
  const refused = await requireOperator(request, null);
  if (refused) return refused;
  return Response.json({ links: await listActiveViewerLinks(await getStore(), userId) });
}

/** POST /api/users/:userId/links: makes a link; 201 {link, url}. The URL is in this answer only. */
export async function createLinkRequest(request: Request, userId: string): Promise<Response> {
  const refused = await requireOperator(request, "create link");
  if (refused) return refused;
  const body = await readJson(request, createLinkBody);
  if (body instanceof Response) return body;
  const env = getEnv();
  if (!env.secret) return jsonError(503, "NOCTURNE_SECRET is not set: links cannot be signed");
  const issued = await issueViewerLink(await getStore(), env.secret, {
    userId,
    days: body.days,
    label: body.label ?? null,
    base: linkBaseUrl(request, env.publicUrl),
  });
  log().info({ userId, linkId: issued.link.id, days: body.days }, "viewer link created");
  return Response.json(issued, { status: 201 });
}

/** POST /api/users/:userId/links/:linkId/revoke: 200 {link} with its `revokedAt`; 404 when the user has no such link. */
export async function revokeLinkRequest(request: Request, userId: string, linkId: string): Promise<Response> {
  const refused = await requireOperator(request, "revoke link");
  if (refused) return refused;
  const link = await revokeLinkAccess(userId, linkId);
  if (!link) return jsonError(404, `user ${userId} has no link ${linkId}`);
  log().info({ userId, linkId }, "viewer link revoked");
  return Response.json({ link });
}

/**
 * POST /api/users/:userId/delete {confirm: "<userId>"}: deletes the user's data
 * (lib/store/delete-user.ts) and closes their open sockets. 200 with the
 * counts; 400 when `confirm` is not the user id; 404 when nothing was held.
 */
export async function deleteUserRequest(request: Request, userId: string): Promise<Response> {
  const refused = await requireOperator(request, "delete user");
  if (refused) return refused;
  const body = await readJson(request, z.object({ confirm: z.string() }));
  if (body instanceof Response) return body;
  if (body.confirm !== userId) return jsonError(400, `confirm must be the user id "${userId}"`);
  const deleted = await deleteUserData(await getStore(), userId);
  announceRevocation({ userId });
  const { revokedAt, ...counts } = deleted;
  if (!deleted.user && deleted.nights === 0 && deleted.links === 0 && deleted.deliveryBodies === 0) {
    return jsonError(404, `no data held for user ${userId}`);
  }
  log().warn(counts, "deleted a user's data on request");
  return Response.json({ ...counts, revokedAt: revokedAt.toISOString() });
}
