/** GET /api/sessions/:sessionId: one night (lib/store/queries.ts, SleepSessionView). */
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { canViewUser } from "@/lib/auth/tokens";
import { getStore } from "@/lib/store/client";
import { accessDenied, jsonError, withDatabaseErrors } from "@/lib/http-json";
import { getSleepSession } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export const GET = withDatabaseErrors(async (request: Request, { params }: { params: Promise<{ sessionId: string }> }) => {
  const principal = await authenticateRequest(request);
  if (!principal) return accessDenied(false);
  const { sessionId } = await params;
  const view = await getSleepSession(await getStore(), sessionId);
  if (!view) return jsonError(404, `no session ${sessionId}`);
  if (!canViewUser(principal, view.userId)) return accessDenied(true);
  return Response.json(view);
});
