/** JSON answers shared by the read API's route handlers. */
import { isDatabaseUnavailable } from "./store/errors";

/** `{"error": message}` with a status. */
export function jsonError(status: number, message: string, headers?: Record<string, string>): Response {
  return Response.json({ error: message }, { status, headers });
}

/** 401 for the anonymous, 403 for someone who may not see this user. */
export function accessDenied(authenticated: boolean): Response {
  return authenticated ? jsonError(403, "not allowed to view this user") : jsonError(401, "sign in or send Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>");
}

/**
 * Wraps a route handler so that a database that cannot be reached answers
 * `503 {"error": "database unavailable, retry later"}` with `Retry-After: 5`
 * instead of a 500; other errors propagate to Next as they are.
 */
export function withDatabaseErrors<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (isDatabaseUnavailable(err)) return jsonError(503, "database unavailable, retry later", { "retry-after": "5" });
      throw err;
    }
  };
}
