/**
 * Viewer sockets the way a signed-in browser opens them: socket.io over
 * WebSocket with the `nocturne_session=<JWT>` cookie (signed like
 * `npm run link` does). A socket counts as connected when its
 * `sleep:snapshot` arrived, i.e. the server has put it in its user's room.
 */
import { io, type Socket } from "socket.io-client";

import { signAccessToken } from "../../lib/auth/tokens";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/realtime/events";

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The Cookie header of a viewer of `userId`, valid for an hour. */
export async function viewerCookie(userId: string, secret: string): Promise<string> {
  return `nocturne_session=${await signAccessToken({ role: "viewer", userId }, secret, 3600)}`;
}

/** The Cookie header of the operator (admin session), valid for an hour. */
export async function adminCookie(secret: string, adminToken: string): Promise<string> {
  return `nocturne_session=${await signAccessToken({ role: "admin" }, secret, 3600, adminToken)}`;
}

/** Opens one socket and resolves once its snapshot arrived; rejects on connect_error or after `timeoutMs`. */
export function connectViewer(baseUrl: string, cookie: string, timeoutMs = 60_000): Promise<Client> {
  const socket: Client = io(baseUrl, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("no snapshot within timeout"));
    }, timeoutMs);
    socket.once("sleep:snapshot", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

export interface Fleet {
  clients: Client[];
  /** For each client, the index i it was opened with (failed ones are skipped). */
  indexes: number[];
  /** Connection failures by message (e.g. EMFILE when the open-file limit is reached). */
  failures: Record<string, number>;
  /** Milliseconds to open all of them. */
  openMs: number;
}

/**
 * Opens `count` sockets, `batch` at a time (each batch waits for the previous
 * one), the i-th signed in with `cookieFor(i)`. Stops early after a batch in
 * which every socket failed.
 */
export async function openFleet(
  baseUrl: string,
  count: number,
  batch: number,
  cookieFor: (i: number) => Promise<string> | string,
): Promise<Fleet> {
  const clients: Client[] = [];
  const indexes: number[] = [];
  const failures: Record<string, number> = {};
  const t0 = performance.now();
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const settled = await Promise.allSettled(
      Array.from({ length: n }, async (_, j) => connectViewer(baseUrl, await cookieFor(start + j))),
    );
    let ok = 0;
    for (const [j, s] of settled.entries()) {
      if (s.status === "fulfilled") {
        clients.push(s.value);
        indexes.push(start + j);
        ok++;
      } else {
        const msg = s.reason instanceof Error ? s.reason.message : String(s.reason);
        failures[msg] = (failures[msg] ?? 0) + 1;
      }
    }
    if (ok === 0) break;
  }
  return { clients, indexes, failures, openMs: Math.round(performance.now() - t0) };
}

/** Closes every socket of a fleet. */
export function closeFleet(fleet: Fleet): void {
  for (const c of fleet.clients) c.close();
  fleet.clients.length = 0;
  fleet.indexes.length = 0;
}
