/**
 * `npm run simulate -- --user <id> [options]`: plays simulated nights into
 * Nocturne's `POST /asleep-webhook`, the way Asleep would deliver them.
 *
 * - live (default): one night from `--start` (default now); one
 *   INFERENCE_COMPLETE per 5-minute frame, sent every 5 min / `--speed`, then
 *   the SESSION_COMPLETE.
 * - `--backfill N`: N completed past nights, one per previous day, starting
 *   22:00-00:30 local, as fast as possible (4 nights at a time); add `--live`
 *   to play a live night after them.
 * Failed POSTs (network error, 5xx, 429) are retried with exponential backoff;
 * what still failed is listed at the end and the exit code is 1.
 * Nights come from lib/sleep/simulate-night.ts: the same --seed replays them.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { z } from "zod";

import { LOCAL_ENV_FILE, parseEnvFile } from "../lib/local-env";
import {
  buildInferencePayloads,
  buildSessionCompletePayload,
  buildSessionStat,
  deriveSeed,
  inferenceSentAt,
  makeSessionId,
  mulberry32,
  simulateNight,
  timeZoneOffsetMinutes,
  type SimulatedNight,
} from "../lib/sleep/simulate-night";
import { EPOCH_SECONDS, EPOCHS_PER_FRAME, STAGE_LABELS, type StageCode } from "../lib/sleep/stages";
import type { AsleepStat } from "../lib/webhooks/asleep-schema";

const USAGE = `Usage: npm run simulate -- --user <id> [options]

  --user <id>        Asleep user id the nights belong to (required)
  --url <url>        Nocturne's base URL (default http://127.0.0.1:3000)
  --hours <h>        time in bed per night, 0.05-24 (default 8; backfill varies it by +-10 %)
  --speed <x>        live playback speed (default 60: one chunk every 5 s)
  --start <iso>      live night start (default now); without an offset it is read in --tz
  --tz <Area/City>   IANA time zone of the nights (default this machine's)
  --seed <n>         seed, 0-4294967295 (default random; printed at the end)
  --backfill <n>     post n completed past nights, then stop (add --live to also play one)
  --live             play a live night (the default without --backfill)
  --shape <s>        official ({event, version, data}) or flat (default official)
  --overlap <k>      earlier frames each chunk re-sends, 0-20 (default 4)
  --help`;

const CONCURRENCY = 4;
const MAX_TRIES = 5;
const REQUEST_TIMEOUT_MS = 15_000;
const FRAME_MS = EPOCHS_PER_FRAME * EPOCH_SECONDS * 1000;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function numberFlag(flag: string, min: number, max: number, int = false) {
  let n = z.coerce.number({ error: `${flag} must be a number` });
  if (int) n = n.int({ error: `${flag} must be a whole number` });
  return n.min(min, { error: `${flag} must be at least ${min}` }).max(max, { error: `${flag} must be at most ${max}` });
}

const optionsSchema = z.object({
  user: z
    .string({ error: "--user <id> is required: the Asleep user id the nights belong to" })
    .trim()
    .min(1, { error: "--user must not be empty" })
    .max(200, { error: "--user is longer than 200 characters" }),
  url: z
    .url({ protocol: /^https?$/, error: "--url must be an http(s) URL, e.g. http://127.0.0.1:3000" })
    .default("http://127.0.0.1:3000"),
  hours: numberFlag("--hours", 0.05, 24).default(8),
  speed: numberFlag("--speed", 0.1, 1_000_000).default(60),
  start: z.iso
    .datetime({ offset: true, local: true, error: "--start must be an ISO date-time, e.g. 2025-01-15T23:00:00+01:00" })
    .optional(),
  tz: z
    .string()
    .refine(isTimeZone, { error: "--tz must be an IANA time zone such as Europe/Paris" })
    .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  seed: numberFlag("--seed", 0, 2 ** 32 - 1, true).default(() => Math.floor(Math.random() * 2 ** 32)),
  backfill: numberFlag("--backfill", 0, 366, true).default(0),
  live: z.boolean().default(false),
  shape: z.enum(["official", "flat"], { error: "--shape must be official or flat" }).default("official"),
  overlap: numberFlag("--overlap", 0, 20, true).default(4),
});
type Options = z.infer<typeof optionsSchema>;

/** Reads and validates argv; exits 2 with a message on a bad command line. */
function readOptions(argv: string[]): Options {
  const fail = (message: string): never => {
    console.error(`${message}\n\n${USAGE}`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          ["user", "url", "hours", "speed", "start", "tz", "seed", "backfill", "shape", "overlap"].map((k) => [
            k,
            { type: "string" as const },
          ]),
        ),
        live: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    return fail((err as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const r = optionsSchema.safeParse(values);
  if (!r.success) return fail(r.error.issues.map((i) => i.message).join("\n"));
  if (r.data.start && r.data.backfill > 0 && !r.data.live) {
    return fail("--start sets the live night's start: with --backfill, add --live to play one");
  }
  return r.data;
}

// ---------------------------------------------------------------------------
// API key and endpoint

/** The first key of ASLEEP_API_KEYS, else ASLEEP_API_KEY, from the environment and then `.env.local`. */
function resolveApiKey(): { key: string; source: string } | null {
  const first = (list: string | undefined) =>
    list
      ?.split(",")
      .map((k) => k.trim())
      .find(Boolean);
  const envKey = first(process.env.ASLEEP_API_KEYS) ?? first(process.env.ASLEEP_API_KEY);
  if (envKey) return { key: envKey, source: "environment" };
  const file = path.resolve(import.meta.dirname, "..", LOCAL_ENV_FILE);
  if (!existsSync(file)) return null;
  const vars = parseEnvFile(readFileSync(file, "utf8"));
  const fileKey = first(vars.ASLEEP_API_KEYS) ?? first(vars.ASLEEP_API_KEY);
  return fileKey ? { key: fileKey, source: LOCAL_ENV_FILE } : null;
}

function webhookUrl(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith("/asleep-webhook")) url.pathname = `${url.pathname.replace(/\/$/, "")}/asleep-webhook`;
  return url.toString();
}

// ---------------------------------------------------------------------------
// Delivery with retries

/** Stops the whole run: every later delivery would fail the same way. */
class FatalError extends Error {}

interface Failure {
  sessionId: string;
  what: string;
  reason: string;
}

interface Tally {
  accepted: number;
  duplicate: number;
  ignored: number;
  failures: Failure[];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function describeError(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: string; issues?: Array<{ path: string; message: string }> };
    const issues = (body.issues ?? []).slice(0, 3).map((i) => `${i.path || "body"}: ${i.message}`);
    return [`${res.status} ${body.error ?? res.statusText}`, ...issues].join("; ");
  } catch {
    return `${res.status} ${text.slice(0, 200) || res.statusText}`;
  }
}

/** Creates the POST function: JSON body, auth headers, up to {@link MAX_TRIES} tries. */
function createDeliverer(endpoint: string, apiKey: string, user: string, tally: Tally, signal: AbortSignal) {
  return async function deliver(body: object, sessionId: string, what: string): Promise<void> {
    const payload = JSON.stringify(body);
    let reason = "";
    for (let attempt = 0; attempt < MAX_TRIES && !signal.aborted; attempt++) {
      let retryAfterMs = 0;
      try {
        const res = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": apiKey, "x-user-id": user },
          body: payload,
          signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        });
        if (res.ok) {
          const status = ((await res.json().catch(() => ({}))) as { status?: string }).status;
          if (status === "duplicate") tally.duplicate++;
          else if (status === "ignored") tally.ignored++;
          else tally.accepted++;
          return;
        }
        reason = await describeError(res);
        if (res.status === 401) throw new FatalError(`the server refused the API key: ${reason}`);
        if (res.status !== 429 && res.status < 500) break;
        retryAfterMs = Math.min(10_000, Number(res.headers.get("retry-after") ?? 0) * 1000 || 0);
      } catch (err) {
        if (err instanceof FatalError || signal.aborted) throw err;
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        reason = `network error: ${cause ?? (err as Error).message}`;
        if (attempt === MAX_TRIES - 1) {
          throw new FatalError(`could not reach ${endpoint} (${reason}); is the server running (npm start)?`);
        }
      }
      if (attempt < MAX_TRIES - 1)
        await sleep(Math.max(retryAfterMs, 250 * 2 ** attempt * (0.5 + Math.random() / 2)), signal);
    }
    if (!signal.aborted) tally.failures.push({ sessionId, what, reason });
  };
}

