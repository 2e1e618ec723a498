/**
 * Scenario "ingest": webhook throughput. autocannon POSTs unique official-shape
 * INFERENCE_COMPLETE deliveries (1,000 concurrent nights, 40-epoch overlapping
 * chunks) at 32 connections to the product and to two baselines run in child
 * processes: (a) bare node:http, the machine's HTTP limit; (b) the seed-style
 * Express + Prisma receiver. Full runs interleave them A B C C B A (10 s each)
 * so drift on a busy machine hits all three alike; quick runs A B C (3 s).
 * Afterwards every target's database must hold exactly one chunk per 2xx answer.
 */
import type { IngestBaselines } from "../lib/baseline-process";
import type { ServerContext } from "../lib/context";
import type { BenchDatabase } from "../lib/server";
import { auditChunks, chunkCheck, settleRows } from "../lib/db-check";
import { runIngestLoad, warmUp, type LoadResult } from "../lib/load";
import { deliveryGenerator } from "../lib/payloads";
import { cpuSeconds } from "../lib/proc";
import { rowsFor, slash, type Check, type ScenarioResult } from "../lib/report";
import { ratio } from "../lib/stats";

/** Connections autocannon keeps open. */
export const CONNECTIONS = 32;
/** Concurrent nights the deliveries are spread over. */
const POOL = 1000;

type TargetName = "product" | "http-limit" | "seed-style";
interface Target {
  name: TargetName;
  baseUrl: string;
  pid: number;
  db?: BenchDatabase;
}

interface TargetTotals {
  rounds: Array<Omit<LoadResult, "acked"> & { serverCpuS: number | null }>;
}

/** Pools rounds: deliveries/s over the summed duration; p50 weighted by count; p99 and max the worst round's. */
function pool(t: TargetTotals) {
  const r = t.rounds;
  const dur = r.reduce((s, x) => s + x.durationS, 0);
  const ok = r.reduce((s, x) => s + x.answered2xx, 0);
  const cpu = r.every((x) => x.serverCpuS !== null) ? r.reduce((s, x) => s + (x.serverCpuS ?? 0), 0) : null;
  return {
    durationS: Math.round(dur * 10) / 10,
    deliveriesPerS: dur ? Math.round((ok / dur) * 10) / 10 : 0,
    p50Ms: ok ? Math.round(r.reduce((s, x) => s + x.latencyMs.p50 * x.answered2xx, 0) / ok) : null,
    p99Ms: Math.max(...r.map((x) => x.latencyMs.p99)),
    maxMs: Math.max(...r.map((x) => x.latencyMs.max)),
    answered2xx: ok,
    non2xx: r.reduce((s, x) => s + x.non2xx, 0),
    errors: r.reduce((s, x) => s + x.errors + x.timeouts, 0),
    /** Server CPU milliseconds per 2xx delivery (both cores count; 1 core saturated = 1000 ms/s). */
    cpuMsPerDelivery: cpu !== null && ok ? Math.round(((cpu * 1000) / ok) * 100) / 100 : null,
  };
}

/**
 * `baselines` were started by the caller (alongside the server, to save time)
 * and are stopped by it: the same baselines run beside each database's product.
 */
