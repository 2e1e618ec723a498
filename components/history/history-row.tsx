import Link from "next/link";

import { LiveBadge } from "@/components/ui/live-badge";
import {
  formatClockTime,
  formatDuration,
  formatNightDate,
  formatNightSpan,
  formatPercent,
  MISSING,
} from "@/lib/view/format";
import type { SleepSessionSummary } from "@/lib/store/read-model";
import { findNightDataProblem, NIGHT_DATA_PROBLEM_TEXT } from "@/lib/view/night-data";

/**
 * One night of the history table, in `timeZone` (already resolved); a live
 * night's span ends "now". A completed night without measurable sleep reads
 * "—" with its reason instead of zeros.
 */
export function HistoryRow({ summary: s, timeZone: tz }: { summary: SleepSessionSummary; timeZone: string }) {
  const problem = s.state === "COMPLETE" ? findNightDataProblem(s) : null;
  const dash = <T,>(v: T): T | null => (problem ? null : v);
  return (
    <tr data-session-id={s.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
      <th scope="row" className="px-3 py-2 font-normal">
        <Link
          href={`/sessions/${encodeURIComponent(s.id)}`}
          className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {formatNightDate(s.startTime, tz, s.endTime)}
        </Link>
        {s.state === "LIVE" ? (
          <span className="ml-2 align-middle">
            <LiveBadge />
          </span>
        ) : s.state === "INCOMPLETE" ? (
          <span
            className="ml-2 rounded-full bg-slate-200 px-2 py-0.5 align-middle text-xs font-medium text-slate-700 dark:bg-slate-700 dark:text-slate-200"
            title="Analyses stopped and no report arrived"
          >
            Incomplete
          </span>
        ) : null}
        {problem ? (
          <span data-cell="reason" className="block text-xs text-slate-500 dark:text-slate-400">
            {NIGHT_DATA_PROBLEM_TEXT[problem]}
          </span>
        ) : null}
      </th>
      <td data-cell="span" className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
        {s.endTime
          ? formatNightSpan(s.startTime, s.endTime, tz)
          : `${formatClockTime(s.startTime, tz)}–${s.state === "LIVE" ? "now" : MISSING}`}
      </td>
      <td data-cell="totalSleepTime" className="px-3 py-2 whitespace-nowrap">
        {formatDuration(dash(s.totalSleepTime))}
      </td>
      <td data-cell="sleepEfficiency" className="px-3 py-2 text-right">
        {formatPercent(dash(s.sleepEfficiency))}
      </td>
      <td className="hidden px-3 py-2 text-right whitespace-nowrap md:table-cell">
        {formatDuration(dash(s.sleepOnsetLatency))}
      </td>
    </tr>
  );
}