// ---------------------------------------------------------------------------
// Nights

interface PlannedNight {
  sessionId: string;
  night: SimulatedNight;
  stat: AsleepStat;
}

/** Converts a wall-clock time in `tz` (as if it were UTC, in ms) to a real instant. */
function zonedWallTimeToUtc(wallMs: number, tz: string): number {
  const guess = wallMs - timeZoneOffsetMinutes(wallMs, tz) * 60_000;
  return wallMs - timeZoneOffsetMinutes(guess, tz) * 60_000;
}

/** FNV-1a (32-bit) of a string. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * One night and its session id. The stages depend on the seed only; the id
 * also mixes in the user, so two users replaying one seed get distinct sessions.
 */
function planNight(seed: number, hours: number, startTime: number, opts: Options): PlannedNight {
  const night = simulateNight({ seed, hours, startTime });
  const sessionId = makeSessionId(startTime, deriveSeed(seed, hashString(opts.user)));
  return { sessionId, night, stat: buildSessionStat(night, opts.tz) };
}

/** The `count` most recent nights that have ended by `now`: one per previous day, starting 22:00-00:30 local. */
function planBackfill(opts: Options, now: number): PlannedNight[] {
  const rng = mulberry32(deriveSeed(opts.seed, 0xbac4));
  const wallNow = new Date(now + timeZoneOffsetMinutes(now, opts.tz) * 60_000);
  const nights: PlannedNight[] = [];
  for (let back = 1; nights.length < opts.backfill && back <= opts.backfill + 2; back++) {
    const startSeconds = 22 * 3600 + Math.floor(rng() * 150 * 60);
    const hours = Math.round(opts.hours * (0.9 + rng() * 0.2) * 60) / 60;
    const seed = Math.floor(rng() * 2 ** 32);
    const midnight = Date.UTC(wallNow.getUTCFullYear(), wallNow.getUTCMonth(), wallNow.getUTCDate() - back);
    const start = zonedWallTimeToUtc(midnight + startSeconds * 1000, opts.tz);
    if (start + hours * 3_600_000 <= now) nights.push(planNight(seed, hours, start, opts));
  }
  return nights.reverse();
}

