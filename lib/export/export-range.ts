/**
 * The query of the nights exports: `from` and `to`, night dates `YYYY-MM-DD`
 * (inclusive, dated by lib/view/format.ts NIGHT_DATE_RULE in each night's own
 * zone), validated with zod. Pure.
 */
import { z } from "zod";

const DAY_MS = 86_400_000;

/** A real calendar date `YYYY-MM-DD` from 2000 to 2100 (the instants Nocturne accepts). */
const nightDate = (name: string) =>
  z
    .string({ error: `${name} is required, a date YYYY-MM-DD` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${name} must be a date YYYY-MM-DD`, abort: true })
    .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, {
      error: `${name} is not a calendar date`,
    })
    .refine((s) => s >= "2000-01-01" && s <= "2100-12-31", { error: `${name} must be from 2000-01-01 to 2100-12-31` });

const rangeSchema = z
  .object({ from: nightDate("from"), to: nightDate("to") })
  .refine((r) => r.from <= r.to, { error: "from must not be after to", path: ["to"] });

/** An inclusive range of night dates. */
export interface ExportRange {
  from: string;
  to: string;
}

/**
 * Reads `from` and `to` from a query string.
 * @returns the range, or `{ error }` naming the first problem (for a 400)
 */
export function parseExportRange(params: URLSearchParams): ExportRange | { error: string } {
  const parsed = rangeSchema.safeParse({ from: params.get("from") ?? undefined, to: params.get("to") ?? undefined });
  if (parsed.success) return parsed.data;
  return { error: parsed.error.issues[0]?.message ?? "invalid range" };
}

/**
 * The start-time window that holds every night dated in the range: a night
 * dated D starts between D 00:00 and D+1 06:00 local time, and local time is
 * UTC-12 h to UTC+14 h, so [from - 14 h, to + 1 day + 18 h).
 */
export function startWindow(range: ExportRange): { from: Date; to: Date } {
  const from = Date.parse(`${range.from}T00:00:00Z`) - 14 * 3600_000;
  const to = Date.parse(`${range.to}T00:00:00Z`) + DAY_MS + 18 * 3600_000;
  return { from: new Date(from), to: new Date(to) };
}
