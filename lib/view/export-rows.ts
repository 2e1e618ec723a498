/**
 * What the exports write per night and per epoch (GET /api/users/:id/nights.csv
 * and .json, GET /api/sessions/:id/epochs.csv). Pure, isomorphic.
 *
 * Each statistic is what the report shows (lib/view/report-stats.ts): Asleep's
 * `stat` where it has a value (`<name>_source` = `asleep`), else the figure
 * computed from the hypnogram (`computed`), empty when neither; a night
 * without measurable sleep (lib/view/night-data.ts) has only time in bed, and
 * measures of the sleep period are empty without sleep onset. Names are the
 * JSON API's (`computed` in GET /api/sessions/:id); durations in seconds,
 * sleep efficiency in percent, counts as counts, clock times as ISO 8601 with
 * the night's UTC offset (Asleep's "HH:MM:SS" kept as sent).
 */
import type { AsleepStat } from "../asleep/webhook-schema";
import { STAGE_LABELS, type StageCode } from "../sleep/stages";
import { formatIsoInTimeZone } from "../sleep/time-zone";
import type { SleepSessionView } from "../store/read-model";

import { csvRow, type CsvValue } from "./csv";
import { nightDateKey, resolveTimeZone } from "./format";
import { nightProblem } from "./report-stats";

type Source = "asleep" | "computed";

/** One exported statistic: how to read it from Asleep's stat and from the computed statistics. */
interface ExportMeasure {
  name: string;
  asleep: (stat: AsleepStat, view: SleepSessionView) => number | string | null | undefined;
  computed: (view: SleepSessionView) => number | string | null;
  /** Needs a sleep period (empty without sleep onset). */
  period?: boolean;
  /** Read even for a night without measurable sleep (time in bed). */
  always?: boolean;
  /** A clock time (ISO 8601 instant). */
  clock?: boolean;
}

/** The statistics in column order. */
export const EXPORT_MEASURES: readonly ExportMeasure[] = [
  { name: "timeInBed", asleep: (s) => s.time_in_bed, computed: (v) => v.computed.timeInBed, always: true },
  { name: "totalSleepTime", asleep: (s) => s.time_in_sleep, computed: (v) => v.computed.totalSleepTime },
  { name: "sleepEfficiency", asleep: (_, v) => v.sleepEfficiencyPercent, computed: (v) => v.computed.sleepEfficiency },
  { name: "sleepOnsetLatency", asleep: (s) => s.sleep_latency, computed: (v) => v.computed.sleepOnsetLatency },
  { name: "sleepOnset", asleep: (s) => s.sleep_time, computed: (v) => v.computed.sleepOnset, clock: true },
  { name: "finalAwakening", asleep: (s) => s.wake_time, computed: (v) => v.computed.finalAwakening, clock: true },
  { name: "wakeupLatency", asleep: (s) => s.wakeup_latency, computed: (v) => v.computed.wakeupLatency },
  { name: "timeInSleepPeriod", asleep: (s) => s.time_in_sleep_period, computed: (v) => v.computed.timeInSleepPeriod },
  { name: "timeInWake", asleep: (s) => s.time_in_wake, computed: (v) => v.computed.timeInWake, period: true },
  { name: "wasoCount", asleep: (s) => s.waso_count, computed: (v) => v.computed.wasoCount, period: true },
  { name: "longestWaso", asleep: (s) => s.longest_waso, computed: (v) => v.computed.longestWaso, period: true },
  { name: "timeInLight", asleep: (s) => s.time_in_light, computed: (v) => v.computed.timeInLight },
  { name: "timeInDeep", asleep: (s) => s.time_in_deep, computed: (v) => v.computed.timeInDeep },
  { name: "timeInRem", asleep: (s) => s.time_in_rem, computed: (v) => v.computed.timeInRem },
  { name: "remLatency", asleep: (s) => s.rem_latency, computed: (v) => v.computed.remLatency },
  {
    name: "sleepCycleCount",
    asleep: (s) => s.sleep_cycle_count,
    computed: (v) => (v.sleepCycles.length > 0 ? v.sleepCycles.length : v.computed.sleepCycles.length),
    period: true,
  },
  { name: "timeInSnoring", asleep: (s) => s.time_in_snoring, computed: (v) => v.computed.timeInSnoring },
  { name: "snoringCount", asleep: (s) => s.snoring_count, computed: (v) => v.computed.snoringCount },
  { name: "sleepIndex", asleep: (s) => s.sleep_index, computed: () => null },
];

