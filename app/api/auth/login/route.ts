/** POST /api/auth/login: the operator's sign-in form. */
import { signInOperator } from "@/lib/auth/sign-in";

export const POST = signInOperator;
