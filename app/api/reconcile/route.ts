/** GET /api/reconcile (status, last runs) and POST /api/reconcile (start a run): operator only (lib/reconcile/http.ts). */
import { withDatabaseErrors } from "@/lib/http-json";
import { reconcileStatusRequest, startReconcileRequest } from "@/lib/reconcile/http";

export const dynamic = "force-dynamic";

export const GET = withDatabaseErrors(reconcileStatusRequest);
export const POST = withDatabaseErrors(startReconcileRequest);
