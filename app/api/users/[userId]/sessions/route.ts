/** GET /api/users/:userId/sessions?limit&cursor: a user's nights, newest first. */
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { canViewUser } from "@/lib/auth/tokens";
import { getStore } from "@/lib/store/client";
import { accessDenied, jsonError } from "@/lib/http-json";
import { listUserSessions, userExists } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const principal = await authenticateRequest(request);
  if (!principal) return accessDenied(false);
  const { userId } = await params;
  if (!canViewUser(principal, userId)) return accessDenied(true);
  const url = new URL(request.url);
  const limit = Number(url.searchParams.get("limit") ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return jsonError(400, "limit must be an integer from 1 to 100");
  const store = await getStore();
  if (!(await userExists(store, userId))) return jsonError(404, `no user ${userId}`);
  try {
    return Response.json(await listUserSessions(store, userId, { limit, cursor: url.searchParams.get("cursor") }));
  } catch (err) {
    if (err instanceof RangeError) return jsonError(400, err.message);
    throw err;
  }
}