/** One night as the exports write it: the columns of {@link NIGHT_CSV_HEADER}, typed. */
export type NightExportRow = Record<string, string | number | null | string[]>;

/** The night's date as `YYYY-MM-DD` (lib/view/format.ts nightDateKey, in the night's zone). */
export function nightDateIso(view: Pick<SleepSessionView, "startTime" | "endTime" | "timezone">): string {
  const key = nightDateKey(view.startTime, resolveTimeZone(view.timezone), view.endTime);
  return Number.isFinite(key) ? new Date(key).toISOString().slice(0, 10) : "";
}

function clockValue(value: string, tz: string): string {
  if (/^\d{2}:\d{2}(:\d{2})?$/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? formatIsoInTimeZone(ms, tz) : value;
}

/** A night as one export row: identity, times, state, every statistic with its `_source`, peculiarities and the data problem. */
export function toNightExportRow(view: SleepSessionView): NightExportRow {
  const tz = resolveTimeZone(view.timezone);
  const problem = nightProblem(view);
  const hasPeriod = view.computed.timeInSleepPeriod !== null;
  const stat = view.stat ?? {};
  const row: NightExportRow = {
    id: view.id,
    date: nightDateIso(view),
    start: formatIsoInTimeZone(Date.parse(view.startTime), tz),
    end: view.endTime ? formatIsoInTimeZone(Date.parse(view.endTime), tz) : null,
    timezone: tz,
    state: view.state,
  };
  for (const m of EXPORT_MEASURES) {
    const allowed = m.always || !problem;
    const given = allowed ? m.asleep(stat, view) : null;
    const fromStages = allowed && (!m.period || hasPeriod) ? m.computed(view) : null;
    let value: string | number | null = null;
    let source: Source | null = null;
    if (given !== null && given !== undefined) [value, source] = [given, "asleep"];
    else if (fromStages !== null) [value, source] = [fromStages, "computed"];
    if (m.clock && typeof value === "string") value = clockValue(value, tz);
    row[m.name] = value;
    row[`${m.name}_source`] = source;
  }
  row.peculiarities = view.peculiarities;
  row.noMeasurableSleep = problem;
  return row;
}

/** The nights CSV's header, in column order. */
export const NIGHT_CSV_HEADER: readonly string[] = [
  "id",
  "date",
  "start",
  "end",
  "timezone",
  "state",
  ...EXPORT_MEASURES.flatMap((m) => [m.name, `${m.name}_source`]),
  "peculiarities",
  "noMeasurableSleep",
];

/** One CSV record of a night (peculiarities joined by `;`). */
export function nightCsvRecord(row: NightExportRow): string {
  return csvRow(
    NIGHT_CSV_HEADER.map((col): CsvValue => {
      const v = row[col];
      return Array.isArray(v) ? v.join(";") : v;
    }),
  );
}

/** The epochs CSV's header. */
export const EPOCH_CSV_HEADER: readonly string[] = ["index", "start", "stage", "stageName", "snoring"];

/**
 * A night's hypnogram as CSV: one record per 30-second epoch, its start as ISO
 * 8601 with the night's offset, the stage code and name, and snoring as 1/0
 * (empty where the night has no snoring track or the epoch is unknown, -1).
 */
export function epochsCsv(view: Pick<SleepSessionView, "startTime" | "timezone" | "epochSeconds" | "sleepStages" | "snoringStages">): string {
  const tz = resolveTimeZone(view.timezone);
  const start = Date.parse(view.startTime);
  const out = [csvRow(EPOCH_CSV_HEADER)];
  for (let i = 0; i < view.sleepStages.length; i++) {
    const code = view.sleepStages[i]!;
    const snore = view.snoringStages[i];
    out.push(
      csvRow([
        i,
        formatIsoInTimeZone(start + i * view.epochSeconds * 1000, tz),
        code,
        STAGE_LABELS[code as StageCode] ?? String(code),
        snore === 1 ? 1 : snore === 0 ? 0 : null,
      ]),
    );
  }
  return out.join("");
}