function liveStart(opts: Options, now: number): number {
  if (!opts.start) return Math.floor(now / 1000) * 1000;
  if (/(z|[+-]\d\d(:?\d\d)?)$/i.test(opts.start)) return Date.parse(opts.start);
  return zonedWallTimeToUtc(Date.parse(`${opts.start}Z`), opts.tz);
}

function payloadsFor(p: PlannedNight, opts: Options) {
  const common = { userId: opts.user, sessionId: p.sessionId, shape: opts.shape };
  return {
    chunks: buildInferencePayloads(p.night, { ...common, overlap: opts.overlap }),
    done: buildSessionCompletePayload(p.night, { ...common, timezone: opts.tz }),
  };
}

// ---------------------------------------------------------------------------
// Output

/** One status line on stderr: redrawn in place on a terminal, every 10 % otherwise. */
function createStatusLine() {
  const tty = Boolean(process.stderr.isTTY);
  let drawn = false;
  let lastDecile = -1;
  return {
    update(fraction: number, text: string) {
      const width = 24;
      const filled = Math.round(fraction * width);
      const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${text}`;
      if (tty) {
        process.stderr.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (Math.floor(fraction * 10) > lastDecile) {
        lastDecile = Math.floor(fraction * 10);
        process.stderr.write(`${line}\n`);
      }
    },
    end() {
      if (drawn) process.stderr.write("\n");
      drawn = false;
      lastDecile = -1;
    },
  };
}

const duration = (seconds: number) =>
  `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, "0")}`;

function nightLine(p: PlannedNight, tz: string): string {
  const when = new Intl.DateTimeFormat("en-GB", {
    timeZone: tz,
    weekday: "short",
    day: "2-digit",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(p.night.startTime);
  const s = p.stat;
  const se = s.sleep_efficiency == null ? "-" : `${(s.sleep_efficiency * 100).toFixed(1)}%`;
  return [
    `  ${when.padEnd(17)} ${p.sessionId}`,
    `in bed ${duration(s.time_in_bed ?? 0)}`,
    `TST ${duration(s.time_in_sleep ?? 0)}`,
    `SE ${se}`,
    `SOL ${Math.round((s.sleep_latency ?? 0) / 60)} min`,
    `WASO ${s.waso_count ?? 0}`,
    `${s.sleep_cycle_count ?? 0} cycle${s.sleep_cycle_count === 1 ? "" : "s"}`,
  ].join("  ");
}

// ---------------------------------------------------------------------------
// Modes

/** Progress of one phase (history or live), updated as it runs, so a stopped run can still be reported. */
interface Phase {
  sent: number;
  total: number;
  startedAt: number;
}

type Deliver = ReturnType<typeof createDeliverer>;

/** Posts the nights, {@link CONCURRENCY} at a time; within a night, chunks in order, then SESSION_COMPLETE. */
async function runBackfill(
  nights: PlannedNight[],
  opts: Options,
  deliver: Deliver,
  tally: Tally,
  phase: Phase,
  signal: AbortSignal,
) {
  const status = createStatusLine();
  const work = nights.map((p) => ({ p, ...payloadsFor(p, opts) }));
  phase.total = work.reduce((n, w) => n + w.chunks.length + 1, 0);
  let nightsDone = 0;
  const tick = () =>
    status.update(
      phase.total ? phase.sent / phase.total : 1,
      `history ${phase.sent}/${phase.total} deliveries, ${nightsDone}/${nights.length} nights, ${tally.failures.length} failed`,
    );
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (next < work.length && !signal.aborted && !stop) {
      const w = work[next++]!;
      for (const [f, body] of w.chunks.entries()) {
        await deliver(body, w.p.sessionId, `INFERENCE_COMPLETE #${f}`);
        phase.sent++;
        tick();
      }
      await deliver(w.done, w.p.sessionId, "SESSION_COMPLETE");
      phase.sent++;
      nightsDone++;
      tick();
    }
  };
  tick();
  const guarded = () =>
    worker().catch((err: unknown) => {
      stop = true;
      throw err;
    });
  const results = await Promise.allSettled(Array.from({ length: Math.min(CONCURRENCY, work.length) }, guarded));
  status.end();
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** Plays one night in real time / speed: chunk f at the end of frame f, SESSION_COMPLETE at the end of the night. */
async function runLive(
  p: PlannedNight,
  opts: Options,
  deliver: Deliver,
  tally: Tally,
  phase: Phase,
  signal: AbortSignal,
) {
  const status = createStatusLine();
  const { chunks, done } = payloadsFor(p, opts);
  phase.total = chunks.length + 1;
  const n = p.night.sleepStages.length;
  const clock = (ms: number) => duration((ms - p.night.startTime) / 1000).replace("h", ":");
  const at = (nightMs: number) => phase.startedAt + (nightMs - p.night.startTime) / opts.speed;
  status.update(0, `live ${p.sessionId}, first delivery in ${(FRAME_MS / opts.speed / 1000).toFixed(1)} s`);
  try {
    for (const [f, body] of chunks.entries()) {
      await sleep(at(inferenceSentAt(p.night.startTime, f)) - Date.now(), signal);
      if (signal.aborted) return;
      await deliver(body, p.sessionId, `INFERENCE_COMPLETE #${f}`);
      phase.sent++;
      const stage = STAGE_LABELS[(p.night.sleepStages[(f + 1) * EPOCHS_PER_FRAME - 1] ?? -1) as StageCode];
      const night = clock(inferenceSentAt(p.night.startTime, f));
      status.update(
        phase.sent / phase.total,
        `live ${p.sessionId} frame ${f + 1}/${chunks.length}, night ${night}, ${stage}, ${tally.failures.length} failed`,
      );
    }
    await sleep(at(p.night.startTime + n * EPOCH_SECONDS * 1000) - Date.now(), signal);
    if (signal.aborted) return;
    await deliver(done, p.sessionId, "SESSION_COMPLETE");
    phase.sent++;
    status.update(1, `live ${p.sessionId} complete`);
  } finally {
    status.end();
  }
}

