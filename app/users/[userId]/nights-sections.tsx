/**
 * The user page's regularity, calendar and export sections: {@link loadNightsSections}
 * reads their data inside the page (so a database outage still renders the
 * page's notice), {@link RegularitySection} and {@link CalendarSection} show it.
 */
import { NightCalendar } from "@/components/calendar/night-calendar";
import { ExportForm } from "@/components/history/export-form";
import { RegularityPanel } from "@/components/history/regularity-panel";
import { Section } from "@/components/ui/section";
import { startWindow } from "@/lib/export/export-range";
import type { RegularitySummary } from "@/lib/sleep/regularity";
import type { Store } from "@/lib/store/client";
import { getLatestNight, listNightsStartingBetween, listRecentNightStages } from "@/lib/store/queries";
import {
  buildMonthCalendar,
  monthDates,
  monthOfNight,
  parseCalendarMonth,
  type MonthCalendar,
} from "@/lib/view/calendar";
import { DEFAULT_REGULARITY_NIGHTS, regularityOf } from "@/lib/view/regularity";

export interface NightsSectionsData {
  calendar: MonthCalendar;
  regularity: RegularitySummary;
  /** The export form's default range: the calendar's month. */
  exportRange: { from: string; to: string };
}

/**
 * Loads the calendar month (`month=YYYY-MM`, else the month of the newest
 * night, else this month) and regularity over the last
 * {@link DEFAULT_REGULARITY_NIGHTS} nights.
 */
export async function loadNightsSections(
  store: Store,
  userId: string,
  monthParam: string | string[] | undefined,
  fallbackTimeZone: string | null,
): Promise<NightsSectionsData> {
  const [latest, stages] = await Promise.all([
    getLatestNight(store, userId),
    listRecentNightStages(store, userId, DEFAULT_REGULARITY_NIGHTS * 2),
  ]);
  const now = new Date();
  const month =
    parseCalendarMonth(typeof monthParam === "string" ? monthParam : null) ??
    (latest ? monthOfNight(latest) : { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 });
  const range = monthDates(month);
  const window = startWindow(range);
  const rows = await listNightsStartingBetween(store, userId, window.from, window.to);
  return {
    calendar: buildMonthCalendar(rows, month, fallbackTimeZone),
    regularity: regularityOf(stages, DEFAULT_REGULARITY_NIGHTS),
    exportRange: range,
  };
}

/** "Regularity": the SRI in words, the clock-time spreads and social jet lag. */
export function RegularitySection({ data }: { data: NightsSectionsData }) {
  return (
    <Section title="Regularity" id="regularity">
      <RegularityPanel summary={data.regularity} />
    </Section>
  );
}

/** "Calendar": a month of nights by sleep efficiency, and the nights export form. */
export function CalendarSection({ data, userId }: { data: NightsSectionsData; userId: string }) {
  return (
    <Section title="Calendar" id="calendar">
      <NightCalendar calendar={data.calendar} basePath={`/users/${encodeURIComponent(userId)}`} />
      <div className="mt-4">
        <h3 className="mb-2 text-sm font-semibold">Download nights</h3>
        <ExportForm userId={userId} from={data.exportRange.from} to={data.exportRange.to} />
      </div>
    </Section>
  );
}
