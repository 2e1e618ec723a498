/** GET /api/users/:userId/nights.json?from=YYYY-MM-DD&to=YYYY-MM-DD: the nights CSV's data as JSON, streamed. */
import { nightsExportHandler } from "@/lib/export/nights-route";

export const dynamic = "force-dynamic";

export const GET = nightsExportHandler("json");
