/**
 * Who is looking at a page, for server components: the same cookie check as
 * the JSON routes and the socket (lib/auth). Redirects the anonymous to
 * /login?next=<path>; answers 403 (app/forbidden.tsx) to a viewer asking for
 * someone else's sleep.
 */
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";

import { authenticate } from "@/lib/auth/authenticate-request";
import { canViewUser, type Principal } from "@/lib/auth/tokens";

/** The signed-in principal; redirects to the sign-in page otherwise. */
export async function requirePrincipal(path: string): Promise<Principal> {
  const principal = await authenticate({ cookie: (await headers()).get("cookie") });
  // A path too long to come back to is dropped: its redirect header would be larger than a proxy takes.
  if (!principal) redirect(path.length <= 1024 ? `/login?next=${encodeURIComponent(path)}` : "/login");
  return principal;
}

/** Stops rendering with 403 unless the principal may see this user's sleep. */
export function requireCanViewUser(principal: Principal, userId: string): void {
  if (!canViewUser(principal, userId)) forbidden();
}

/**
 * A dynamic route segment as the id it names. Pages receive segments still
 * percent-encoded (`sp%20ace`), while links and the API use the decoded id.
 * An undecodable segment is left as it is (it then matches nothing).
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
