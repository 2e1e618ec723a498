/** The session cookie's attributes: httpOnly, SameSite=Lax, Secure behind HTTPS. */
import { SESSION_COOKIE } from "./tokens";

/** A Set-Cookie value for a token living `maxAgeSeconds`. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Whether the request reached us over HTTPS (directly or through a TLS proxy). */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}
