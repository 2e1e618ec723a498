import Link from "next/link";

import { LiveHistoryRow } from "@/components/live/live-history-row";
import { resolveTimeZone } from "@/lib/view/format";
import type { SleepSessionSummary } from "@/lib/store/read-model";
import { TableHead } from "@/components/ui/table-head";

import { HistoryRow } from "./history-row";

export interface NightHistoryProps {
  userId: string;
  sessions: SleepSessionSummary[];
  nextCursor: string | null;
  /** True when showing an older page (offers a way back to the newest). */
  paged: boolean;
  /** Inside a LiveNightsProvider: the live night's row follows the live view. */
  live?: boolean;
  /** Zone for nights that have none yet (the user's latest report's zone). */
  fallbackTimeZone?: string | null;
}

/** One page of a user's nights, newest first, each linking to its report. */
export function NightHistory({
  userId,
  sessions,
  nextCursor,
  paged,
  live = false,
  fallbackTimeZone = null,
}: NightHistoryProps) {
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
              {sessions.map((s) =>
                s.state === "LIVE" && live ? (
                  <LiveHistoryRow key={s.id} summary={s} />
                ) : (
                  <HistoryRow key={s.id} summary={s} timeZone={resolveTimeZone(s.timezone ?? fallbackTimeZone)} />
                ),
              )}
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
