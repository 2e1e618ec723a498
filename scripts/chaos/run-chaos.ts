/**
 * The chaos run behind `npm run chaos` (issue 9, "A suite that keeps it so").
 *
 * 1. Generate: `users` x `nights` nights with the project's simulator
 *    (lib/simulator): 5-9 hours, random body shape (official / flat), chunk
 *    overlap 0-4 (re-scored epochs), time zone; one night in ten stays live
 *    (no SESSION_COMPLETE). Deterministic for a seed; ids carry a run tag.
 * 2. Deliver, shuffled, `concurrency` at a time: every body once, plus 10 %
 *    duplicates, 2 % sent as three copies racing each other, 1 % malformed
 *    bodies (truncated JSON, a stage of 7, a chunk longer than seq_num + 1,
 *    an end before the start, a ratio of 2, ...) and 0.5 % copies with a
 *    wrong key. A 503 is retried (as Asleep would) and counted.
 * 3. Check, against the generator's own truth and the status each answer
 *    must get: every answer (200 accepted / duplicate / late, 400 with
 *    issues, 401); exactly one copy of each delivery stored; every night's
 *    hypnogram, snoring, times, zone, stat and computed statistics through
 *    the JSON API; each user's history; and in the database, no duplicate or
 *    half-written rows (lib/store/integrity.ts).
 * The report is a table of checks; any difference is listed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { buildInferencePayloads, buildSessionCompletePayload, type BodyShape } from "../../lib/simulator/asleep-payloads";
import { buildSessionStat } from "../../lib/simulator/session-stat";
import { deriveSeed, mulberry32, randInt, uniform, type Rng } from "../../lib/simulator/seeded-random";
import { simulateNight, type SimulatedNight } from "../../lib/simulator/simulate-night";
import { computeSleepStatistics } from "../../lib/sleep/statistics";
import { openStore } from "../../lib/store/client";
import { integrityCounts, type IntegrityCounts } from "../../lib/store/integrity";
import { spawnIngestServer, type ServerProcess } from "./spawn-server";

export interface ChaosOptions {
  users: number;
  nights: number;
  seed: number;
  /** Deliveries in flight at once (default 32). */
  concurrency?: number;
  /** A running Nocturne to target; without it a server (scripts/ingest-server.ts) is started. */
  url?: string;
  /** The x-api-key the target accepts (required with `url`). */
  apiKey?: string;
  /** The target's NOCTURNE_ADMIN_TOKEN, for the JSON API (required with `url`). */
  adminToken?: string;
  /** The target's database, for the row checks; for a started server its DATABASE_URL (default: a new SQLite file). */
  databaseUrl?: string;
  /** Prefix of every user and session id (default `chaos<seed>-<time>`). */
  tag?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** One line of the report: what was expected, what was found. */
export interface CheckRow {
  check: string;
  expected: number;
  got: number;
}

export interface ChaosReport {
  rows: CheckRow[];
  /** Every difference, one line each (empty: the run is clean). */
  differences: string[];
  deliveries: number;
  nights: number;
  seconds: number;
}

interface Night {
  userId: string;
  sessionId: string;
  night: SimulatedNight;
  shape: BodyShape;
  timezone: string;
  live: boolean;
}

interface Delivery {
  key: string;
  event: "INFERENCE_COMPLETE" | "SESSION_COMPLETE";
  userId: string;
  body: string;
}

type Work =
  | { kind: "valid"; d: Delivery }
  | { kind: "race"; d: Delivery; copies: number }
  | { kind: "malformed"; d: Delivery; body: string; how: string }
  | { kind: "wrong-key"; d: Delivery };

const ZONES = ["UTC", "Asia/Seoul", "Europe/Paris", "America/New_York", "Australia/Sydney"];

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The nights of a run (step 1). */
function generateNights(o: ChaosOptions, tag: string): Night[] {
  const rng = mulberry32(deriveSeed(o.seed, 0xc4a05));
  const out: Night[] = [];
  for (let u = 0; u < o.users; u++) {
    for (let n = 0; n < o.nights; n++) {
      const start = Date.UTC(2026, 0, 1 + n, 20) + randInt(rng, 0, 240) * 60_000;
      out.push({
        userId: `${tag}-u${u}`,
        sessionId: `${tag}-u${u}-n${n}`,
        night: simulateNight({ seed: deriveSeed(o.seed, u * 1009 + n), hours: uniform(rng, 5, 9), startTime: start }),
        shape: rng() < 0.5 ? "official" : "flat",
        timezone: ZONES[randInt(rng, 0, ZONES.length - 1)]!,
        live: rng() < 0.1,
      });
    }
  }
  return out;
}

