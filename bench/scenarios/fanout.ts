/**
 * Scenario "fanout": 10,000 sockets (quick: 500), opened 500 at a time, all
 * signed in as ONE user, so they share one room. Figures: the server node
 * process's RSS (VmRSS, MiB) before and after, the loop probe (ms; an upper
 * bound of event-loop delay) idle, with every socket connected, and during
 * broadcasts; then 5 deliveries (quick: 3), one at a time: per socket the time
 * from POST written to `sleep:inference` received, and per delivery the time
 * until the last socket had it. The receiving sockets all live in this one
 * process, so the last socket's time includes this process decoding the
 * 9,999 frames before it.
 */
import type { ServerContext } from "../lib/context";
import { keepAliveAgent, timedRequest } from "../lib/http";
import { startLoopProbe } from "../lib/loop-probe";
import { deliveryGenerator, deliveryHeaders } from "../lib/payloads";
import { openFileLimit, rssMiB } from "../lib/proc";
import { rowsFor, slash, type ScenarioResult } from "../lib/report";
import { closeFleet, openFleet, viewerCookie } from "../lib/sockets";
import { summarize } from "../lib/stats";

/** Milliseconds a broadcast may take to reach every socket before the rest count as missing. */
const BROADCAST_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFanout(ctx: ServerContext): Promise<ScenarioResult> {
  const { rows, add } = rowsFor("fanout");
  const target = ctx.quick ? 500 : 10_000;
  const broadcasts = ctx.quick ? 3 : 5;
  const probeMs = ctx.quick ? 500 : 3000;
  const user = `${ctx.runId}-fan`;
  const { baseUrl, pid, secrets } = ctx.server;
  const fdLimit = openFileLimit();
  const serverFdLimit = openFileLimit(pid);
  const rssIdle = rssMiB(pid);
  const probe = await startLoopProbe(baseUrl);
  await probe.lap();
  await sleep(probeMs);
  const idleLoop = await probe.lap();

  ctx.log(`fanout: opening ${target} sockets`);
  const cookie = await viewerCookie(user, secrets.secret);
  const fleet = await openFleet(baseUrl, target, 500, () => cookie);
  const n = fleet.clients.length;
  const emfile = Object.keys(fleet.failures).some((m) => /EMFILE|ENFILE/.test(m));
  await sleep(500);
  const rssConnected = rssMiB(pid);
  await probe.lap();
  await sleep(probeMs);
  const connectedLoop = await probe.lap();

  ctx.log(`fanout: ${broadcasts} broadcasts to ${n} sockets`);
  const gen = deliveryGenerator(`${ctx.runId}-fan`, 1, () => user);
  const agent = keepAliveAgent(2);
  const perSocket: number[] = [];
  const toAll: number[] = [];
  const postMs: number[] = [];
  let missing = 0;
  const statuses: number[] = [];
  for (let b = 0; b < broadcasts; b++) {
    const d = gen.next();
    let got = 0;
    let sentAt = performance.now();
    let last = 0;
    const allIn = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, BROADCAST_TIMEOUT_MS);
      for (const socket of fleet.clients) {
        socket.once("sleep:inference", () => {
          last = performance.now() - sentAt;
          perSocket.push(last);
          if (++got === n) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
    sentAt = performance.now();
    const r = await timedRequest(`${baseUrl}/asleep-webhook`, {
      method: "POST",
      headers: deliveryHeaders(secrets.apiKey, user),
      body: d.body,
      agent,
    });
    postMs.push(r.totalMs);
    statuses.push(r.status);
    const accepted = r.status >= 200 && r.status < 300;
    if (accepted) await allIn;
    for (const socket of fleet.clients) socket.removeAllListeners("sleep:inference");
    if (accepted) {
      missing += n - got;
      toAll.push(last);
    }
    await sleep(300);
  }
  const broadcastLoop = await probe.stop();
  agent.destroy();
  closeFleet(fleet);
  await sleep(1000);
  const rssAfterClose = rssMiB(pid);

  const lat = summarize(perSocket);
  const all = summarize(toAll);
  const perClientKiB =
    rssIdle !== null && rssConnected !== null && n ? Math.round(((rssConnected - rssIdle) * 1024) / n) : null;
  add(
    "sockets connected",
    n,
    "sockets",
    `of ${target}, ${Math.round(fleet.openMs / 100) / 10} s to open${emfile ? "; EMFILE: raise `ulimit -n`" : ""}`,
  );
  add("server RSS idle / connected", slash(rssIdle, rssConnected), "MiB", `${perClientKiB} KiB per socket`);
  add(
    "loop probe p99 idle / connected / broadcasting",
    slash(idleLoop.p99, connectedLoop.p99, broadcastLoop.p99),
    "ms",
    "event-loop delay upper bound",
  );
  add("broadcast per-socket p50 / p99", slash(lat.p50, lat.p99), "ms", `${broadcasts} deliveries to one room`);
  add("broadcast time to every socket median / max", slash(all.p50, all.max), "ms");
  const refused = statuses.filter((st) => st < 200 || st > 299);
  add(
    "broadcast receipts missing",
    missing,
    "count",
    `must be 0${refused.length ? `; ${refused.length} deliveries refused (${refused.join(", ")})` : ""}`,
  );
  return {
    name: "fanout",
    rows,
    checks: [
      {
        name: "fanout: every socket got every broadcast",
        ok: missing === 0 && n > 0 && refused.length < broadcasts,
        detail: `${missing} receipts missing over ${broadcasts - refused.length} accepted broadcasts to ${n} sockets (answers ${statuses.join(", ")})`,
      },
    ],
    data: {
      target,
      connected: n,
      connectFailures: fleet.failures,
      openMs: fleet.openMs,
      openFileLimit: { bench: fdLimit, server: serverFdLimit },
      rssMiB: { idle: rssIdle, connected: rssConnected, afterClose: rssAfterClose, perSocketKiB: perClientKiB },
      loopProbeMs: { idle: idleLoop, connected: connectedLoop, broadcasting: broadcastLoop },
      broadcasts,
      perSocketMs: lat,
      timeToEverySocketMs: { perBroadcast: toAll.map((v) => Math.round(v * 10) / 10), ...all },
      postAnswerMs: summarize(postMs),
      postStatuses: statuses,
      missing,
    },
  };
}
