"use client";

import Link from "next/link";
import { useSyncExternalStore, type ReactNode } from "react";

import { HypnogramFigure } from "@/components/sleep/hypnogram-figure";
import { LiveBadge } from "@/components/ui/live-badge";
import { Panel } from "@/components/ui/section";
import { formatClockTime, formatDuration, formatPercent } from "@/lib/view/format";
import { selectCycleBands } from "@/lib/view/hypnogram-series";
import { countEpochs, type LiveNight } from "@/lib/view/live-nights";
import { liveAxisEnd } from "@/lib/view/time-axis";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";

import { ConnectionStatus } from "./connection-status";
import { useLiveNightsContext, type LiveNightsValue } from "./live-nights-provider";

const NOW_STEP_MS = 15_000;

function subscribeToClock(onChange: () => void): () => void {
  const id = setInterval(onChange, NOW_STEP_MS);
  return () => clearInterval(id);
}

/** Current time in 15-second steps in the browser; null while rendering on the server. */
function useNow(): number | null {
  return useSyncExternalStore(
    subscribeToClock,
    () => Math.floor(Date.now() / NOW_STEP_MS) * NOW_STEP_MS,
    () => null,
  );
}

export interface LiveSessionProps {
  /** Show only this night (the session page); all of the user's live nights otherwise. */
  sessionId?: string;
  /** Heading shown beside the connection state (the user page's "Tonight"). */
  title?: string;
  /** Shown instead of the empty message when no night is live (the user page's last-night headline). */
  whenIdle?: ReactNode;
}

/**
 * The live view: hypnograms that grow as chunks arrive, from the surrounding
 * LiveNightsProvider, with times in the user's zone (always labelled).
 */
export function LiveSession({ sessionId, title, whenIdle }: LiveSessionProps) {
  const live = useLiveNightsContext();
  if (!live) throw new Error("LiveSession needs a LiveNightsProvider");
  const nights = live.nights.filter((n) => !sessionId || n.sessionId === sessionId);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        {title ? <h2 className="text-lg font-semibold">{title}</h2> : <span />}
        <ConnectionStatus connection={live.connection} />
      </div>
      {nights.length === 0
        ? (whenIdle ?? (
            <Panel>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                {sessionId
                  ? "This night is no longer live; its report is on its way."
                  : "Nothing is being recorded right now. Tonight's hypnogram appears here a few minutes after you start recording."}
              </p>
            </Panel>
          ))
        : nights.map((n) => <LiveNightPanel key={n.sessionId} night={n} linkToReport={!sessionId} zone={live} />)}
    </div>
  );
}

/** "Europe/Paris, from your last report", "your browser's zone", "UTC". */
function zoneLabel(zone: Pick<LiveNightsValue, "timeZone" | "timeZoneSource">): string {
  if (zone.timeZoneSource === "report") return zone.timeZone;
  if (zone.timeZoneSource === "browser") return `${zone.timeZone}, this browser's zone`;
  return "UTC";
}

function LiveNightPanel({
  night,
  linkToReport,
  zone,
}: {
  night: LiveNight;
  linkToReport: boolean;
  zone: Pick<LiveNightsValue, "timeZone" | "timeZoneSource">;
}) {
  const now = useNow();
  const timeZone = zone.timeZone;
  const startMs = Date.parse(night.startTime);
  const { epochs, known } = countEpochs(night.sleepStages);
  const recorded = epochs * EPOCH_SECONDS;
  const elapsed = now === null ? recorded : Math.max(recorded, Math.round((now - startMs) / 1000));
  const s = night.statistics;
  const { bands } = selectCycleBands([], s.sleepCycles);
  const cards = [
    { key: "elapsed", label: "Elapsed", value: formatDuration(elapsed) },
    { key: "totalSleepTime", label: "Total sleep time so far", value: formatDuration(s.totalSleepTime) },
    { key: "sleepEfficiency", label: "Sleep efficiency so far", value: formatPercent(s.sleepEfficiency) },
  ];
  return (
    <Panel>
      <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
        <LiveBadge />
        <span className="text-sm text-slate-600 dark:text-slate-300">
          Started about{" "}
          <span data-testid="live-start">{formatClockTime(startMs, timeZone, { offsetIfAmbiguous: true })}</span>{" "}
          <span data-testid="live-zone">({zoneLabel(zone)})</span>
        </span>
        {linkToReport ? (
          <Link
            href={`/sessions/${encodeURIComponent(night.sessionId)}`}
            className="ml-auto text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          >
            Open this night
          </Link>
        ) : null}
      </div>
      <dl className="mb-4 grid grid-cols-3 gap-2 sm:gap-3">
        {cards.map((c) => (
          <div key={c.key} className="rounded-lg bg-slate-50 p-2 sm:p-3 dark:bg-slate-800/60">
            <dt className="text-[11px] font-medium text-slate-500 sm:text-xs dark:text-slate-400">{c.label}</dt>
            <dd data-live-stat={c.key} className="mt-0.5 text-base font-semibold tabular-nums sm:text-xl">
              {c.value}
            </dd>
          </div>
        ))}
      </dl>
      <div
        data-testid="live-hypnogram"
        data-session-id={night.sessionId}
        data-epoch-count={epochs}
        data-known-epochs={known}
        data-version={night.version}
      >
        {epochs > 0 ? (
          <HypnogramFigure
            sleepStages={night.sleepStages}
            snoringStages={night.snoringStages}
            startMs={startMs}
            timeZone={timeZone}
            cycles={bands}
            axisEndMs={liveAxisEnd(startMs, startMs + epochs * EPOCH_SECONDS * 1000, now)}
            note="The start time is an estimate until the night's report arrives."
          />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">Waiting for the first minutes of sleep data…</p>
        )}
      </div>
    </Panel>
  );
}
