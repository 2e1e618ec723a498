import Link from "next/link";

import { LiveBadge } from "@/components/ui/live-badge";
import { TableHead } from "@/components/ui/table-head";
import type { UserOverview, UserSort } from "@/lib/store/read-model";
import { formatDuration, formatNightDate, formatPercent, resolveTimeZone } from "@/lib/view/format";
import { ariaSort, formatLastSeen, sortHref, type OverviewParams } from "@/lib/view/user-overview";

const SORT_LABELS: Record<UserSort, string> = { lastSeen: "Last seen", name: "Name", efficiency: "Efficiency" };

/** A column header that sorts the overview: a link (`sort=`), with an arrow on the sorted column. */
function SortLink({ params, sort, label }: { params: OverviewParams; sort: UserSort; label: string }) {
  const state = ariaSort(params, sort);
  return (
    <Link
      href={sortHref(params, sort)}
      data-sort={sort}
      aria-current={state === "none" ? undefined : "true"}
      className={`inline-flex items-center gap-1 rounded hover:text-slate-900 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:hover:text-slate-100 ${
        state === "none" ? "" : "font-semibold text-slate-800 dark:text-slate-100"
      }`}
    >
      {label}
      {state === "none" ? null : <span aria-hidden="true">{state === "ascending" ? "▲" : "▼"}</span>}
    </Link>
  );
}

function lastNightDate(u: UserOverview): string {
  const last = u.lastNight;
  return last ? formatNightDate(last.startTime, resolveTimeZone(last.timezone), last.endTime) : "No completed night";
}

/**
 * The operator's list of users: name and id, live flag, last seen, number of
 * nights, and last night's date, total sleep time and sleep efficiency. Column
 * headers sort (links, `aria-sort`); below 640 px the last-seen, nights and
 * date columns fold into the user's cell.
 */
export function UserTable({ users, params, now }: { users: UserOverview[]; params: OverviewParams; now: Date }) {
  if (users.length === 0) {
    return params.q ? (
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="no-match">
        No user&apos;s id or name contains &ldquo;{params.q}&rdquo;.
      </p>
    ) : (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        No users yet. They appear when Asleep sends their first webhook to <code>/asleep-webhook</code>.
      </p>
    );
  }
  return (
    <>
      <nav
        aria-label="Sort users"
        className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-500 sm:hidden dark:text-slate-400"
      >
        <span>Sort:</span>
        {(Object.keys(SORT_LABELS) as UserSort[]).map((s) => (
          <SortLink key={s} params={params} sort={s} label={SORT_LABELS[s]} />
        ))}
      </nav>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm tabular-nums" data-testid="user-table">
          <caption className="sr-only">Users, sorted by {SORT_LABELS[params.sort].toLowerCase()}</caption>
          <TableHead
            className="bg-slate-50 text-slate-500 dark:bg-slate-800/60 dark:text-slate-400"
            cell="px-3 py-2"
            columns={[
              { label: <SortLink params={params} sort="name" label="User" />, ariaSort: ariaSort(params, "name") },
              {
                label: <SortLink params={params} sort="lastSeen" label="Last seen" />,
                ariaSort: ariaSort(params, "lastSeen"),
                className: "hidden sm:table-cell",
              },
              { label: "Nights", className: "hidden text-right md:table-cell" },
              { label: "Last night", className: "hidden sm:table-cell" },
              { label: "Asleep" },
              {
                label: <SortLink params={params} sort="efficiency" label="Efficiency" />,
                ariaSort: ariaSort(params, "efficiency"),
                className: "text-right",
              },
            ]}
          />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {users.map((u) => {
              const last = u.lastNight;
              return (
                <tr
                  key={u.userId}
                  data-user-id={u.userId}
                  className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/40"
                >
                  <th scope="row" className="max-w-[13rem] px-3 py-2 font-normal sm:max-w-none">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link
                        href={`/users/${encodeURIComponent(u.userId)}`}
                        className="font-medium break-all text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {u.displayName ?? u.userId}
                      </Link>
                      {u.liveSessionId ? <LiveBadge /> : null}
                    </div>
                    {u.displayName ? (
                      <div className="text-xs break-all text-slate-500 dark:text-slate-400" data-cell="userId">
                        {u.userId}
                      </div>
                    ) : null}
                    <div className="mt-0.5 text-xs text-slate-500 sm:hidden dark:text-slate-400">
                      <div>{lastNightDate(u)}</div>
                      <div>
                        Seen <time dateTime={u.lastSeenAt}>{formatLastSeen(u.lastSeenAt, now)}</time> · {u.nights}{" "}
                        {u.nights === 1 ? "night" : "nights"}
                      </div>
                    </div>
                  </th>
                  <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell" data-cell="lastSeen">
                    <time dateTime={u.lastSeenAt}>{formatLastSeen(u.lastSeenAt, now)}</time>
                  </td>
                  <td className="hidden px-3 py-2 text-right md:table-cell" data-cell="nights">
                    {u.nights}
                  </td>
                  <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">{lastNightDate(u)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDuration(last?.totalSleepTime)}</td>
                  <td className="px-3 py-2 text-right" data-cell="efficiency">
                    {formatPercent(last?.sleepEfficiency)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
