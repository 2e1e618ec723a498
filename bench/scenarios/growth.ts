/**
 * Scenario "growth": how ingest and history cost grow with stored data.
 * Two series on one database that grows between points (seeded in place with
 * better-sqlite3 while the server idles):
 *  - depth: one user with 10, 100, 1,000 nights (quick: 10, 100);
 *  - breadth: 1, 100, 10,000 users of 10 nights each (quick: 1, 100).
 * At each point: ingest deliveries/s (32 connections, 8 s; quick 1.5 s; the
 * same one-chunk-per-2xx check as "ingest"), p95 of the user's session list
 * (limit=20) and, for breadth, TTFB of the operator overview `/`. Costs
 * (ms per delivery, ms per request) are fitted as flat, log or linear.
 */
import type { BenchContext } from "../lib/context";
import { auditChunks, chunkCheck, settleRows } from "../lib/db-check";
import { keepAliveAgent, sequentialGets } from "../lib/http";
import { runIngestLoad, warmUp } from "../lib/load";
import { deliveryGenerator } from "../lib/payloads";
import { rowsFor, type Check, type ScenarioResult } from "../lib/report";
import { seedNights } from "../lib/seed";
import type { BenchDatabase } from "../lib/server";
import type { ProductServer } from "../lib/server";
import { adminCookie } from "../lib/sockets";
import { fitGrowth, summarize, type GrowthFit } from "../lib/stats";

const NIGHTS_PER_USER = 10;

interface Point {
  series: "depth" | "breadth";
  /** Nights of the user (depth) or users (breadth). */
  size: number;
  seedMs: number;
  deliveriesPerS: number;
  ingestP99Ms: number;
  listP95Ms: number | null;
  overviewP95Ms?: number | null;
  overviewStatus?: number;
}

/**
 * Runs both series against the server `server()` resolves to, whose database
 * `db` it seeds. `server()` is called once the first point is seeded,
 * so a caller starting a fresh server there has that point seeded before start.
 */
