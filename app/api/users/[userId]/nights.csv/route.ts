/** GET /api/users/:userId/nights.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: one CSV record per night (lib/view/export-rows.ts), streamed. */
import { nightsExportHandler } from "@/lib/export/nights-route";

export const dynamic = "force-dynamic";

export const GET = nightsExportHandler("csv");
