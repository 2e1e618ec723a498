/**
 * How the delivery log reads on the operator's pages: times, "2 min ago", the
 * pretty body, and the health strip's verdict. Pure and isomorphic.
 */
import type { DeliveryHealthCounts } from "../store/read-model";

const LOCALE = "en-GB";
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withYear}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, {
      timeZone,
      day: "numeric",
      month: "short",
      ...(withYear ? { year: "numeric" } : {}),
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * A log time in the operator's zone, to the second: "2 Dec 13:05:21"; the year
 * is added when it differs from `now`'s ("30 Dec 2025, 23:59:59"). "—" when invalid.
 */
export function formatLogTime(iso: string, timeZone: string, now: string | number | Date = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const year = (x: Date) => new Intl.DateTimeFormat(LOCALE, { timeZone, year: "numeric" }).format(x);
  return formatterFor(timeZone, year(d) !== year(new Date(now))).format(d);
}

/**
 * How long ago `iso` was, from `now`: "just now" (under 30 s), "45 s ago",
 * "2 min ago", "3 h ago", "5 days ago" (rounded down); "in the future" for a
 * time ahead of `now` by more than a minute (a clock difference).
 */
export function formatAgo(iso: string, now: string | number | Date): string {
  const seconds = (new Date(now).getTime() - new Date(iso).getTime()) / 1000;
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < -60) return "in the future";
  if (seconds < 30) return "just now";
  if (seconds < 60) return `${Math.floor(seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return `${days} ${days === 1 ? "day" : "days"} ago`;
}

/** A duration in milliseconds for the log: "0.8 ms", "12 ms", "1.4 s"; "—" when unknown. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** JSON indented by two spaces, except that an array of numbers, strings, booleans or nulls stays on one line. */
function prettyJson(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((x) => x === null || typeof x !== "object")) return `[${value.map((x) => JSON.stringify(x)).join(", ")}]`;
    const inner = indent + "  ";
    return `[\n${value.map((x) => inner + prettyJson(x, inner)).join(",\n")}\n${indent}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${prettyJson(x, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * A stored body for reading: JSON indented by two spaces, with arrays of plain
 * values (a night's stage arrays) on one line each; anything else as it is.
 */
export function prettyBody(body: string): string {
  try {
    return prettyJson(JSON.parse(body), "");
  } catch {
    return body;
  }
}

/** The outcomes in the order the strip and the filter list them. */
export const OUTCOME_ORDER = ["accepted", "duplicate", "late", "ignored", "rejected", "failed"] as const;

/** The warning thresholds of the health strip (README, "Operators"). */
export const HEALTH_RULE = {
  /** Share of failed + rejected deliveries in the last hour above which the strip warns (percent)... */
  maxProblemPercent: 5,
  /** ...once the hour has at least this many deliveries (a few rejections of a quiet hour are not a trend). */
  minDeliveries: 10,
} as const;

export interface DeliveryHealthView {
  /** Deliveries of the last hour. */
  total: number;
  /** [outcome, count] for every outcome with a count, in {@link OUTCOME_ORDER} (others after). */
  byOutcome: Array<[string, number]>;
  /** failed + rejected, percent of `total` (0 when none). */
  problemPercent: number;
  /** Why the strip warns; empty when healthy. */
  warnings: string[];
}

/**
 * The health strip's verdict. It warns when failed + rejected deliveries are
 * more than 5 % of the last hour's with at least 10 deliveries, or when any
 * delivery was answered 5xx in the last 15 minutes.
 */
export function deliveryHealthView(counts: DeliveryHealthCounts): DeliveryHealthView {
  const entries = Object.entries(counts.lastHour).filter(([, n]) => n > 0);
  const rank = (o: string) => {
    const i = (OUTCOME_ORDER as readonly string[]).indexOf(o);
    return i < 0 ? OUTCOME_ORDER.length : i;
  };
  entries.sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  const problems = (counts.lastHour.failed ?? 0) + (counts.lastHour.rejected ?? 0);
  const problemPercent = total ? (problems / total) * 100 : 0;
  const warnings: string[] = [];
  if (total >= HEALTH_RULE.minDeliveries && problemPercent > HEALTH_RULE.maxProblemPercent) {
    warnings.push(`${problemPercent.toFixed(1)}% of the last hour's deliveries failed or were rejected`);
  }
  if (counts.serverErrors15m > 0) {
    warnings.push(`${counts.serverErrors15m} ${counts.serverErrors15m === 1 ? "delivery was" : "deliveries were"} answered 5xx in the last 15 minutes`);
  }
  return { total, byOutcome: entries, problemPercent, warnings };
}
