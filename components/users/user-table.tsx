import Link from "next/link";

import { LiveBadge } from "@/components/ui/live-badge";
import { formatDuration, formatNightDate, formatPercent, resolveTimeZone } from "@/lib/view/format";
import type { UserOverview } from "@/lib/store/read-model";
import { TableHead } from "@/components/ui/table-head";

/** The operator's list of users: live flag and last night's total sleep time and efficiency. */
export function UserTable({ users }: { users: UserOverview[] }) {
  if (users.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        No users yet. They appear when Asleep sends their first webhook to <code>/asleep-webhook</code>.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm tabular-nums">
        <caption className="sr-only">Users, most recently seen first</caption>
        <TableHead
          className="bg-slate-50 text-slate-500 dark:bg-slate-800/60 dark:text-slate-400"
          cell="px-3 py-2"
          columns={[
            { label: "User" },
            { label: "Last night", className: "hidden sm:table-cell" },
            { label: "Asleep" },
            { label: "Efficiency", className: "text-right" },
          ]}
        />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {users.map((u) => {
            const last = u.lastNight;
            return (
              <tr key={u.userId} data-user-id={u.userId} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <th scope="row" className="max-w-[12rem] px-3 py-2 font-normal sm:max-w-none">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/users/${encodeURIComponent(u.userId)}`}
                      className="font-medium break-all text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {u.userId}
                    </Link>
                    {u.liveSessionId ? <LiveBadge /> : null}
                  </div>
                </th>
                <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
                  {last ? formatNightDate(last.startTime, resolveTimeZone(last.timezone), last.endTime) : "No completed night"}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDuration(last?.totalSleepTime)}</td>
                <td className="px-3 py-2 text-right">{formatPercent(last?.sleepEfficiency)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
