/**
 * Ticks for a night's time axis: round wall-clock times (every 1, 2, 5, 10,
 * 15 or 30 min, 1, 2, 3, 4 or 6 hours) in the session's time zone, so a night in Kolkata
 * (UTC+5:30) gets ticks at 00:00, 02:00... local time, not at UTC hours.
 * Pure, isomorphic; DST changes are handled because every candidate is
 * converted on its own.
 */
import { localMinuteOfDay, resolveTimeZone } from "./format";

const STEPS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360] as const;
const QUARTER_MS = 15 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** The smallest step that gives at most `maxTicks` ticks over `spanMs`. */
export function chooseTickStepMinutes(spanMs: number, maxTicks: number): number {
  const spanMinutes = Math.max(0, spanMs) / 60000;
  for (const step of STEPS_MINUTES) {
    if (Math.floor(spanMinutes / step) + 1 <= maxTicks) return step;
  }
  return 360;
}

/**
 * Instants (Unix ms) in `[startMs, endMs]` whose local time in `timeZone` is a
 * multiple of the chosen step. Every real UTC offset is a multiple of 15
 * minutes, so candidates are the UTC quarter hours.
 */
export function timeAxisTicks(
  startMs: number,
  endMs: number,
  timeZone: string | null | undefined,
  maxTicks = 6,
): number[] {
  if (!(endMs > startMs)) return [];
  const tz = resolveTimeZone(timeZone);
  const step = chooseTickStepMinutes(endMs - startMs, maxTicks);
  const ticks: number[] = [];
  // Steps under 15 minutes divide every offset's quarter hours, so whole UTC minutes are candidates then.
  const grain = step < 15 ? MINUTE_MS : QUARTER_MS;
  for (let t = Math.ceil(startMs / grain) * grain; t <= endMs; t += grain) {
    if (localMinuteOfDay(t, tz) % step === 0) ticks.push(t);
  }
  return ticks;
}

const HOUR_MS = 3_600_000;

/**
 * The end of a live night's time axis: the start plus the elapsed time
 * rounded up to whole hours (at least one), so each new chunk extends the
 * line without rescaling what is drawn; the axis grows by an hour only when
 * the night passes the next whole hour.
 * @param startMs Unix ms of epoch 0; dataEndMs end of the last epoch; nowMs the viewer's clock, if known
 */
export function liveAxisEnd(startMs: number, dataEndMs: number, nowMs: number | null = null): number {
  const reached = Math.max(dataEndMs, nowMs ?? dataEndMs);
  const hours = Math.max(1, Math.ceil((reached - startMs) / HOUR_MS - 1e-9));
  return startMs + hours * HOUR_MS;
}