export async function runIngest(
  ctx: ServerContext,
  baselines: Promise<IngestBaselines>,
  { name, productOnly = false }: { name?: string; productOnly?: boolean } = {},
): Promise<ScenarioResult> {
  const scenario = name ?? `ingest ${ctx.server.db.kind}`;
  const { rows, add } = rowsFor(scenario);
  const checks: Check[] = [];
  const key = ctx.server.secrets.apiKey;
  const { limit, seed } = await baselines;
  const targets: Record<TargetName, Target> = {
    product: {
      name: "product",
      baseUrl: ctx.server.baseUrl,
      pid: ctx.server.pid,
      db: ctx.server.db,
    },
    "http-limit": { name: "http-limit", baseUrl: limit.baseUrl, pid: limit.pid },
    "seed-style": { name: "seed-style", baseUrl: seed.baseUrl, pid: seed.pid, ...(seed.db ? { db: seed.db } : {}) },
  };
  const order: TargetName[] = productOnly
    ? ctx.quick
      ? ["product"]
      : ["product", "product"]
    : ctx.quick
      ? ["product", "http-limit", "seed-style"]
      : ["product", "http-limit", "seed-style", "seed-style", "http-limit", "product"];
  const durationS = ctx.quick ? 3 : 10;
  const totals: Record<TargetName, TargetTotals> = {
    product: { rounds: [] },
    "http-limit": { rounds: [] },
    "seed-style": { rounds: [] },
  };
  const warmed = new Set<TargetName>();
  {
    for (const [i, name] of order.entries()) {
      const t = targets[name];
      const tag = `${scenario.replace(/\W+/g, "")}-${name}`;
      const users = (slot: number) => `${ctx.runId}-ing-${tag}-u${slot}`;
      if (!warmed.has(name)) {
        ctx.log(`ingest: warming ${name}`);
        const gen = deliveryGenerator(`${ctx.runId}-ingwarm-${tag}`, POOL, users);
        await warmUp(
          { baseUrl: t.baseUrl, apiKey: key, connections: CONNECTIONS, gen },
          ctx.quick ? 200 : 500,
          ctx.quick ? 2 : 5,
        );
        warmed.add(name);
      }
      const prefix = `${ctx.runId}-ing-${tag}-r${i}`;
      ctx.log(`ingest: ${name} for ${durationS} s`);
      const cpu0 = cpuSeconds(t.pid);
      const load = await runIngestLoad({
        baseUrl: t.baseUrl,
        apiKey: key,
        connections: CONNECTIONS,
        durationS,
        gen: deliveryGenerator(prefix, POOL, users),
      });
      const cpu1 = cpuSeconds(t.pid);
      const { acked, ...figures } = load;
      totals[name].rounds.push({
        ...figures,
        serverCpuS: cpu0 !== null && cpu1 !== null ? Math.round((cpu1 - cpu0) * 100) / 100 : null,
      });
      if (t.db) {
        await settleRows(t.db, prefix, load.timeouts ? 10_000 : 2000);
        checks.push(
          chunkCheck(`${scenario} ${name} round ${i + 1}: one chunk per 2xx`, await auditChunks(t.db, prefix, acked), load),
        );
      }
    }
  }
  const product = pool(totals.product);
  checks.push({
    name: `${scenario}: the product accepted deliveries`,
    ok: product.answered2xx > 0,
    detail: `${product.answered2xx} answered 2xx, ${product.non2xx} non-2xx (status counts in the JSON); with none accepted there is nothing to measure`,
  });
  const lim = pool(totals["http-limit"]);
  const seedStyle = pool(totals["seed-style"]);
  const shown = productOnly
    ? ([["product", product]] as const)
    : ([
        ["product", product],
        ["http-limit (a)", lim],
        ["seed-style (b)", seedStyle],
      ] as const);
  for (const [label, p] of shown) {
    add(`${label} deliveries/s`, p.deliveriesPerS, "1/s", `${CONNECTIONS} conns, ${p.durationS} s`);
    add(`${label} latency p50 / p99 / max`, slash(p.p50Ms, p.p99Ms, p.maxMs), "ms");
    add(`${label} non-2xx / errors`, slash(p.non2xx, p.errors), "count");
    add(`${label} server CPU per delivery`, p.cpuMsPerDelivery, "ms");
  }
  if (!productOnly) {
    add("product / http-limit", ratio(product.deliveriesPerS, lim.deliveriesPerS), "ratio", "share of the machine's HTTP limit");
    add("product / seed-style", ratio(product.deliveriesPerS, seedStyle.deliveriesPerS), "ratio", ">1: faster than the guide's receiver");
  }
  return {
    name: scenario,
    rows,
    checks,
    data: {
      connections: CONNECTIONS,
      concurrentNights: POOL,
      order,
      roundDurationS: durationS,
      product: { ...product, rounds: totals.product.rounds },
      httpLimit: { ...lim, rounds: totals["http-limit"].rounds },
      seedStyle: { ...seedStyle, rounds: totals["seed-style"].rounds },
      ratios: {
        productOverLimit: ratio(product.deliveriesPerS, lim.deliveriesPerS),
        productOverSeedStyle: ratio(product.deliveriesPerS, seedStyle.deliveriesPerS),
        seedStyleOverLimit: ratio(seedStyle.deliveriesPerS, lim.deliveriesPerS),
      },
    },
  };
}
