/** JSON error responses shared by the read API's route handlers. */

/** `{"error": message}` with a status. */
export function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/** 401 for the anonymous, 403 for someone who may not see this user. */
export function accessDenied(authenticated: boolean): Response {
  return authenticated ? jsonError(403, "not allowed to view this user") : jsonError(401, "sign in or send Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>");
}