function phaseLine(name: string, phase: Phase, detail: string): string {
  const secs = ((Date.now() - phase.startedAt) / 1000).toFixed(1);
  return phase.sent < phase.total
    ? `${name}: ${detail}, stopped after ${phase.sent} of ${phase.total} deliveries (${secs} s)`
    : `${name}: ${detail}, ${phase.total} deliveries in ${secs} s`;
}

async function main(): Promise<void> {
  const opts = readOptions(process.argv.slice(2));
  const key = resolveApiKey();
  if (!key) {
    console.error(
      "No Asleep API key found. Start the server once with `npm start` (it writes one to .env.local), " +
        "or set ASLEEP_API_KEYS to a key the server accepts.",
    );
    process.exit(1);
  }
  const endpoint = webhookUrl(opts.url);
  const controller = new AbortController();
  let interrupted = false;
  process.on("SIGINT", () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
  });

  const tally: Tally = { accepted: 0, duplicate: 0, ignored: 0, failures: [] };
  const deliver = createDeliverer(endpoint, key.key, opts.user, tally, controller.signal);
  const now = Date.now();
  const history = opts.backfill > 0 ? planBackfill(opts, now) : [];
  const live = opts.backfill === 0 || opts.live ? planNight(opts.seed, opts.hours, liveStart(opts, now), opts) : null;
  console.log(
    `Nocturne simulator -> ${endpoint} (user ${opts.user}, ${opts.shape} shape, overlap ${opts.overlap}, ` +
      `tz ${opts.tz}, key from ${key.source})`,
  );

  let fatal: string | null = null;
  const historyPhase: Phase = { sent: 0, total: 0, startedAt: 0 };
  const livePhase: Phase = { sent: 0, total: 0, startedAt: 0 };
  try {
    if (history.length > 0) {
      historyPhase.startedAt = Date.now();
      await runBackfill(history, opts, deliver, tally, historyPhase, controller.signal);
    }
    if (live && !controller.signal.aborted) {
      livePhase.startedAt = Date.now();
      await runLive(live, opts, deliver, tally, livePhase, controller.signal);
    }
  } catch (err) {
    if (!(err instanceof FatalError)) throw err;
    fatal = err.message;
    controller.abort();
  }

  const lines: string[] = [];
  if (historyPhase.startedAt) {
    lines.push(phaseLine("History", historyPhase, `${history.length} nights`));
    const shown = historyPhase.sent < historyPhase.total ? [] : history.slice(-10);
    if (shown.length > 0 && history.length > shown.length)
      lines.push(`  ... ${history.length - shown.length} older nights`);
    lines.push(...shown.map((p) => nightLine(p, opts.tz)));
  }
  if (live && livePhase.startedAt) {
    lines.push(phaseLine("Live", livePhase, `x${opts.speed}`));
    lines.push(livePhase.sent < livePhase.total ? `  ${live.sessionId}  left LIVE` : nightLine(live, opts.tz));
  }
  lines.push(
    `Deliveries: ${tally.accepted} accepted, ${tally.duplicate} duplicate, ${tally.ignored} ignored, ` +
      `${tally.failures.length} failed. Replay with --seed ${opts.seed}.`,
  );
  console.log(lines.join("\n"));
  for (const f of tally.failures.slice(0, 20)) console.error(`  failed ${f.sessionId} ${f.what}: ${f.reason}`);
  if (tally.failures.length > 20) console.error(`  ... and ${tally.failures.length - 20} more`);
  if (fatal) console.error(`Stopped: ${fatal}`);
  else if (interrupted) console.error("Interrupted.");
  process.exit(fatal || tally.failures.length > 0 ? 1 : interrupted ? 130 : 0);
}

void main();
