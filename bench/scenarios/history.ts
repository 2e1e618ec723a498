/**
 * Scenario "history": one user with 1,000 nights of 960 epochs, written into
 * the server's database (SQLite or PostgreSQL) before the server starts (lib/seed.ts). Measures,
 * one request at a time, the JSON endpoints behind the user page
 * (`Authorization: Bearer <admin token>`) and the time to first byte of the
 * pages (operator cookie), reporting whatever status they answer.
 * Figures in milliseconds.
 */
import type { BenchContext, ServerContext } from "../lib/context";
import { keepAliveAgent, sequentialGets, timedRequest, type Timed } from "../lib/http";
import { rowsFor, slash, type ScenarioResult } from "../lib/report";
import { seedNights } from "../lib/seed";
import type { BenchDatabase } from "../lib/server";
import { adminCookie } from "../lib/sockets";
import { summarize } from "../lib/stats";

/** Nights seeded for the history user. */
export const HISTORY_NIGHTS = 1000;

export function historyUser(ctx: BenchContext): string {
  return `${ctx.runId}-hist`;
}

/** Seeds the history user into the (not yet served) database. */
export function prepareHistory(ctx: BenchContext, db: BenchDatabase): Promise<{ nights: number; ms: number }> {
  return seedNights(db, { userIds: [historyUser(ctx)], nights: HISTORY_NIGHTS, prefix: `${ctx.runId}-h` });
}

interface Measured {
  label: string;
  path: string;
  statuses: Record<string, number>;
  ms: ReturnType<typeof summarize>;
  /** Bytes of the last answer. */
  bytes: number;
}

function measured(label: string, path: string, samples: Timed[], use: "totalMs" | "ttfbMs"): Measured {
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    label,
    path,
    statuses,
    ms: summarize(samples.map((s) => s[use])),
    bytes: Buffer.byteLength(samples.at(-1)?.body ?? ""),
  };
}

export async function runHistory(ctx: ServerContext): Promise<ScenarioResult> {
  const scenario = `history ${ctx.server.db.kind}`;
  const { rows, add } = rowsFor(scenario);
  const user = encodeURIComponent(historyUser(ctx));
  const newest = encodeURIComponent(`${ctx.runId}-h-${historyUser(ctx)}-0`);
  const base = ctx.server.baseUrl;
  const bearer = { authorization: `Bearer ${ctx.server.secrets.adminToken}` };
  const cookie = { cookie: await adminCookie(ctx.server.secrets.secret, ctx.server.secrets.adminToken) };
  const agent = keepAliveAgent(1);
  const jsonCount = ctx.quick ? 20 : 200;
  const pageCount = ctx.quick ? 5 : 50;
  const maxMs = ctx.quick ? 2000 : 30_000;

  const trendProbe = await timedRequest(`${base}/api/users/${user}/trends?nights=30`, { headers: bearer, agent });
  const json: Array<[string, string]> = [
    ["sessions list limit=20", `/api/users/${user}/sessions?limit=20`],
    ["trend stand-in: list limit=30", `/api/users/${user}/sessions?limit=30`],
    ["trend stand-in: list limit=90", `/api/users/${user}/sessions?limit=90`],
    ["one night GET /api/sessions/:id", `/api/sessions/${newest}`],
  ];
  if (trendProbe.status === 200) json.push(["trends nights=30", `/api/users/${user}/trends?nights=30`]);
  const pages: Array<[string, string]> = [
    ["page /users/[id] TTFB", `/users/${user}`],
    ["page /sessions/[id] TTFB", `/sessions/${newest}`],
  ];
  const results: Measured[] = [];
  for (const [label, path] of json) {
    ctx.log(`history: ${label}`);
    await sequentialGets(base + path, 3, maxMs, bearer, agent);
    results.push(measured(label, path, await sequentialGets(base + path, jsonCount, maxMs, bearer, agent), "totalMs"));
  }
  for (const [label, path] of pages) {
    ctx.log(`history: ${label}`);
    await sequentialGets(base + path, 2, maxMs, cookie, agent);
    results.push(measured(label, path, await sequentialGets(base + path, pageCount, maxMs, cookie, agent), "ttfbMs"));
  }
  agent.destroy();
  for (const r of results) {
    const statuses = Object.entries(r.statuses)
      .map(([s, c]) => `${s}x${c}`)
      .join(" ");
    add(`${r.label} p50 / p95`, slash(r.ms.p50, r.ms.p95), "ms", `status ${statuses}, ${r.bytes} B`);
  }
  if (trendProbe.status !== 200)
    add("trend endpoint", `none (${trendProbe.status})`, "", "list limit=30/90 measured instead");
  return {
    name: scenario,
    rows,
    checks: [],
    data: {
      nights: HISTORY_NIGHTS,
      epochsPerNight: 960,
      trendEndpointStatus: trendProbe.status,
      requests: { json: jsonCount, pages: pageCount },
      endpoints: results,
    },
  };
}
