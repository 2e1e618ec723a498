/** What a run prints on stdout (and its failures on stderr) once it is over. */
import { EPOCH_SECONDS } from "../../lib/sleep/stages";
import { formatClockTime, formatNightTitle } from "../../lib/view/format";

import type { Options } from "./args";
import type { PlannedNight } from "./nights";
import type { Phase } from "./progress";
import type { Tally } from "./sender";

/** Seconds as whole hours and minutes, e.g. 26_100 -> "7h15". */
export function formatHoursMinutes(seconds: number): string {
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, "0")}`;
}

/**
 * "Night of Wed, 25 Nov 2026 23:40": the dashboard's night date rule
 * (lib/view/format.ts, NIGHT_DATE_RULE), so the CLI and the pages name a
 * night by the same date.
 */
export function describePlannedNight(startTime: number, endTime: number, tz: string): string {
  return `${formatNightTitle(startTime, tz, endTime)} ${formatClockTime(startTime, tz)}`;
}

function nightLine(p: PlannedNight, tz: string): string {
  const end = p.night.startTime + p.night.sleepStages.length * EPOCH_SECONDS * 1000;
  const when = describePlannedNight(p.night.startTime, end, tz);
  const s = p.stat;
  const se = s.sleep_efficiency == null ? "-" : `${(s.sleep_efficiency * 100).toFixed(1)}%`;
  return [
    `  ${when.padEnd(32)} ${p.sessionId}`,
    `in bed ${formatHoursMinutes(s.time_in_bed ?? 0)}`,
    `TST ${formatHoursMinutes(s.time_in_sleep ?? 0)}`,
    `SE ${se}`,
    `SOL ${Math.round((s.sleep_latency ?? 0) / 60)} min`,
    `awakenings ${s.waso_count ?? 0}`,
    `${s.sleep_cycle_count ?? 0} cycle${s.sleep_cycle_count === 1 ? "" : "s"}`,
  ].join("  ");
}

function phaseLine(name: string, phase: Phase, detail: string): string {
  const secs = ((Date.now() - phase.startedAt) / 1000).toFixed(1);
  return phase.sent < phase.total
    ? `${name}: ${detail}, stopped after ${phase.sent} of ${phase.total} deliveries (${secs} s)`
    : `${name}: ${detail}, ${phase.total} deliveries in ${secs} s`;
}

/** A finished (or stopped) run: what it played, how far each phase got, and how it ended. */
export interface RunReport {
  opts: Options;
  history: PlannedNight[];
  historyPhase: Phase;
  live: PlannedNight | null;
  livePhase: Phase;
  tally: Tally;
  /** Why the run stopped early ({@link FatalError}'s message), or null. */
  fatal: string | null;
  /** Whether Ctrl-C stopped the run. */
  interrupted: boolean;
}

/**
 * Prints the summary: on stdout one line per phase that started, with up to
 * the 10 latest nights, then the delivery counts and the seed to replay; on
 * stderr up to 20 failures and why the run stopped, if it did.
 */
export function printSummary({ opts, history, historyPhase, live, livePhase, tally, fatal, interrupted }: RunReport) {
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
}
