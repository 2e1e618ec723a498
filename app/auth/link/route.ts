/** GET /auth/link?token=...: a viewer's sign-in link (made by `npm run link`). */
import { exchangeLinkToken } from "@/lib/auth/sign-in";

export const dynamic = "force-dynamic";
export const GET = exchangeLinkToken;
