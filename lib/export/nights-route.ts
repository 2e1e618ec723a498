/**
 * The handler behind GET /api/users/:userId/nights.csv and nights.json: the
 * same access rules as the other user APIs (a viewer their own user, the
 * operator any; 401/403 JSON otherwise), 400 JSON naming a bad range, 404 for
 * an unknown user, then the streamed export as an attachment.
 */
import { requireApiPrincipal } from "../auth/authenticate-request";
import { canViewUser } from "../auth/tokens";
import { accessDenied, jsonError, withDatabaseErrors } from "../http-json";
import { getStore } from "../store/client";
import { userExists } from "../store/queries";
import { attachmentDisposition } from "../view/csv";

import { parseExportRange } from "./export-range";
import { streamNights, type ExportFormat } from "./stream-nights";

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** A route handler for one format. */
export function nightsExportHandler(format: ExportFormat) {
  return withDatabaseErrors(async (request: Request, { params }: { params: Promise<{ userId: string }> }) => {
    const principal = await requireApiPrincipal(request);
    if (principal instanceof Response) return principal;
    const { userId } = await params;
    if (!canViewUser(principal, userId)) return accessDenied(true);
    const range = parseExportRange(new URL(request.url).searchParams);
    if ("error" in range) return jsonError(400, range.error);
    const store = await getStore();
    if (!(await userExists(store, userId))) return jsonError(404, `no user ${userId}`);
    const body = await streamNights(store, userId, range, format);
    return new Response(body, {
      headers: {
        "content-type": CONTENT_TYPE[format],
        "content-disposition": attachmentDisposition(`nocturne-${userId}-nights-${range.from}_${range.to}.${format}`),
        "cache-control": "no-store",
      },
    });
  });
}
