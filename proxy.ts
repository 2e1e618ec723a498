/**
 * Next's proxy (formerly middleware): security headers on every page and API
 * answer (lib/security-headers.ts). Each request gets a fresh CSP nonce, passed
 * to Next in the request's Content-Security-Policy header, which Next reads to
 * put the nonce on its own scripts.
 */
import { NextResponse, type NextRequest } from "next/server";

import { baseSecurityHeaders, contentSecurityPolicy, createNonce, isHttpsRequest } from "./lib/security-headers";

/** Adds the security headers to one request's answer and hands Next the request's CSP (with its nonce). */
export function proxy(request: NextRequest): NextResponse {
  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, host: request.headers.get("host"), dev: process.env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", csp);
  forwarded.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", csp);
  const https = isHttpsRequest(request.url, request.headers.get("x-forwarded-proto"));
  for (const [name, value] of Object.entries(baseSecurityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's hashed static files (server.ts gives those nosniff).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
