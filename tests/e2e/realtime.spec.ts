/**
 * socket.io through the real server: a webhook POST handled by Next's route
 * handler reaches a connected client in the user's room, and only there.
 */
import { spawn } from "node:child_process";

import { expect, test } from "@playwright/test";
import { io, type Socket } from "socket.io-client";

import type { ClientToServerEvents, InferenceEvent, LiveSnapshot, ServerToClientEvents } from "../../lib/realtime/events";

import { BASE_URL, E2E_ADMIN_TOKEN, E2E_DB_DIR, E2E_KEY, E2E_PORT_2, E2E_SECRET } from "./e2e-env";
import { deliver, inferenceChunk, viewerCookie } from "./support";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(opts: { cookie?: string; auth?: Record<string, string> }): Client {
  return io(BASE_URL, {
    transports: ["websocket"],
    extraHeaders: opts.cookie ? { cookie: opts.cookie } : undefined,
    auth: opts.auth ?? {},
    reconnection: false,
  });
}

function connected(socket: Client): Promise<LiveSnapshot> {
  return new Promise((resolve, reject) => {
    socket.once("sleep:snapshot", resolve);
    socket.once("connect_error", reject);
  });
}

test("a webhook POST reaches the viewer's socket with the assembled night; another viewer gets nothing", async () => {
  const alice = connect({ cookie: await viewerCookie("rt-alice") });
  const bob = connect({ cookie: await viewerCookie("rt-bob") });
  const operator = connect({ auth: { token: E2E_ADMIN_TOKEN, watch: "rt-alice" } });
  try {
    await Promise.all([connected(alice), connected(bob), connected(operator)]);
    const bobEvents: unknown[] = [];
    bob.on("sleep:inference", (e) => bobEvents.push(e));
    const received = new Promise<InferenceEvent>((resolve) => alice.once("sleep:inference", resolve));
    const forOperator = new Promise<InferenceEvent>((resolve) => operator.once("sleep:inference", resolve));

    const stages = [0, 0, 1, 1, 2, 2, 2, 3, 3, 0];
    const res = await deliver(inferenceChunk("rt-alice", "rt-night", 0, stages), "rt-alice");
    expect(res.status).toBe(200);

    const event = await received;
    expect(event).toMatchObject({ userId: "rt-alice", sessionId: "rt-night", version: 1, sleepStages: stages });
    // 7 sleep epochs (light 2, deep 3, REM 2) = 210 s of 300 s in bed.
    expect(event.statistics).toMatchObject({ totalSleepTime: 210, timeInBed: 300, sleepEfficiency: 70 });
    expect((await forOperator).sessionId).toBe("rt-night");
    await new Promise((r) => setTimeout(r, 300));
    expect(bobEvents).toEqual([]);

    // A reconnect starts from the database's state.
    const again = connect({ cookie: await viewerCookie("rt-alice") });
    const snapshot = await connected(again);
    again.close();
    expect(snapshot.sessions).toEqual([
      expect.objectContaining({ sessionId: "rt-night", version: 1, sleepStages: stages }),
    ]);
  } finally {
    alice.close();
    bob.close();
    operator.close();
  }
});

test("refuses sockets without a valid session, and a viewer asking for someone else's room", async () => {
  const errors = await Promise.all(
    [
      connect({}),
      connect({ cookie: "nocturne_session=forged.token.value" }),
      connect({ cookie: await viewerCookie("rt-alice"), auth: { watch: "rt-bob" } }),
      connect({ auth: { token: E2E_ADMIN_TOKEN } }),
    ].map(
      (s) =>
        new Promise<string>((resolve) => {
          s.once("connect_error", (err) => {
            s.close();
            resolve(err.message);
          });
          s.once("connect", () => {
            s.close();
            resolve("connected");
          });
        }),
    ),
  );
  expect(errors).toEqual([
    "unauthorized: sign in first",
    "unauthorized: sign in first",
    "forbidden: a viewer may watch only their own user",
    "bad request: auth.watch must name the user to watch",
  ]);
});

test("through Next's route handler too (fast path off): the event crosses from Next's bundle to socket.io", async () => {
  test.setTimeout(120_000);
  const port = E2E_PORT_2;
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:./${E2E_DB_DIR}/via-next.db`,
      ASLEEP_API_KEYS: E2E_KEY,
      NOCTURNE_SECRET: E2E_SECRET,
      NOCTURNE_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      NOCTURNE_WEBHOOK_FAST_PATH: "0",
      NOCTURNE_RECONCILE_INTERVAL_MINUTES: "0",
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await expect.poll(async () => (await fetch(`${base}/login`).catch(() => null))?.status, { timeout: 90_000 }).toBe(200);
    const socket: Client = io(base, {
      transports: ["websocket"],
      extraHeaders: { cookie: await viewerCookie("via-next") },
      reconnection: false,
    });
    await connected(socket);
    const received = new Promise<InferenceEvent>((resolve) => socket.once("sleep:inference", resolve));
    const res = await fetch(`${base}/asleep-webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": E2E_KEY, "x-user-id": "via-next" },
      body: JSON.stringify(inferenceChunk("via-next", "via-next-night", 2, [1, 1, 1, 2, 2, 2, 3, 3, 3, 0])),
    });
    expect(res.status).toBe(200);
    // Next's answer carries its own headers; the fast path's does not.
    expect(res.headers.get("vary")).toContain("next-router-state-tree");
    const event = await received;
    socket.close();
    expect(event).toMatchObject({ sessionId: "via-next-night", chunk: { startEpoch: 20, endEpoch: 29 } });
    expect(event.sleepStages).toEqual([...Array(20).fill(-1), 1, 1, 1, 2, 2, 2, 3, 3, 3, 0]);
  } finally {
    server.kill("SIGTERM");
  }
});