/** The valid deliveries of one night: its chunks (overlap 0-4) and, unless live, its SESSION_COMPLETE. */
function nightDeliveries(n: Night, rng: Rng): Delivery[] {
  const ids = { userId: n.userId, sessionId: n.sessionId, shape: n.shape };
  const chunks = buildInferencePayloads(n.night, { ...ids, overlap: randInt(rng, 0, 4) }).map((b, f) => ({
    key: `INFERENCE_COMPLETE:${n.sessionId}:${f}`,
    event: "INFERENCE_COMPLETE" as const,
    userId: n.userId,
    body: JSON.stringify(b),
  }));
  if (n.live) return chunks;
  const done = buildSessionCompletePayload(n.night, { ...ids, timezone: n.timezone });
  return [...chunks, { key: `SESSION_COMPLETE:${n.sessionId}`, event: "SESSION_COMPLETE", userId: n.userId, body: JSON.stringify(done) }];
}

/** A body that must get 400, made from a valid one; `how` names the fault. */
function malform(d: Delivery, rng: Rng): { body: string; how: string } {
  const pick = randInt(rng, 0, 3);
  if (pick === 0) return { body: d.body.slice(0, Math.floor(d.body.length / 2)), how: "truncated JSON" };
  const body = JSON.parse(d.body) as Record<string, unknown>;
  const data = (body.data ?? body) as Record<string, unknown>;
  const session = data.session as Record<string, unknown> | undefined;
  if (pick === 1) {
    ((session ?? data).sleep_stages as number[])[0] = 7;
    return { body: JSON.stringify(body), how: "stage 7" };
  }
  if (pick === 2) {
    if (session) session.end_time = "2001-01-01T00:00:00+00:00";
    else data.seq_num = (data.sleep_stages as number[]).length - 2;
    return { body: JSON.stringify(body), how: session ? "end before start" : "chunk longer than seq_num + 1" };
  }
  if (session) data.missing_data_ratio = 2;
  else data.inference_seq_num = -1;
  return { body: JSON.stringify(body), how: session ? "ratio 2" : "negative inference_seq_num" };
}

