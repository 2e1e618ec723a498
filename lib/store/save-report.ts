/**
 * Writes one SESSION_COMPLETE inside the caller's transaction: the full-night
 * arrays replace the live assembly, the session becomes COMPLETE, and the
 * report stores Asleep's stat as given (efficiency normalised to percent).
 */
import type { Prisma } from "./generated/prisma/client";
import type { SessionCompleteEvent } from "../asleep/webhook-schema";
import { encodeStages } from "./stage-codec";
import { computeSleepStatistics, type SleepStatistics } from "../sleep/statistics";
import { normaliseSleepEfficiency, summariseNight, type NightSummary } from "../sleep/summary";

type Tx = Prisma.TransactionClient;

/** Creates the user or moves its last-seen time. */
async function touchUser(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.user.upsert({
    where: { id: userId },
    create: { id: userId, firstSeenAt: at, lastSeenAt: at },
    update: { lastSeenAt: at },
  });
}

export interface SavedReport {
  statistics: SleepStatistics;
  summary: NightSummary;
  sleepCycleCount: number;
}

/**
 * Stores the report; creates the session if it was never seen live. The caller
 * (lib/sleep/save-deliveries.ts) has checked the dedupe key and that the
 * session belongs to `ev.userId`. Throws Prisma's P2002 if a report for this
 * session already exists.
 */
export async function saveSessionReport(tx: Tx, ev: SessionCompleteEvent, receivedAt: Date): Promise<SavedReport> {
  const startTime = new Date(ev.startTime);
  const snoring = ev.snoringStages ?? new Array<number>(ev.sleepStages.length).fill(-1);
  const statistics = computeSleepStatistics(ev.sleepStages, startTime.getTime(), ev.snoringStages);
  const s = ev.stat;
  const summary = summariseNight(statistics, s);
  const efficiency = normaliseSleepEfficiency(s.sleep_efficiency);
  const endTime = ev.endTime ?? ev.unexpectedEndTime;
  const session = {
    state: "COMPLETE",
    startTime,
    startTimeEstimated: false,
    endTime: endTime ? new Date(endTime) : null,
    timezone: ev.timezone,
    sleepStages: encodeStages(ev.sleepStages),
    snoringStages: encodeStages(snoring),
    epochOwner: new Uint8Array(0),
    ...summary,
  };

  await touchUser(tx, ev.userId, receivedAt);
  await tx.sleepSession.upsert({
    where: { id: ev.sessionId },
    create: { id: ev.sessionId, userId: ev.userId, ...session },
    update: session,
  });
  await tx.sleepReport.create({
    data: {
      sessionId: ev.sessionId,
      sleepTime: s.sleep_time ?? null,
      wakeTime: s.wake_time ?? null,
      sleepLatency: s.sleep_latency ?? null,
      wakeupLatency: s.wakeup_latency ?? null,
      timeInBed: s.time_in_bed ?? null,
      timeInSleepPeriod: s.time_in_sleep_period ?? null,
      timeInSleep: s.time_in_sleep ?? null,
      timeInWake: s.time_in_wake ?? null,
      timeInLight: s.time_in_light ?? null,
      timeInDeep: s.time_in_deep ?? null,
      timeInRem: s.time_in_rem ?? null,
      timeInSnoring: s.time_in_snoring ?? null,
      timeInNoSnoring: s.time_in_no_snoring ?? null,
      longestWaso: s.longest_waso ?? null,
      sleepEfficiency: efficiency?.percent ?? null,
      sleepEfficiencyUnit: efficiency?.unit ?? null,
      wasoCount: s.waso_count ?? null,
      sleepCycleCount: s.sleep_cycle_count ?? null,
      snoringCount: s.snoring_count ?? null,
      sleepIndex: s.sleep_index ?? null,
      missingDataRatio: ev.missingDataRatio,
      statJson: JSON.stringify(s),
      peculiarities: JSON.stringify(ev.peculiarities),
      sleepCycles: JSON.stringify(s.sleep_cycle ?? []),
      receivedAt,
    },
  });
  return {
    statistics,
    summary,
    sleepCycleCount: s.sleep_cycle_count ?? s.sleep_cycle?.length ?? statistics.sleepCycles.length,
  };
}
