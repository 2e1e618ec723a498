/** POST /api/auth/logout: sign out. */
import { signOut } from "@/lib/auth/sign-in";

export const POST = signOut;
