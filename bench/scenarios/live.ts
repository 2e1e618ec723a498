/**
 * Scenario "live": 1,000 viewers (quick: 100), each signed in as its own user
 * and so alone in its room, while deliveries arrive at 200/s (open loop) for
 * 20 s (quick: 3 s), spread over those users. Latency is POST written ->
 * `sleep:inference` received by that user's socket (ms, one clock: senders and
 * sockets share this process; no cap on connections, so nothing queues in the
 * sender). Every event must reach the right socket once:
 * events at a wrong socket and events never delivered fail the run.
 */
import type { ServerContext } from "../lib/context";
import { keepAliveAgent, paced, timedRequest } from "../lib/http";
import { startLoopProbe } from "../lib/loop-probe";
import { deliveryGenerator, deliveryHeaders, deliveryKey } from "../lib/payloads";
import { cpuSeconds } from "../lib/proc";
import { rowsFor, slash, type ScenarioResult } from "../lib/report";
import { closeFleet, openFleet, viewerCookie } from "../lib/sockets";
import { summarize } from "../lib/stats";

/** Deliveries per second. */
export const LIVE_RATE = 200;
/** Milliseconds to wait for the last events after the last answer. */
const GRACE_MS = 5000;

interface Pending {
  userId: string;
  sentAt: number;
  status?: number;
  receivedBy: number;
}

/**
 * `viewersOn`: the instance the sockets connect to (default: the one receiving
 * the deliveries). Another instance measures fan-out across instances (Redis).
 */
