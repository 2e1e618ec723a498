/**
 * socket.io on the HTTP server that also serves Next.
 *
 * The connection middleware authenticates with the same cookie as the pages
 * (or `auth.token` = NOCTURNE_ADMIN_TOKEN) and decides the one room a socket
 * joins: a viewer their own `user:<id>`, the operator the user named in
 * `auth.watch`. Refusals are `connect_error`s whose message says why.
 * Right after joining, the socket gets a `sleep:snapshot` of the user's live
 * sessions from the database, so a reconnect leaves no gap; then every event
 * the ingest publishes after commit is emitted to the user's room.
 */
import type { Server as HttpServer } from "node:http";

import { Server } from "socket.io";

import { authenticate, isAdminToken } from "../auth/authenticate-request";
import type { Principal } from "../auth/tokens";
import { getLogger } from "../log";
import { subscribeSleepEvents } from "./bus";
import { userRoom, type ClientToServerEvents, type LiveNightState, type ServerToClientEvents } from "./events";

export type SocketServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
interface SocketData {
  principal: Principal;
  userId: string;
}

export interface SocketServerDeps {
  /** A user's live nights as stored: the snapshot sent on every (re)connect. */
  loadLiveNights: (userId: string) => Promise<LiveNightState[]>;
}

/** Attaches socket.io at `/socket.io` and routes published sleep events to user rooms. */
export function attachSocketServer(
  httpServer: HttpServer,
  { loadLiveNights }: SocketServerDeps,
): { io: SocketServer; close: () => Promise<void> } {
  const io: SocketServer = new Server(httpServer, { serveClient: false, transports: ["websocket", "polling"] });
  const log = getLogger().child({ component: "socket" });

  io.use(async (socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown; watch?: unknown };
    const token = typeof auth.token === "string" ? auth.token : null;
    const principal = token
      ? isAdminToken(token)
        ? ({ role: "admin" } as const)
        : null
      : await authenticate({ cookie: socket.request.headers.cookie });
    if (!principal) return next(new Error("unauthorized: sign in first"));
    const watch = typeof auth.watch === "string" && auth.watch ? auth.watch : null;
    if (principal.role === "viewer") {
      if (watch && watch !== principal.userId) return next(new Error("forbidden: a viewer may watch only their own user"));
      socket.data = { principal, userId: principal.userId };
    } else {
      if (!watch) return next(new Error("bad request: auth.watch must name the user to watch"));
      socket.data = { principal, userId: watch };
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
    // Most deliveries are for users nobody is watching: skip encoding those.
    if (!io.sockets.adapter.rooms.has(room)) return;
    io.to(room).emit(event.type, event.payload as never);
  });

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        io.close(() => resolve());
      }),
  };
}
