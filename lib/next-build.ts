/**
 * Production build freshness for `npm start`: builds with `next build` when
 * there is no build yet or any source is newer than it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** What a build depends on: folders walked recursively and single files. */
const SOURCES = ["app", "components", "lib", "public", "next.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["generated", "node_modules"]);

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (SKIP.has(entry)) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** Why a build is needed ("no build", "sources changed"), or null when the build is current. */
export function buildStaleness(root: string = process.cwd()): string | null {
  const id = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(id)) return "no production build yet";
  const built = fs.statSync(id).mtimeMs;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return newest > built ? "sources changed since the last build" : null;
}

/** Runs `next build` in the foreground when {@link buildStaleness} says so; throws if it fails. */
export function ensureProductionBuild(root: string = process.cwd(), log: (msg: string) => void = console.log): void {
  const reason = buildStaleness(root);
  if (!reason) return;
  log(`Building Nocturne (${reason}); this takes about a minute...`);
  const bin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const r = spawnSync(process.execPath, [bin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
}
