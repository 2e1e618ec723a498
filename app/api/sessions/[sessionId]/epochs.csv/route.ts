/** GET /api/sessions/:sessionId/epochs.csv: the night's hypnogram, one CSV record per 30-second epoch (lib/view/export-rows.ts). */
import { requireApiPrincipal } from "@/lib/auth/authenticate-request";
import { canViewUser } from "@/lib/auth/tokens";
import { jsonError, withDatabaseErrors } from "@/lib/http-json";
import { getStore } from "@/lib/store/client";
import { getSleepSession } from "@/lib/store/queries";
import { attachmentDisposition } from "@/lib/view/csv";
import { epochsCsv, nightDateIso } from "@/lib/view/export-rows";

export const dynamic = "force-dynamic";

export const GET = withDatabaseErrors(async (request: Request, { params }: { params: Promise<{ sessionId: string }> }) => {
  const principal = await requireApiPrincipal(request);
  if (principal instanceof Response) return principal;
  const { sessionId } = await params;
  const view = await getSleepSession(await getStore(), sessionId);
  // Another user's night answers exactly like a missing one (as GET /api/sessions/:id).
  if (!view || !canViewUser(principal, view.userId)) return jsonError(404, `no session ${sessionId}`);
  return new Response(epochsCsv(view), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachmentDisposition(`nocturne-${view.userId}-night-${nightDateIso(view)}-epochs.csv`),
      "cache-control": "no-store",
    },
  });
});