export async function runGrowth(
  ctx: BenchContext,
  db: BenchDatabase,
  server: () => Promise<ProductServer>,
): Promise<ScenarioResult> {
  const { rows, add } = rowsFor("growth");
  const checks: Check[] = [];
  const depthSizes = ctx.quick ? [10, 100] : [10, 100, 1000];
  const breadthSizes = ctx.quick ? [1, 100] : [1, 100, 10_000];
  const deep = `${ctx.runId}-g-deep`;
  const userId = (i: number) => `${ctx.runId}-g-u${i}`;
  const first = await seedNights(db, { userIds: [deep], nights: depthSizes[0]!, prefix: `${ctx.runId}-gd` });
  const srv = await server();
  const apiKey = srv.secrets.apiKey;
  const agent = keepAliveAgent(1);
  const bearer = { authorization: `Bearer ${srv.secrets.adminToken}` };
  const cookie = { cookie: await adminCookie(srv.secrets.secret, srv.secrets.adminToken) };
  const durationS = ctx.quick ? 1.5 : 8;
  const listCount = ctx.quick ? 10 : 100;
  const points: Point[] = [];
  let nightsSoFar = depthSizes[0]!;
  let usersSoFar = 0;

  await warmUp(
    { baseUrl: srv.baseUrl, apiKey, connections: 32, gen: deliveryGenerator(`${ctx.runId}-gwarm`, 64, () => deep) },
    ctx.quick ? 100 : 500,
    ctx.quick ? 1 : 5,
  );
  const measure = async (
    series: Point["series"],
    size: number,
    seedMs: number,
    users: (slot: number) => string,
    listUser: string,
  ) => {
    ctx.log(`growth: ${series} ${size}`);
    const prefix = `${ctx.runId}-gi-${series}-${size}`;
    const load = await runIngestLoad({
      baseUrl: srv.baseUrl,
      apiKey,
      connections: 32,
      durationS,
      gen: deliveryGenerator(prefix, 64, users),
    });
    await settleRows(db, prefix, load.timeouts ? 10_000 : 2000);
    checks.push(chunkCheck(`growth ${series} ${size}: one chunk per 2xx`, await auditChunks(db, prefix, load.acked), load));
    const listUrl = `${srv.baseUrl}/api/users/${encodeURIComponent(listUser)}/sessions?limit=20`;
    await sequentialGets(listUrl, 10, 5000, bearer, agent);
    const list = summarize((await sequentialGets(listUrl, listCount, 20_000, bearer, agent)).map((t) => t.totalMs));
    const point: Point = {
      series,
      size,
      seedMs,
      deliveriesPerS: load.deliveriesPerS,
      ingestP99Ms: load.latencyMs.p99,
      listP95Ms: list.p95,
    };
    if (series === "breadth") {
      await sequentialGets(`${srv.baseUrl}/`, ctx.quick ? 1 : 3, 10_000, cookie, agent);
      const overview = await sequentialGets(`${srv.baseUrl}/`, ctx.quick ? 2 : 20, 30_000, cookie, agent);
      point.overviewP95Ms = summarize(overview.map((t) => t.ttfbMs)).p95;
      point.overviewStatus = overview.at(-1)?.status ?? 0;
    }
    points.push(point);
  };
  try {
    for (const size of depthSizes) {
      const seeded =
        size > nightsSoFar
          ? await seedNights(db, { userIds: [deep], nights: size, fromNight: nightsSoFar, prefix: `${ctx.runId}-gd` })
          : first;
      nightsSoFar = size;
      await measure("depth", size, seeded.ms, () => deep, deep);
    }
    for (const size of breadthSizes) {
      const ids = Array.from({ length: size - usersSoFar }, (_, i) => userId(usersSoFar + i));
      const seeded = await seedNights(db, { userIds: ids, nights: NIGHTS_PER_USER, prefix: `${ctx.runId}-gb` });
      usersSoFar = size;
      await measure("breadth", size, seeded.ms, (slot) => userId((slot * 7919) % size), userId(0));
    }
  } finally {
    agent.destroy();
  }

  const fits: Record<string, GrowthFit> = {};
  const fit = (name: string, series: Point["series"], cost: (p: Point) => number | null | undefined) => {
    fits[name] = fitGrowth(
      points.filter((p) => p.series === series).map((p) => ({ size: p.size, cost: cost(p) ?? NaN })),
    );
  };
  fit("depth: ingest ms/delivery", "depth", (p) => (p.deliveriesPerS ? 1000 / p.deliveriesPerS : null));
  fit("depth: list p95", "depth", (p) => p.listP95Ms);
  fit("breadth: ingest ms/delivery", "breadth", (p) => (p.deliveriesPerS ? 1000 / p.deliveriesPerS : null));
  fit("breadth: list p95", "breadth", (p) => p.listP95Ms);
  fit("breadth: overview / TTFB p95", "breadth", (p) => p.overviewP95Ms);

  for (const p of points) {
    const what = p.series === "depth" ? `${p.size} nights, 1 user` : `${p.size} users x ${NIGHTS_PER_USER} nights`;
    add(`${what}: deliveries/s`, p.deliveriesPerS, "1/s", `ingest p99 ${p.ingestP99Ms} ms`);
    add(
      `${what}: list p95`,
      p.listP95Ms,
      "ms",
      p.overviewP95Ms !== undefined ? `overview / p95 ${p.overviewP95Ms} ms (status ${p.overviewStatus})` : undefined,
    );
  }
  for (const [name, f] of Object.entries(fits)) {
    add(
      `fit ${name}`,
      f.shape,
      "",
      `cost x${f.growth} over the range, exponent ${f.exponent}${ctx.quick ? " (quick: 2 points, few samples; indicative only)" : ""}`,
    );
  }
  return {
    name: "growth",
    rows,
    checks,
    data: { nightsPerUser: NIGHTS_PER_USER, ingestSeconds: durationS, points, fits },
  };
}
