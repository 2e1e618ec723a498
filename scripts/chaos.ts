/**
 * `npm run chaos -- [--users 100] [--nights 2] [--seed N] [--concurrency 32]
 *   [--url http://host:port --key K --admin-token T] [--database-url URL]`
 *
 * Delivers simulated nights the way a hostile network would (shuffled, 10 %
 * duplicates, racing copies, 1 % malformed, 0.5 % wrong keys) and checks
 * every answer, night, statistic and database row against the generator's
 * truth (scripts/chaos/run-chaos.ts). Without --url it starts its own server
 * (scripts/ingest-server.ts) on a new SQLite file, or on --database-url
 * (a file: or postgresql:// URL; PostgreSQL needs an existing database).
 * Prints a table; exits 1 on any difference.
 */
import { formatReport, runChaos } from "./chaos/run-chaos";

const HELP = `usage: npm run chaos -- [options]
  --users <n>          users (default 100)
  --nights <n>         nights per user (default 2)
  --seed <n>           seed of the nights and the chaos (default 1)
  --concurrency <n>    requests in flight (default 32)
  --url <url>          target a running Nocturne instead of starting a server
  --key <key>          an x-api-key the target accepts (with --url)
  --admin-token <t>    the target's NOCTURNE_ADMIN_TOKEN (with --url)
  --database-url <u>   the database to check rows in (and, without --url, to run on)`;

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") {
      console.log(HELP);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument ${a}\n${HELP}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`${a} needs a value\n${HELP}`);
    out[m[1]!] = value;
  }
  return out;
}

function int(args: Record<string, string>, name: string, fallback: number, min: number): number {
  const v = args[name] === undefined ? fallback : Number(args[name]);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer >= ${min}, got ${args[name]}`);
  return v;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set(["users", "nights", "seed", "concurrency", "url", "key", "admin-token", "database-url"]);
  for (const k of Object.keys(args)) if (!known.has(k)) throw new Error(`unknown option --${k}\n${HELP}`);
  const report = await runChaos({
    users: int(args, "users", 100, 1),
    nights: int(args, "nights", 2, 1),
    seed: int(args, "seed", 1, 0),
    concurrency: int(args, "concurrency", 32, 1),
    url: args.url,
    apiKey: args.key,
    adminToken: args["admin-token"],
    databaseUrl: args["database-url"],
    log: (line) => console.error(line),
  });
  console.log(formatReport(report));
  if (report.differences.length) {
    console.log(`\n${report.differences.length} difference(s):`);
    for (const d of report.differences.slice(0, 50)) console.log(`  ${d}`);
    process.exit(1);
  }
  console.log("no differences");
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(2);
});
