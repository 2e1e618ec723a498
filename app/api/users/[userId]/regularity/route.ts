/**
 * GET /api/users/:userId/regularity?nights=14: the Sleep Regularity Index,
 * bedtime / wake time / midpoint SDs and social jet lag over the newest
 * `nights` (7-90) nights with enough data (lib/sleep/regularity.ts), each null
 * with a reason in `reasons` when undefined. Access as the sessions API.
 */
import { z } from "zod";

import { requireApiPrincipal } from "@/lib/auth/authenticate-request";
import { canViewUser } from "@/lib/auth/tokens";
import { accessDenied, jsonError, withDatabaseErrors } from "@/lib/http-json";
import { getStore } from "@/lib/store/client";
import { listRecentNightStages, userExists } from "@/lib/store/queries";
import { DEFAULT_REGULARITY_NIGHTS, regularityOf } from "@/lib/view/regularity";

export const dynamic = "force-dynamic";

const NIGHTS_PROBLEM = "nights must be an integer from 7 to 90";
const querySchema = z.object({
  // Decimal digits only: Number() would also take "0x10", "1e1" or "".
  nights: z
    .string()
    .regex(/^\d{1,3}$/, { error: NIGHTS_PROBLEM })
    .transform(Number)
    .pipe(z.number().min(7, { error: NIGHTS_PROBLEM }).max(90, { error: NIGHTS_PROBLEM }))
    .default(DEFAULT_REGULARITY_NIGHTS),
});

export const GET = withDatabaseErrors(async (request: Request, { params }: { params: Promise<{ userId: string }> }) => {
  const principal = await requireApiPrincipal(request);
  if (principal instanceof Response) return principal;
  const { userId } = await params;
  if (!canViewUser(principal, userId)) return accessDenied(true);
  const query = querySchema.safeParse({ nights: new URL(request.url).searchParams.get("nights") ?? undefined });
  if (!query.success) return jsonError(400, query.error.issues[0]?.message ?? "invalid query");
  const store = await getStore();
  if (!(await userExists(store, userId))) return jsonError(404, `no user ${userId}`);
  // Twice as many nights as asked for, so nights without enough data can be skipped.
  const rows = await listRecentNightStages(store, userId, query.data.nights * 2);
  return Response.json(regularityOf(rows, query.data.nights));
});
