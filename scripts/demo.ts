/**
 * `npm run demo`: starts Nocturne, backfills 30 nights of history for a demo
 * user, prints that user's sign-in link, then plays one live night at 60x
 * (8 hours in 8 minutes). Ctrl-C stops everything.
 *
 * Options: --user <id> (default demo-sleeper), --nights <n> (default 30),
 * --speed <x> (default 60). PORT and the other settings come from the
 * environment or .env.local, like `npm start`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { parseArgs } from "node:util";

import { signAccessToken } from "../lib/auth/tokens";
import { loadLocalEnv } from "../lib/local-env";

const { values } = parseArgs({
  options: {
    user: { type: "string", default: "demo-sleeper" },
    nights: { type: "string", default: "30" },
    speed: { type: "string", default: "60" },
  },
});

const children: ChildProcess[] = [];

function run(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: "inherit", env });
  children.push(child);
  return child;
}

function finished(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}

async function waitForServer(base: string, server: ChildProcess): Promise<void> {
  let exited = false;
  server.once("exit", () => (exited = true));
  for (let i = 0; i < 600; i++) {
    if (exited) throw new Error("the server stopped while starting (see its output above)");
    const status = await fetch(`${base}/login`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the server did not answer within 10 minutes");
}

/** Whether something already accepts connections on this port (so the demo would talk to it, not to its own server). */
function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function stopAll(code: number): never {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  process.exit(code);
}

async function main(): Promise<void> {
  loadLocalEnv({ generate: true });
  const port = Number(process.env.PORT ?? 3000);
  const base = `http://localhost:${port}`;
  const user = values.user;
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));

  if (await portAnswers(port)) {
    throw new Error(`port ${port} is already in use (another Nocturne?). Stop it, or run the demo with PORT=<free port>.`);
  }
  const server = run("server.ts", [], { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  await waitForServer(base, server);

  console.log(`\nDemo: posting ${values.nights} past nights for ${user}...`);
  const backfill = run("scripts/simulate.ts", ["--user", user, "--url", base, "--backfill", values.nights, "--seed", "2026"]);
  if ((await finished(backfill)) !== 0) stopAll(1);

  const token = await signAccessToken({ role: "viewer", userId: user }, process.env.NOCTURNE_SECRET!, 7 * 86400);
  console.log(`\n  Watch ${user}'s night live: ${base}/auth/link?token=${token}`);
  console.log(`  Operator view: ${base}/login  (token: ${process.env.NOCTURNE_ADMIN_TOKEN})\n`);

  const live = run("scripts/simulate.ts", ["--user", user, "--url", base, "--live", "--speed", values.speed]);
  await finished(live);
  console.log("\nThe live night is complete; its report is in the dashboard. Ctrl-C stops the server.");
  await finished(server);
}

main().catch((err: Error) => {
  console.error(`demo: ${err.message}`);
  stopAll(1);
});
