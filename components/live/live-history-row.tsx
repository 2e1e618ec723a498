"use client";

import { HistoryRow } from "@/components/history/history-row";
import type { SleepSessionSummary } from "@/lib/store/read-model";

import { useLiveNightsContext } from "./live-nights-provider";

/**
 * The history row of a live night, kept in step with the live view: the same
 * zone, and total sleep time, efficiency and onset latency "so far" from the
 * same socket state as the live card. Falls back to the server's row once
 * the night is no longer live here.
 */
export function LiveHistoryRow({ summary }: { summary: SleepSessionSummary }) {
  const live = useLiveNightsContext();
  const night = live?.nights.find((n) => n.sessionId === summary.id);
  const timeZone = live?.timeZone ?? "UTC";
  if (!night) return <HistoryRow summary={summary} timeZone={timeZone} />;
  const s = night.statistics;
  return (
    <HistoryRow
      summary={{
        ...summary,
        startTime: night.startTime,
        totalSleepTime: s.totalSleepTime,
        sleepEfficiency: s.sleepEfficiency,
        sleepOnsetLatency: s.sleepOnsetLatency,
        timeInBed: s.timeInBed,
      }}
      timeZone={timeZone}
    />
  );
}
