/**
 * The month calendar on a user's page: one cell per day of a month, weeks
 * from Monday, each day with the nights dated on it (lib/view/format.ts
 * nightDateKey, in each night's own zone) and a sleep-efficiency band. Pure,
 * isomorphic.
 */
import type { NightRangeRow } from "../store/read-model";

import { formatPercent, nightDateKey, resolveTimeZone } from "./format";
import { NIGHT_DATA_PROBLEM_TEXT } from "./night-data";
import { trendExclusion } from "./trends";

/** Sleep-efficiency bands, best first; `none` is a night without measurable sleep. */
export type EfficiencyBand = "ge90" | "85to90" | "75to85" | "lt75" | "none";

/** The legend, in display order: band, words. */
export const EFFICIENCY_BANDS: ReadonlyArray<{ band: EfficiencyBand; label: string }> = [
  { band: "ge90", label: "90 % or more" },
  { band: "85to90", label: "85–90 %" },
  { band: "75to85", label: "75–85 %" },
  { band: "lt75", label: "under 75 %" },
  { band: "none", label: "no measurable sleep" },
];

/** The band of a sleep efficiency (percent): >= 90, [85, 90), [75, 85), < 75; `none` when null. */
export function efficiencyBand(percent: number | null): EfficiencyBand {
  if (percent === null) return "none";
  if (percent >= 90) return "ge90";
  if (percent >= 85) return "85to90";
  if (percent >= 75) return "75to85";
  return "lt75";
}

/** A `YYYY-MM` month. */
export interface CalendarMonth {
  year: number;
  /** 1-12. */
  month: number;
}

/** Reads `YYYY-MM` (2000-2100); null for anything else. */
export function parseCalendarMonth(text: string | null | undefined): CalendarMonth | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text ?? "");
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 ? { year, month } : null;
}

/** `YYYY-MM`. */
export function formatCalendarMonth({ year, month }: CalendarMonth): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The month `delta` months away. */
export function shiftMonth({ year, month }: CalendarMonth, delta: number): CalendarMonth {
  const i = year * 12 + (month - 1) + delta;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** The month a night is dated in (its night date, in its zone). */
export function monthOfNight(night: { startTime: string; endTime: string | null; timezone: string | null }): CalendarMonth {
  const d = new Date(nightDateKey(night.startTime, resolveTimeZone(night.timezone), night.endTime));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** The first and last dates of a month, `YYYY-MM-DD`. */
export function monthDates(m: CalendarMonth): { from: string; to: string } {
  const last = new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
  const p = formatCalendarMonth(m);
  return { from: `${p}-01`, to: `${p}-${String(last).padStart(2, "0")}` };
}

/** One night in a calendar cell. */
export interface CalendarNight {
  sessionId: string;
  /** Percent, null without measurable sleep. */
  efficiency: number | null;
  band: EfficiencyBand;
}

/** One day of the month. */
export interface CalendarDay {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Day of the month, 1-31. */
  day: number;
  /** Nights dated on this day, oldest first; empty for a day without a night. */
  nights: CalendarNight[];
  /** What a screen reader says: "15 Jan: 92.0% efficiency", "3 Jan: no night recorded". */
  label: string;
  /** The night a click opens: the longest in bed of the day's nights; null without one. */
  opens: CalendarNight | null;
}

/** A month's weeks, Monday first; null pads the days of other months. */
export interface MonthCalendar {
  month: CalendarMonth;
  /** "January 2026". */
  title: string;
  weeks: Array<Array<CalendarDay | null>>;
  /** Nights shown (dated in this month). */
  nightCount: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Lays out a month: the nights among `rows` dated in it go to their date's
 * cell (rows of other dates are ignored, so the caller may over-fetch).
 * @param fallbackTimeZone zone for nights that have none
 */
export function buildMonthCalendar(rows: readonly NightRangeRow[], month: CalendarMonth, fallbackTimeZone: string | null = null): MonthCalendar {
  const byDate = new Map<string, Array<{ night: CalendarNight; timeInBed: number }>>();
  let nightCount = 0;
  const { from, to } = monthDates(month);
  for (const r of [...rows].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime))) {
    const key = nightDateKey(r.startTime, resolveTimeZone(r.timezone ?? fallbackTimeZone), r.endTime);
    if (!Number.isFinite(key)) continue;
    const date = new Date(key).toISOString().slice(0, 10);
    if (date < from || date > to) continue;
    const efficiency = trendExclusion(r) ? null : r.sleepEfficiency;
    const list = byDate.get(date) ?? [];
    list.push({ night: { sessionId: r.id, efficiency, band: efficiencyBand(efficiency) }, timeInBed: r.timeInBed ?? 0 });
    byDate.set(date, list);
    nightCount++;
  }
  const reasonOf = new Map(rows.map((r) => [r.id, trendExclusion(r)]));
  const days = Number(to.slice(8));
  const lead = (new Date(Date.UTC(month.year, month.month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: Array<CalendarDay | null> = Array<CalendarDay | null>(lead).fill(null);
  for (let day = 1; day <= days; day++) {
    const date = `${formatCalendarMonth(month)}-${String(day).padStart(2, "0")}`;
    const entries = byDate.get(date) ?? [];
    const opens = entries.reduce<(typeof entries)[number] | null>((best, e) => (!best || e.timeInBed > best.timeInBed ? e : best), null);
    const name = `${day} ${MONTHS[month.month - 1]}`;
    let label = `${name}: no night recorded`;
    if (opens) {
      const problem = reasonOf.get(opens.night.sessionId);
      label =
        opens.night.efficiency !== null
          ? `${name}: ${formatPercent(opens.night.efficiency)} efficiency`
          : `${name}: no measurable sleep${problem ? ` (${NIGHT_DATA_PROBLEM_TEXT[problem]})` : ""}`;
      if (entries.length > 1) label += `, ${entries.length} recordings`;
    }
    cells.push({ date, day, nights: entries.map((e) => e.night), label, opens: opens?.night ?? null });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: MonthCalendar["weeks"] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return { month, title: `${MONTH_NAMES[month.month - 1]} ${month.year}`, weeks, nightCount };
}
