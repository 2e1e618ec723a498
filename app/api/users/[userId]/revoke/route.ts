/** POST /api/users/:userId/revoke: the operator ends every link and session of one user (lib/auth/sign-in.ts). */
import { revokeUserRequest } from "@/lib/auth/sign-in";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  return revokeUserRequest(request, (await params).userId);
}