export async function runLive(
  ctx: ServerContext,
  { viewersOn = ctx.server, name = "live" }: { viewersOn?: ServerContext["server"]; name?: string } = {},
): Promise<ScenarioResult> {
  const { rows, add } = rowsFor(name);
  const viewers = ctx.quick ? 100 : 1000;
  const durationMs = ctx.quick ? 3000 : 20_000;
  const userOf = (i: number) => `${ctx.runId}-${name.replace(/\W+/g, "")}-u${i}`;
  ctx.log(`live: opening ${viewers} sockets`);
  const fleet = await openFleet(viewersOn.baseUrl, viewers, 500, (i) =>
    viewerCookie(userOf(i), ctx.server.secrets.secret),
  );
  const pending = new Map<string, Pending>();
  const latencies: number[] = [];
  let wrongSocket = 0;
  let repeated = 0;
  let unexpected = 0;
  let disconnects = 0;
  const userAt = (j: number) => userOf(fleet.indexes[j] ?? -1);
  fleet.clients.forEach((socket, j) => {
    const me = userAt(j);
    socket.on("disconnect", () => disconnects++);
    socket.on("sleep:inference", (e) => {
      const now = performance.now();
      const p = pending.get(deliveryKey(e.sessionId, e.chunk.inferenceSeqNum));
      if (!p) return void unexpected++;
      if (e.userId !== me || p.userId !== me) return void wrongSocket++;
      if (++p.receivedBy > 1) return void repeated++;
      latencies.push(now - p.sentAt);
    });
  });
  const gen = deliveryGenerator(`${ctx.runId}-${name.replace(/\W+/g, "")}`, Math.max(1, fleet.clients.length), userAt);
  // No socket cap (like Asleep, which sends each delivery on its own): a POST never waits here for a free connection.
  const agent = keepAliveAgent(Infinity);
  const postLatencies: number[] = [];
  const probe = await startLoopProbe(ctx.server.baseUrl);
  const cpu0 = cpuSeconds(ctx.server.pid);
  const wall0 = performance.now();
  ctx.log(`live: ${LIVE_RATE} deliveries/s for ${durationMs / 1000} s`);
  const sent = await paced(LIVE_RATE, durationMs, async () => {
    const d = gen.next();
    const p: Pending = { userId: d.userId, sentAt: performance.now(), receivedBy: 0 };
    pending.set(deliveryKey(d.sessionId, d.inferenceSeqNum), p);
    const r = await timedRequest(`${ctx.server.baseUrl}/asleep-webhook`, {
      method: "POST",
      headers: deliveryHeaders(ctx.server.secrets.apiKey, d.userId),
      body: d.body,
      agent,
    });
    p.status = r.status;
    postLatencies.push(r.totalMs);
  });
  const cpu1 = cpuSeconds(ctx.server.pid);
  const wallS = (performance.now() - wall0) / 1000;
  const loop = await probe.stop();
  const accepted = [...pending.values()].filter((p) => p.status !== undefined && p.status >= 200 && p.status < 300);
  const deadline = performance.now() + GRACE_MS;
  while (accepted.some((p) => p.receivedBy === 0) && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const never = accepted.filter((p) => p.receivedBy === 0).length;
  const connected = fleet.clients.length;
  agent.destroy();
  for (const socket of fleet.clients) socket.removeAllListeners();
  closeFleet(fleet);

  const ev = summarize(latencies);
  const post = summarize(postLatencies);
  const non2xx = sent - accepted.length;
  const statusCodes: Record<string, number> = {};
  for (const p of pending.values()) statusCodes[p.status ?? 0] = (statusCodes[p.status ?? 0] ?? 0) + 1;
  add("viewers connected", connected, "sockets", `of ${viewers}, opened in ${fleet.openMs} ms`);
  add(
    "deliveries sent / 2xx",
    slash(sent, accepted.length),
    "count",
    `${LIVE_RATE}/s for ${durationMs / 1000} s; answers ${JSON.stringify(statusCodes)}`,
  );
  add("POST -> event p50 / p99 / max", slash(ev.p50, ev.p99, ev.max), "ms");
  add("POST answer p50 / p99", slash(post.p50, post.p99), "ms");
  const serverCpuS = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
  const busyPercent = serverCpuS !== null ? Math.round((serverCpuS / wallS) * 100) : null;
  const cpuMsPerDelivery =
    serverCpuS !== null && accepted.length ? Math.round((serverCpuS * 100000) / accepted.length) / 100 : null;
  add(
    "server CPU busy / per delivery",
    slash(busyPercent, cpuMsPerDelivery),
    "% / ms",
    "100 % = one core: the node process is saturated",
  );
  add("loop probe p50 / p99 under load", slash(loop.p50, loop.p99), "ms", "event-loop delay upper bound");
  add("events at a wrong socket", wrongSocket, "count", "must be 0");
  add("events never delivered", never, "count", `must be 0 (${GRACE_MS / 1000} s grace)`);
  return {
    name,
    rows,
    checks: [
      {
        name: `${name}: no event at a wrong socket`,
        ok: wrongSocket === 0,
        detail: `${wrongSocket} events reached a socket of another user`,
      },
      {
        name: `${name}: every accepted delivery reached its viewer once`,
        ok: never === 0 && repeated === 0 && connected === viewers,
        detail: `${never} never delivered, ${repeated} delivered twice, ${connected}/${viewers} sockets connected, ${disconnects} disconnects, ${unexpected} unexpected events`,
      },
    ],
    data: {
      viewers,
      connected,
      connectFailures: fleet.failures,
      openMs: fleet.openMs,
      ratePerS: LIVE_RATE,
      durationS: durationMs / 1000,
      sent,
      accepted: accepted.length,
      non2xx,
      statusCodes,
      eventLatencyMs: ev,
      postLatencyMs: post,
      loopProbeMs: loop,
      serverCpu: {
        seconds: serverCpuS,
        wallSeconds: Math.round(wallS * 10) / 10,
        busyPercent,
        msPerDelivery: cpuMsPerDelivery,
      },
      wrongSocket,
      neverDelivered: never,
      deliveredTwice: repeated,
      unexpectedEvents: unexpected,
      disconnects,
    },
  };
}
