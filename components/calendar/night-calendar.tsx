import Link from "next/link";

import { EFFICIENCY_BANDS, formatCalendarMonth, shiftMonth, type EfficiencyBand, type MonthCalendar } from "@/lib/view/calendar";

/** Cell colours per sleep-efficiency band; `none` is hatched grey so it reads apart from a poor night. */
const BAND_CLASS: Record<EfficiencyBand, string> = {
  ge90: "bg-emerald-600 text-white dark:bg-emerald-500 dark:text-emerald-950",
  "85to90": "bg-emerald-200 text-emerald-950 dark:bg-emerald-800 dark:text-emerald-50",
  "75to85": "bg-amber-200 text-amber-950 dark:bg-amber-700 dark:text-amber-50",
  lt75: "bg-rose-500 text-white dark:bg-rose-500 dark:text-rose-950",
  none: "border border-dashed border-slate-400 bg-[repeating-linear-gradient(45deg,transparent_0_4px,rgb(148_163_184/0.35)_4px_6px)] text-slate-700 dark:border-slate-500 dark:text-slate-200",
};

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * A month of nights: each day with a night is a link to it, coloured by its
 * sleep efficiency; days without a night are empty. Previous / next month
 * links move by `?month=YYYY-MM`.
 */
export function NightCalendar({ calendar, basePath }: { calendar: MonthCalendar; basePath: string }) {
  const monthHref = (delta: number) => `${basePath}?month=${formatCalendarMonth(shiftMonth(calendar.month, delta))}#calendar`;
  const linkClass = "rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300";
  return (
    <div data-testid="night-calendar" className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-2 flex items-center justify-between gap-2">
        <Link href={monthHref(-1)} className={linkClass} rel="prev">
          ← <span className="sr-only sm:not-sr-only">Previous month</span>
        </Link>
        <h3 className="text-base font-semibold" data-testid="calendar-title" aria-live="polite">
          {calendar.title}
        </h3>
        <Link href={monthHref(1)} className={linkClass} rel="next">
          <span className="sr-only sm:not-sr-only">Next month</span> →
        </Link>
      </div>
      <table className="w-full table-fixed border-separate border-spacing-1 text-center text-sm tabular-nums">
        <caption className="sr-only">
          Nights of {calendar.title} by sleep efficiency; {calendar.nightCount} recorded
        </caption>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th key={d} scope="col" className="pb-1 text-xs font-medium text-slate-500 dark:text-slate-400">
                <abbr title={d} className="no-underline">
                  {d.slice(0, 2)}
                </abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calendar.weeks.map((week, w) => (
            <tr key={w}>
              {week.map((day, i) =>
                day === null ? (
                  <td key={i} aria-hidden="true" />
                ) : (
                  <td key={i} className="p-0" data-date={day.date} data-night-count={day.nights.length}>
                    {day.opens ? (
                      <Link
                        href={`/sessions/${encodeURIComponent(day.opens.sessionId)}`}
                        aria-label={day.label}
                        title={day.label}
                        data-band={day.opens.band}
                        className={`flex h-11 flex-col items-center justify-center rounded-md leading-tight hover:ring-2 hover:ring-indigo-400 sm:h-14 ${BAND_CLASS[day.opens.band]}`}
                      >
                        <span className="text-xs font-semibold sm:text-sm">{day.day}</span>
                        <span aria-hidden="true" className="hidden text-[11px] sm:block">
                          {day.opens.efficiency !== null ? `${Math.round(day.opens.efficiency)}%` : "—"}
                        </span>
                      </Link>
                    ) : (
                      <div className="flex h-11 items-center justify-center rounded-md text-xs text-slate-400 sm:h-14 dark:text-slate-500">
                        <span aria-hidden="true">{day.day}</span>
                        <span className="sr-only">{day.label}</span>
                      </div>
                    )}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ul aria-label="Sleep efficiency" className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
        {EFFICIENCY_BANDS.map((b) => (
          <li key={b.band} className="flex items-center gap-1">
            <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${BAND_CLASS[b.band]}`} />
            {b.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
