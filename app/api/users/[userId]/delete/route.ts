/** POST /api/users/:userId/delete {confirm}: the operator deletes all of a user's data (lib/auth/user-admin.ts, lib/store/delete-user.ts). */
import { deleteUserRequest } from "@/lib/auth/user-admin";
import { withDatabaseErrors } from "@/lib/http-json";

export const dynamic = "force-dynamic";

export const POST = withDatabaseErrors(async (request: Request, { params }: { params: Promise<{ userId: string }> }) =>
  deleteUserRequest(request, (await params).userId),
);
