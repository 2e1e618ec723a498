/**
 * socket.io on the HTTP server that also serves Next.
 *
 * The connection middleware authenticates with the same cookie as the pages
 * (or `auth.token` = NOCTURNE_ADMIN_TOKEN, under the per-address failure limit
 * of lib/auth/failure-limiter.ts) and decides the one room a socket
 * joins: a viewer their own `user:<id>`, the operator the user named in
 * `auth.watch`. A handshake whose Origin is another site is refused (browsers
 * always send one; Node clients send none). Refusals are `connect_error`s
 * whose message says why.
 * Right after joining, the socket gets a `sleep:snapshot` of the user's live
 * sessions from the database, so a reconnect leaves no gap; then every event
 * the ingest publishes after commit is emitted to the user's room. A sign-out
 * or revocation (lib/auth/revocation.ts) disconnects the sockets it ends.
 */
import type { Server as HttpServer } from "node:http";

import { Server } from "socket.io";

import { authenticate, checkOperatorToken, readCookie, TooManyFailures } from "../auth/authenticate-request";
import { clientAddressOf } from "../auth/client-address";
import { foreignOrigin } from "../auth/same-origin";
import { onRevocation, tokenDigest } from "../auth/revocation";
import { SESSION_COOKIE, type Principal } from "../auth/tokens";
import { getEnv } from "../env";
import { getLogger } from "../log";
import { subscribeSleepEvents } from "./bus";
import { userRoom, type ClientToServerEvents, type LiveNightState, type ServerToClientEvents } from "./events";

export type SocketServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
interface SocketData {
  principal: Principal;
  userId: string;
  /** SHA-256 of the session cookie the socket signed in with (null for `auth.token`): sign-out closes it. */
  tokenDigest: string | null;
}

export interface SocketServerDeps {
  /** A user's live nights as stored: the snapshot sent on every (re)connect. */
  loadLiveNights: (userId: string) => Promise<LiveNightState[]>;
  /**
   * Whether other instances may hold viewers (a cross-instance adapter is
   * installed): then every event is handed to the adapter; otherwise an event
   * for a user nobody watches here is dropped before it is encoded.
   */
  crossInstance?: () => boolean;
  /** Told about every event handed to socket.io (metrics). */
  onEmit?: (type: string) => void;
}

/** Attaches socket.io at `/socket.io` and routes published sleep events to user rooms. */
export function attachSocketServer(
  httpServer: HttpServer,
  { loadLiveNights, crossInstance = () => false, onEmit }: SocketServerDeps,
): { io: SocketServer; close: () => Promise<void> } {
  // The browser connects websocket-only (no sticky sessions needed); polling stays possible for
  // clients that ask for it, behind a cookie-sticky balancer (docs/deploy.md).
  const io: SocketServer = new Server(httpServer, { serveClient: false, transports: ["websocket", "polling"] });
  const log = getLogger().child({ component: "socket" });

  io.use(async (socket, next) => {
    const { headers } = socket.request;
    const origin = foreignOrigin({ origin: headers.origin, host: headers.host, forwardedHost: headers["x-forwarded-host"] as string | undefined });
    if (origin !== null) {
      log.warn({ origin }, "socket refused: cross-site Origin");
      return next(new Error(`forbidden: Origin ${origin} is not this site`));
    }
    const auth = socket.handshake.auth as { token?: unknown; watch?: unknown };
    const token = typeof auth.token === "string" ? auth.token : null;
    let principal: Principal | null;
    const cookieToken = token ? null : readCookie(headers.cookie, SESSION_COOKIE);
    try {
      principal = token
        ? checkOperatorToken(token, clientAddressOf(socket.request, getEnv().trustProxy), "socket")
          ? { role: "admin" }
          : null
        : await authenticate({ cookie: headers.cookie });
    } catch (err) {
      if (err instanceof TooManyFailures) {
        return next(Object.assign(new Error(err.message), { data: { retryAfterSeconds: err.retryAfterSeconds } }));
      }
      log.error({ err }, "socket authentication failed");
      return next(new Error("unavailable: the session could not be checked, try again"));
    }
    if (!principal) return next(new Error("unauthorized: sign in first"));
    const watch = typeof auth.watch === "string" && auth.watch ? auth.watch : null;
    const tokenDigestOfSocket = cookieToken ? tokenDigest(cookieToken) : null;
    if (principal.role === "viewer") {
      if (watch && watch !== principal.userId) return next(new Error("forbidden: a viewer may watch only their own user"));
      socket.data = { principal, userId: principal.userId, tokenDigest: tokenDigestOfSocket };
    } else {
      if (!watch) return next(new Error("bad request: auth.watch must name the user to watch"));
      socket.data = { principal, userId: watch, tokenDigest: tokenDigestOfSocket };
    }
    next();
  });

  io.on("connection", async (socket) => {
    const { userId } = socket.data;
    await socket.join(userRoom(userId));
    try {
      const sessions = await loadLiveNights(userId);
      socket.emit("sleep:snapshot", { userId, sessions });
    } catch (err) {
      log.error({ err, userId }, "snapshot failed");
    }
  });

  const unsubscribe = subscribeSleepEvents((event) => {
    const room = userRoom(event.payload.userId);
    // Alone, most deliveries are for users nobody watches here: skip encoding those. With other
    // instances, the adapter decides (the sharded Redis adapter publishes only to the user's channel).
    if (!crossInstance() && !io.sockets.adapter.rooms.has(room)) return;
    onEmit?.(event.type);
    io.to(room).emit(event.type, event.payload as never);
  });

  // A sign-out or the operator's revocation closes the sockets it ends, here and now.
  const stopRevocations = onRevocation((revocation) => {
    for (const socket of io.of("/").sockets.values()) {
      const { principal, tokenDigest: digest } = socket.data;
      const ended =
        "tokenDigest" in revocation
          ? digest === revocation.tokenDigest
          : "linkId" in revocation
            ? principal?.role === "viewer" && principal.linkId === revocation.linkId
            : principal?.role === "viewer" && principal.userId === revocation.userId;
      if (ended) socket.disconnect(true);
    }
  });

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        stopRevocations();
        io.close(() => resolve());
      }),
  };
}
