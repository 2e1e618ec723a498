/**
 * `npm run bench -- [--quick] [--scenario ingest|live|fanout|history|growth]... [--json FILE]`
 *
 * Starts the product (`npx tsx server.ts`, production) on a throwaway SQLite
 * file under /tmp/bench-* and, for ingest and history, again on a throwaway
 * PostgreSQL database (BENCH_PG_URL, a postgresql:// DATABASE_URL, or the local
 * server at 127.0.0.1:5432), runs the scenarios, prints a table and writes every
 * figure with the machine's description to JSON (default
 * bench/results/latest.json). Exit 0 when the harness ran, whatever the
 * speed; 1 when it broke (server would not start, a scenario crashed) or a
 * correctness check failed (lost or doubled deliveries, events at the wrong
 * socket or never delivered).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { databaseProvider } from "../lib/store/database-url";
import { startIngestBaselines, type IngestBaselines } from "./lib/baseline-process";
import type { BenchContext, ServerContext } from "./lib/context";
import { codeVersion, machineInfo, passedThrough } from "./lib/machine";
import { parseCli } from "./lib/cli";
import { measureCpuShare } from "./lib/cpu-share";
import { formatTable, slash, type Check, type Row, type ScenarioResult } from "./lib/report";
import {
  benchPostgres,
  makeSecrets,
  redisReachable,
  startProductServer,
  throwawaySqlite,
  type BenchDatabase,
  type ProductServer,
} from "./lib/server";
import { targetRows } from "./lib/targets";
import { runFanout } from "./scenarios/fanout";
import { runGrowth } from "./scenarios/growth";
import { prepareHistory, runHistory } from "./scenarios/history";
import { runIngest } from "./scenarios/ingest";
import { runLive } from "./scenarios/live";

function isPostgresUrl(url: string | undefined): url is string {
  try {
    return Boolean(url) && databaseProvider(url!) === "postgresql";
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const cli = parseCli();
  const root = path.resolve(__dirname, "..");
  const tmpDir = fs.mkdtempSync("/tmp/bench-");
  process.on("exit", () => fs.rmSync(tmpDir, { recursive: true, force: true }));
  process.on("SIGINT", () => process.exit(130));
  process.on("SIGTERM", () => process.exit(143));
  const ctx: BenchContext = {
    quick: cli.quick,
    root,
    tmpDir,
    runId: `b${Date.now().toString(36)}`,
    log: (msg) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`),
  };
  const machine = { ...machineInfo(), ...codeVersion(root) };
  const secrets = makeSecrets();
  const results: ScenarioResult[] = [];
  const failures: Check[] = [];
  const servers: Record<string, { startMs: number; built: boolean }> = {};
  /** Each started server's output, shown when a check fails. */
  const serverOutput: Record<string, () => string> = {};

  // PostgreSQL: BENCH_PG_URL, else a postgresql:// DATABASE_URL, else the local server; a fresh database per run.
  const pg = await benchPostgres(ctx, process.env.BENCH_PG_URL ?? (isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined));
  if (!pg.db) {
    ctx.log(`!!! PostgreSQL is not reachable (${pg.problem}): ingest and history run on SQLite only`);
    failures.push({ name: "PostgreSQL reachable for the bench", ok: process.env.CI !== "true", detail: pg.problem ?? "" });
  }
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redisProblem = pg.db ? await redisReachable(redisUrl) : "no PostgreSQL";
  if (pg.db && redisProblem) ctx.log(`!!! Redis is not reachable at ${redisUrl} (${redisProblem}): no cross-instance scenarios`);

  /**
   * Two instances on the PostgreSQL database and Redis: live latency with the
   * viewers on instance B and the deliveries to A, beside both on A; then
   * ingest through nginx (docs/nginx-nocturne.conf) to both, beside one.
   */
  const runCrossInstance = async (a: ServerContext, started: Promise<IngestBaselines> | null) => {
    const b = await startProductServer(a.server.db, secrets, root, { REDIS_URL: redisUrl });
    servers["instance B"] = { startMs: b.startMs, built: b.built };
    serverOutput["instance B"] = b.output;
    try {
      if (cli.scenarios.includes("live")) {
        await run("live postgresql one-instance", () => runLive(a, { name: "live postgresql one-instance" }));
        await run("live postgresql cross-instance", () => runLive(a, { viewersOn: b, name: "live postgresql cross-instance" }));
      }
      if (started) {
        const { startNginx } = await import("../tests/support/nginx");
        const nginx = await startNginx([a.server.port, b.port]);
        try {
          const viaNginx: ServerContext = { ...a, server: { ...a.server, baseUrl: nginx.baseUrl } };
          await run("ingest postgresql nginx-two-instances", () =>
            runIngest(viaNginx, started, { name: "ingest postgresql nginx-two-instances", productOnly: true }),
          );
        } finally {
          await nginx.stop();
        }
      }
    } finally {
      await b.stop();
    }
  };

  const run = async (name: string, fn: () => Promise<ScenarioResult>) => {
    const share = measureCpuShare(os.loadavg);
    try {
      const result = await fn();
      const cpu = share();
      if (cpu) {
        result.rows.push({
          scenario: name,
          metric: "box CPU busy / bench's / others'",
          value: slash(cpu.boxBusyPercent, cpu.oursPercent, cpu.othersPercent),
          unit: "% of 1 core",
          note: `load ${cpu.load1}; others' = noise`,
        });
        result.data.cpuShare = cpu;
      }
      results.push(result);
    } catch (err) {
      ctx.log(`${name} crashed: ${(err as Error).stack ?? err}`);
      failures.push({ name: `${name} ran`, ok: false, detail: `crashed: ${(err as Error).message}` });
    }
  };

  const mainScenarios = cli.scenarios.filter((s) => s !== "growth");
  const needMain = mainScenarios.length > 0 || (cli.quick && cli.scenarios.includes("growth"));
  let main: ProductServer | null = null;
  let baselines: Promise<IngestBaselines> | null = null;
  try {
    if (needMain) {
      if (cli.scenarios.includes("ingest")) {
        // Started alongside the first server (they take a few seconds to load); the same ones run beside each engine.
        baselines = startIngestBaselines(root, tmpDir, secrets.apiKey);
        baselines.catch(() => undefined);
      }
      const engines: BenchDatabase[] = [await throwawaySqlite(tmpDir, "nocturne"), ...(pg.db ? [pg.db] : [])];
      for (const [i, db] of engines.entries()) {
        if (cli.scenarios.includes("history")) {
          const seeded = await prepareHistory(ctx, db);
          ctx.log(`history ${db.kind}: seeded ${seeded.nights} nights in ${seeded.ms} ms`);
        }
        ctx.log(`starting the server on ${db.kind} (server.ts runs \`next build\` first when sources changed)`);
        // On PostgreSQL the instance joins Redis when it answers, for the cross-instance scenarios below.
        const withRedis = db.kind === "postgresql" && redisProblem === null;
        const server = await startProductServer(db, secrets, root, withRedis ? { REDIS_URL: redisUrl } : {});
        const name = `main ${db.kind}`;
        servers[name] = { startMs: server.startMs, built: server.built };
        serverOutput[name] = server.output;
        ctx.log(`server up on ${server.baseUrl} (node pid ${server.pid}) after ${server.startMs} ms${server.built ? ", build included" : ""}`);
        const sctx: ServerContext = { ...ctx, server };
        if (cli.scenarios.includes("history")) await run(`history ${db.kind}`, () => runHistory(sctx));
        if (baselines) {
          const started = baselines;
          await run(`ingest ${db.kind}`, () => runIngest(sctx, started));
        }
        if (i === 0) {
          // Live and fan-out measure the socket path, the same on either engine: once, on the first.
          if (cli.scenarios.includes("live")) await run("live", () => runLive(sctx));
          if (cli.scenarios.includes("fanout")) await run("fanout", () => runFanout(sctx));
          main = server;
        } else {
          if (withRedis && (cli.scenarios.includes("live") || cli.scenarios.includes("ingest"))) {
            await runCrossInstance(sctx, baselines);
          }
          await server.stop();
        }
      }
    }
    if (cli.scenarios.includes("growth")) {
      if (cli.quick && main?.db.kind === "sqlite") {
        const shared = main;
        await run("growth", () => runGrowth(ctx, shared.db, async () => shared));
      } else {
        await main?.stop();
        main = null;
        const gdb = await throwawaySqlite(tmpDir, "growth");
        let growthServer: ProductServer | null = null;
        try {
          await run("growth", () =>
            runGrowth(ctx, gdb, async () => {
              growthServer = await startProductServer(gdb, secrets, root);
              servers.growth = { startMs: growthServer.startMs, built: growthServer.built };
              serverOutput.growth = growthServer.output;
              return growthServer;
            }),
          );
        } finally {
          await (growthServer as ProductServer | null)?.stop();
        }
      }
    }
  } catch (err) {
    failures.push({
      name: "server started",
      ok: false,
      detail: (err as Error).message.split("\n").slice(0, 12).join("\n"),
    });
  } finally {
    await (main as ProductServer | null)?.stop();
    await baselines?.then(
      (b) => Promise.all([b.limit.stop(), b.seed.stop()]),
      () => undefined,
    );
    await pg.drop();
  }

  const rows: Row[] = Object.entries(servers).map(([name, s]) => ({
    scenario: "setup",
    metric: `${name} server start`,
    value: s.startMs,
    unit: "ms",
    note: s.built ? "includes `next build` (sources were newer than .next)" : "build was current",
  }));
  for (const r of results) rows.push(...r.rows);
  rows.push(...targetRows(results));
  const checks = [...results.flatMap((r) => r.checks), ...failures];
  const ok = checks.every((c) => c.ok);
  const totalS = Math.round((performance.now() - t0) / 100) / 10;
  const buildS = Object.values(servers).reduce((sum, s) => sum + (s.built ? s.startMs : 0), 0) / 1000;
  rows.push({
    scenario: "setup",
    metric: "total run time",
    value: totalS,
    unit: "s",
    note: buildS ? `${(totalS - buildS).toFixed(1)} s without builds` : undefined,
  });
  console.log(formatTable(rows, checks));
  if (!ok) {
    for (const [name, output] of Object.entries(serverOutput)) {
      const tail = output().trim().split("\n").slice(-30).join("\n");
      if (tail) console.error(`\n--- last output of the ${name} server (LOG_LEVEL=warn) ---\n${tail}`);
    }
  }

  const file = path.resolve(root, cli.jsonFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    ok,
    quick: cli.quick,
    scenarios: cli.scenarios,
    machine,
    serverEnv: passedThrough(),
    totalSeconds: totalS,
    servers,
    results: Object.fromEntries(results.map((r) => [r.name, r.data])),
    rows,
    checks,
  };
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(`\n${ok ? "ok" : "FAILED"}: figures written to ${path.relative(process.cwd(), file) || file}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
