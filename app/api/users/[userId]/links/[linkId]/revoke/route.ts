/** POST /api/users/:userId/links/:linkId/revoke: the operator ends one viewer link and the sessions opened from it (lib/auth/user-admin.ts). */
import { revokeLinkRequest } from "@/lib/auth/user-admin";
import { withDatabaseErrors } from "@/lib/http-json";

export const dynamic = "force-dynamic";

export const POST = withDatabaseErrors(async (request: Request, { params }: { params: Promise<{ userId: string; linkId: string }> }) => {
  const { userId, linkId } = await params;
  return revokeLinkRequest(request, userId, linkId);
});
