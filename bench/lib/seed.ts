/**
 * Fast history seeding: COMPLETE nights written straight into the SQLite file
 * with better-sqlite3 (the columns of prisma/schema.prisma, as Prisma's SQLite
 * adapter stores them: DateTime as ISO text "...+00:00", stages one byte per
 * epoch = value + 1, booleans 0/1), one transaction per call. Each night gets
 * its SleepReport too, so the night page has everything it shows.
 */
import Database from "better-sqlite3";

import { nightStages, snoringAt } from "./payloads";

/** Epochs in a seeded night (8 hours of 30-second epochs). */
export const SEED_EPOCHS = 960;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

export interface SeedPlan {
  /** Users to create (or extend): each gets nights `fromNight` .. `nights - 1`. */
  userIds: readonly string[];
  nights: number;
  /** First night index to write (default 0): lets a later call extend earlier nights. */
  fromNight?: number;
  /** Session id prefix; night n of user u is `${prefix}-${u}-${n}`. */
  prefix: string;
  /** Start of the newest night, ms since epoch; older nights one day apart. Default: last night 22:00 UTC. */
  newestStartMs?: number;
}

/** Writes the plan; returns the number of nights written and the ms it took. */
export function seedNights(file: string, plan: SeedPlan): { nights: number; ms: number } {
  const t0 = performance.now();
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 10000");
    const now = iso(Date.now());
    const newest = plan.newestStartMs ?? Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 3_600_000;
    const user = db.prepare(
      `INSERT INTO "User" (id, firstSeenAt, lastSeenAt) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET lastSeenAt = excluded.lastSeenAt`,
    );
    const session = db.prepare(
      `INSERT INTO "SleepSession" (id, userId, state, startTime, startTimeEstimated, endTime, timezone, sleepStages,
         snoringStages, epochOwner, lastInferenceSeq, chunkCount, timeInBed, totalSleepTime, sleepEfficiency,
         sleepOnsetLatency, wasoCount, createdAt, updatedAt)
       VALUES (?, ?, 'COMPLETE', ?, 0, ?, 'UTC', ?, ?, ?, NULL, 0, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const report = db.prepare(
      `INSERT INTO "SleepReport" (sessionId, sleepTime, wakeTime, sleepLatency, timeInBed, timeInSleep, timeInWake,
         sleepEfficiency, sleepEfficiencyUnit, wasoCount, sleepCycleCount, missingDataRatio, statJson, peculiarities,
         sleepCycles, receivedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'fraction', ?, ?, 0, ?, '[]', '[]', ?)`,
    );
    // Stage blobs depend only on the seed, so a handful of variants are reused.
    const variants = Array.from({ length: 7 }, (_, v) => {
      const stages = nightStages(SEED_EPOCHS, v * 7919);
      const sleep = Buffer.from(stages.map((s) => s + 1));
      const snoring = Buffer.from(stages.map((s, e) => snoringAt(s, e) + 1));
      const firstSleep = stages.findIndex((s) => s > 0);
      const asleep = stages.filter((s) => s > 0).length;
      const wasoCount = stages.filter((s, e) => e > firstSleep && s === 0 && (stages[e - 1] ?? 0) > 0).length;
      return { sleep, snoring, tst: asleep * 30, sol: Math.max(0, firstSleep) * 30, wasoCount };
    });
    const empty = Buffer.alloc(0);
    const tib = SEED_EPOCHS * 30;
    const write = db.transaction(() => {
      let count = 0;
      for (const u of plan.userIds) {
        user.run(u, now, now);
        for (let n = plan.fromNight ?? 0; n < plan.nights; n++) {
          const v = variants[n % variants.length]!;
          const start = newest - n * 86_400_000;
          const id = `${plan.prefix}-${u}-${n}`;
          const se = Math.round((v.tst / tib) * 10000) / 100;
          session.run(
            id,
            u,
            iso(start),
            iso(start + tib * 1000),
            v.sleep,
            v.snoring,
            empty,
            tib,
            v.tst,
            se,
            v.sol,
            v.wasoCount,
            now,
            now,
          );
          const stat = {
            time_in_bed: tib,
            time_in_sleep: v.tst,
            sleep_latency: v.sol,
            sleep_efficiency: se / 100,
            waso_count: v.wasoCount,
          };
          report.run(
            id,
            iso(start + v.sol * 1000),
            iso(start + tib * 1000 - 600_000),
            v.sol,
            tib,
            v.tst,
            tib - v.tst,
            se,
            v.wasoCount,
            5,
            JSON.stringify(stat),
            now,
          );
          count++;
        }
      }
      return count;
    });
    const nights = write();
    return { nights, ms: Math.round(performance.now() - t0) };
  } finally {
    db.close();
  }
}