/** JSON with object keys sorted, so two values compare equal whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Runs one chaos run (see the module comment) and returns its report. Starts and stops its own server unless `url` is given. */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  if (o.url && (!o.apiKey || !o.adminToken)) {
    throw new Error("--url needs --key (an accepted x-api-key) and --admin-token (the target's NOCTURNE_ADMIN_TOKEN)");
  }
  const started = performance.now();
  const log = o.log ?? (() => {});
  const tag = o.tag ?? `chaos${o.seed}-${Date.now().toString(36)}`;
  const rng = mulberry32(deriveSeed(o.seed, 0xd1ce));

  // 1. Generate.
  const nights = generateNights(o, tag);
  const valid = nights.flatMap((n) => nightDeliveries(n, rng));
  const work: Work[] = valid.map((d) => ({ kind: "valid", d }));
  const some = (share: number) => Array.from({ length: Math.round(valid.length * share) }, () => valid[randInt(rng, 0, valid.length - 1)]!);
  for (const d of some(0.1)) work.push({ kind: "valid", d });
  for (const d of some(0.02)) work.push({ kind: "race", d, copies: 3 });
  for (const d of some(0.01)) work.push({ kind: "malformed", d, ...malform(d, rng) });
  for (const d of some(0.005)) work.push({ kind: "wrong-key", d });
  shuffle(work, rng);
  const total = work.reduce((n, w) => n + (w.kind === "race" ? w.copies : 1), 0);
  log(`${nights.length} nights, ${valid.length} distinct deliveries, ${total} requests (tag ${tag})`);

  // The target.
  let server: ServerProcess | undefined;
  let dir: string | undefined;
  let databaseUrl = o.databaseUrl;
  const apiKey = o.apiKey ?? `chaos-key-${o.seed}`;
  const adminToken = o.adminToken ?? `chaos-admin-${o.seed}-token`;
  let base = o.url?.replace(/\/+$/, "");
  if (!base) {
    if (!databaseUrl) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "nocturne-chaos-"));
      databaseUrl = `file:${path.join(dir, "chaos.db")}`;
    }
    server = await spawnIngestServer({ databaseUrl, apiKey, adminToken, env: { LOG_LEVEL: "silent" } });
    base = server.url;
    log(`started scripts/ingest-server.ts at ${base} on ${databaseUrl}`);
  }

  const differences: string[] = [];
  const differ = (line: string) => {
    if (differences.length < 1000) differences.push(line);
  };
  let unavailable = 0;
  let serverErrors = 0;
  let noAnswer = 0;

  const post = async (body: string, userId: string, key = apiKey): Promise<Answer> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${base}/asleep-webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": key, "x-user-id": userId },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = { unparsable: text.slice(0, 200) };
        }
        if (res.status >= 500) {
          if (res.status === 503) unavailable++;
          else serverErrors++;
          if (attempt < 10) {
            await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
            continue;
          }
        }
        return { status: res.status, body: json };
      } catch (err) {
        noAnswer++;
        if (attempt >= 5) return { status: 0, body: { error: (err as Error).message } };
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };

  // 2. Deliver.
  const answers = new Map<string, Answer[]>();
  const record = (d: Delivery, a: Answer) => {
    const list = answers.get(d.key) ?? [];
    list.push(a);
    answers.set(d.key, list);
  };
  let malformedOk = 0;
  let wrongKeyOk = 0;
  let next = 0;
  let sent = 0;
  const progress = setInterval(() => log(`  ${sent}/${total} requests`), 5000);
  progress.unref();
  const worker = async () => {
    while (next < work.length) {
      const w = work[next++]!;
      if (w.kind === "valid") record(w.d, await post(w.d.body, w.d.userId));
      else if (w.kind === "race") {
        for (const a of await Promise.all(Array.from({ length: w.copies }, () => post(w.d.body, w.d.userId)))) record(w.d, a);
      } else if (w.kind === "malformed") {
        const a = await post(w.body, w.d.userId);
        if (a.status === 400 && typeof a.body.error === "string") malformedOk++;
        else differ(`malformed (${w.how}) ${w.d.key}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}, expected 400 with an error`);
      } else {
        const a = await post(w.d.body, w.d.userId, `${apiKey}-wrong`);
        if (a.status === 401) wrongKeyOk++;
        else differ(`wrong key ${w.d.key}: ${a.status}, expected 401`);
      }
      sent += w.kind === "race" ? w.copies : 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency ?? 32 }, worker));
    clearInterval(progress);
    log(`delivered ${sent} requests in ${((performance.now() - started) / 1000).toFixed(1)} s; checking`);

    // 3a. Answers: every copy 200; per delivery exactly one copy stored (accepted, or late for a chunk after its night's end).
    let exactlyOnce = 0;
    for (const d of valid) {
      const list = answers.get(d.key) ?? [];
      const bad = list.filter((a) => a.status !== 200);
      const storing = list.filter((a) => a.body.status === "accepted" || (a.body.status === "ignored" && d.event === "INFERENCE_COMPLETE"));
      const dups = list.filter((a) => a.body.status === "duplicate");
      if (bad.length) differ(`${d.key}: answered ${bad.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 160)}`).join("; ")}`);
      else if (storing.length !== 1 || storing.length + dups.length !== list.length) {
        differ(`${d.key}: answers ${list.map((a) => String(a.body.status)).join(",")}, expected exactly one accepted (or late) and the rest duplicate`);
      } else exactlyOnce++;
    }

    // 3b. Nights through the JSON API.
    const auth = { authorization: `Bearer ${adminToken}` };
    const getJson = async (p: string) => {
      const res = await fetch(`${base}${p}`, { headers: auth });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    let nightsExact = 0;
    let statsExact = 0;
    const completeNights = nights.filter((n) => !n.live);
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < nights.length; i += 8) {
          const n = nights[i]!;
          const { status, body: s } = await getJson(`/api/sessions/${encodeURIComponent(n.sessionId)}`);
          if (status !== 200) {
            differ(`${n.sessionId}: GET /api/sessions answered ${status}`);
            continue;
          }
          const startIso = new Date(n.night.startTime).toISOString();
          const problems: string[] = [];
          const same = (what: string, got: unknown, want: unknown) => {
            if (canonical(got) !== canonical(want)) problems.push(`${what} ${JSON.stringify(got)?.slice(0, 120)} != ${JSON.stringify(want)?.slice(0, 120)}`);
          };
          same("state", s.state, n.live ? "LIVE" : "COMPLETE");
          same("sleepStages", s.sleepStages, n.night.sleepStages);
          same("snoringStages", s.snoringStages, n.night.snoringStages);
          // A flat chunk's timestamp is the end of epoch seq_num: the estimated start is exact.
          if (!n.live || n.shape === "flat") same("startTime", s.startTime, startIso);
          if (problems.length === 0) nightsExact++;
          if (!n.live) {
            const before = problems.length;
            const end = new Date(n.night.startTime + n.night.sleepStages.length * 30_000).toISOString();
            same("endTime", s.endTime, end);
            same("timezone", s.timezone, n.timezone);
            same("stat", s.stat, JSON.parse(JSON.stringify(buildSessionStat(n.night, n.timezone))));
            const computed = computeSleepStatistics(n.night.sleepStages, n.night.startTime, n.night.snoringStages);
            same("computed", s.computed, JSON.parse(JSON.stringify(computed)));
            if (problems.length === before) statsExact++;
          }
          if (problems.length) differ(`${n.sessionId}: ${problems.join("; ")}`);
        }
      }),
    );

    // 3c. Each user's history lists their nights, with Asleep's numbers in the summary.
    let historiesExact = 0;
    const users = [...new Set(nights.map((n) => n.userId))];
    for (const userId of users) {
      const { status, body } = await getJson(`/api/users/${encodeURIComponent(userId)}/sessions?limit=100`);
      const list = (body.sessions ?? []) as Array<Record<string, unknown>>;
      const mine = nights.filter((n) => n.userId === userId);
      const ids = list.map((r) => r.id).sort();
      const want = mine.map((n) => n.sessionId).sort();
      const wrong = mine.filter((n) => {
        if (n.live) return false;
        const row = list.find((r) => r.id === n.sessionId);
        const stat = buildSessionStat(n.night, n.timezone);
        return !row || row.timeInBed !== stat.time_in_bed || row.totalSleepTime !== stat.time_in_sleep || row.wasoCount !== stat.waso_count;
      });
      if (status === 200 && JSON.stringify(ids) === JSON.stringify(want) && wrong.length === 0) historiesExact++;
      else differ(`${userId}: history ${status} lists ${ids.length} nights (expected ${want.length}); summary differs for ${wrong.map((n) => n.sessionId).join(", ") || "none"}`);
    }

    // 3d. The database: no duplicate or half-written rows.
    let counts: IntegrityCounts | null = null;
    if (databaseUrl) {
      const store = await openStore({ url: databaseUrl, poolMax: 2 });
      try {
        counts = await integrityCounts(store, `${tag}-`);
      } finally {
        await store.close();
      }
    }
    const lateChunks = valid.filter((d) => answers.get(d.key)?.some((a) => a.body.status === "ignored")).length;
    const chunkKeys = valid.filter((d) => d.event === "INFERENCE_COMPLETE").length;

    const rows: CheckRow[] = [
      { check: "requests sent", expected: total, got: sent },
      { check: "deliveries stored exactly once (answers)", expected: valid.length, got: exactlyOnce },
      { check: "malformed bodies answered 400", expected: work.filter((w) => w.kind === "malformed").length, got: malformedOk },
      { check: "wrong keys answered 401", expected: work.filter((w) => w.kind === "wrong-key").length, got: wrongKeyOk },
      { check: "5xx other than 503", expected: 0, got: serverErrors },
      { check: "503 (retried)", expected: 0, got: unavailable },
      { check: "requests without an answer (retried)", expected: 0, got: noAnswer },
      { check: "nights exact: hypnogram, snoring, start", expected: nights.length, got: nightsExact },
      { check: "complete nights exact: times, zone, stat, statistics", expected: completeNights.length, got: statsExact },
      { check: "user histories exact", expected: users.length, got: historiesExact },
    ];
    if (counts) {
      rows.push(
        { check: "db: duplicate delivery keys", expected: 0, got: counts.duplicateDeliveryKeys },
        { check: "db: duplicate chunks", expected: 0, got: counts.duplicateChunks },
        { check: "db: duplicate reports", expected: 0, got: counts.duplicateReports },
        { check: "db: chunks without their delivery row", expected: 0, got: counts.chunksWithoutDelivery },
        { check: "db: stored delivery rows", expected: valid.length, got: (counts.keyedDeliveries.accepted ?? 0) + (counts.keyedDeliveries.late ?? 0) },
        { check: "db: chunk rows", expected: chunkKeys - lateChunks, got: counts.chunks },
        { check: "db: report rows", expected: completeNights.length, got: counts.reports },
        { check: "db: session rows", expected: nights.length, got: counts.sessions },
      );
    }
    for (const r of rows) if (r.expected !== r.got) differ(`${r.check}: expected ${r.expected}, got ${r.got}`);
    return { rows, differences, deliveries: sent, nights: nights.length, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(progress);
    await server?.kill("SIGTERM");
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as a fixed-width table. */
export function formatReport(report: ChaosReport): string {
  const width = Math.max(...report.rows.map((r) => r.check.length));
  const lines = [`${"check".padEnd(width)}  ${"expected".padStart(9)}  ${"got".padStart(9)}  ok`];
  for (const r of report.rows) {
    lines.push(`${r.check.padEnd(width)}  ${String(r.expected).padStart(9)}  ${String(r.got).padStart(9)}  ${r.expected === r.got ? "yes" : "NO"}`);
  }
  lines.push(`${report.deliveries} requests, ${report.nights} nights, ${report.seconds.toFixed(1)} s`);
  return lines.join("\n");
}
