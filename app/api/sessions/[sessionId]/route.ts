/** GET /api/sessions/:sessionId: one night (lib/store/queries.ts, SleepSessionView). */
import { requireApiPrincipal } from "@/lib/auth/authenticate-request";
import { canViewUser } from "@/lib/auth/tokens";
import { getStore } from "@/lib/store/client";
import { jsonError, withDatabaseErrors } from "@/lib/http-json";
import { getSleepSession } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export const GET = withDatabaseErrors(async (request: Request, { params }: { params: Promise<{ sessionId: string }> }) => {
  const principal = await requireApiPrincipal(request);
  if (principal instanceof Response) return principal;
  const { sessionId } = await params;
  const view = await getSleepSession(await getStore(), sessionId);
  // Another user's night answers exactly like a missing one, so a viewer learns nothing about it.
  if (!view || !canViewUser(principal, view.userId)) return jsonError(404, `no session ${sessionId}`);
  return Response.json(view);
});
