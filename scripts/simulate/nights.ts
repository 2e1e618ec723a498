/**
 * Which nights a run plays: the backfilled past nights and the live one, each
 * with its session id, its `stat` and the webhook bodies it is sent as.
 */
import { deriveSeed, mulberry32 } from "../../lib/simulator/seeded-random";
import { simulateNight, type SimulatedNight } from "../../lib/simulator/simulate-night";
import { timeZoneOffsetMinutes, zonedWallTimeToUtc } from "../../lib/sleep/time-zone";
import type { AsleepStat } from "../../lib/asleep/webhook-schema";
import {
  buildInferencePayloads,
  buildSessionCompletePayload,
  makeSessionId,
} from "../../lib/simulator/asleep-payloads";
import { buildSessionStat } from "../../lib/simulator/session-stat";
import type { Options } from "./args";

/** A night to send: its session id, its stages and its `stat` in the nights' time zone. */
export interface PlannedNight {
  sessionId: string;
  night: SimulatedNight;
  stat: AsleepStat;
}

/** FNV-1a (32-bit) of a string. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * One night (`hours` in bed from `startTime`, Unix ms) and its session id. The
 * stages depend on the seed only; the id also mixes in the user, so two users
 * replaying one seed get distinct sessions.
 */
export function planNight(seed: number, hours: number, startTime: number, opts: Options): PlannedNight {
  const night = simulateNight({ seed, hours, startTime });
  const sessionId = makeSessionId(startTime, deriveSeed(seed, hashString(opts.user)));
  return { sessionId, night, stat: buildSessionStat(night, opts.tz) };
}

/**
 * The `opts.backfill` most recent nights that have ended by `now` (Unix ms),
 * oldest first: one per previous day, starting 22:00-00:30 local.
 */
export function planBackfill(opts: Options, now: number): PlannedNight[] {
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

/**
 * The live night's start, Unix ms: `--start` (read in `--tz` when it has no
 * offset), else `now` rounded down to the second.
 */
export function liveStart(opts: Options, now: number): number {
  if (!opts.start) return Math.floor(now / 1000) * 1000;
  if (/(z|[+-]\d\d(:?\d\d)?)$/i.test(opts.start)) return Date.parse(opts.start);
  return zonedWallTimeToUtc(Date.parse(`${opts.start}Z`), opts.tz);
}

/** The bodies a night is sent as: its INFERENCE_COMPLETE `chunks` in frame order, then `done` (SESSION_COMPLETE). */
export function payloadsFor(p: PlannedNight, opts: Options) {
  const common = { userId: opts.user, sessionId: p.sessionId, shape: opts.shape };
  return {
    chunks: buildInferencePayloads(p.night, { ...common, overlap: opts.overlap }),
    done: buildSessionCompletePayload(p.night, { ...common, timezone: opts.tz }),
  };
}
