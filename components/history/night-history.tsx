import Link from "next/link";

import { LiveBadge } from "@/components/ui/live-badge";
import {
  formatClockTime,
  formatDuration,
  formatNightDate,
  formatNightSpan,
  formatPercent,
  MISSING,
  resolveTimeZone,
} from "@/lib/view/format";
import type { SleepSessionSummary } from "@/lib/store/read-model";
import { TableHead } from "@/components/ui/table-head";

export interface NightHistoryProps {
  userId: string;
  sessions: SleepSessionSummary[];
  nextCursor: string | null;
  /** True when showing an older page (offers a way back to the newest). */
  paged: boolean;
}

/** One page of a user's nights, newest first, each linking to its report. */
export function NightHistory({ userId, sessions, nextCursor, paged }: NightHistoryProps) {
  const base = `/users/${encodeURIComponent(userId)}`;
  return (
    <div>
      {sessions.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">No nights recorded yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm tabular-nums">
            <caption className="sr-only">Nights, newest first; times in each night&apos;s time zone</caption>
            <TableHead
              className="bg-slate-50 text-slate-500 dark:bg-slate-800/60 dark:text-slate-400"
              cell="px-3 py-2"
              columns={[
                { label: "Night" },
                { label: "In bed", className: "hidden sm:table-cell" },
                { label: "Asleep" },
                { label: "Efficiency", className: "text-right" },
                { label: "Onset latency", className: "hidden text-right md:table-cell" },
              ]}
            />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {sessions.map((s) => {
                const tz = resolveTimeZone(s.timezone);
                return (
                  <tr key={s.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
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
                          title="Analyses stopped and Asleep sent no report"
                        >
                          Incomplete
                        </span>
                      ) : null}
                    </th>
                    <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
                      {s.endTime
                        ? formatNightSpan(s.startTime, s.endTime, tz)
                        : `${formatClockTime(s.startTime, tz)}–${s.state === "LIVE" ? "now" : MISSING}`}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDuration(s.totalSleepTime)}</td>
                    <td className="px-3 py-2 text-right">{formatPercent(s.sleepEfficiency)}</td>
                    <td className="hidden px-3 py-2 text-right whitespace-nowrap md:table-cell">
                      {formatDuration(s.sleepOnsetLatency)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {paged || nextCursor ? (
        <nav aria-label="History pages" className="mt-3 flex flex-wrap justify-between gap-2 text-sm">
          {paged ? (
            <Link
              href={`${base}#history`}
              className="rounded-md px-2 py-1 font-medium text-indigo-700 hover:underline dark:text-indigo-300"
            >
              ← Newest nights
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link
              href={`${base}?cursor=${encodeURIComponent(nextCursor)}#history`}
              className="rounded-md px-2 py-1 font-medium text-indigo-700 hover:underline dark:text-indigo-300"
            >
              Older nights →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
