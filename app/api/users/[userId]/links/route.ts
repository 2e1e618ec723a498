/** GET/POST /api/users/:userId/links: the operator lists and makes a user's viewer links (lib/auth/user-admin.ts). */
import { createLinkRequest, listLinksRequest } from "@/lib/auth/user-admin";
import { withDatabaseErrors } from "@/lib/http-json";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ userId: string }> };

export const GET = withDatabaseErrors(async (request: Request, { params }: Ctx) => listLinksRequest(request, (await params).userId));
export const POST = withDatabaseErrors(async (request: Request, { params }: Ctx) => createLinkRequest(request, (await params).userId));
