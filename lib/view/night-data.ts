/**
 * Whether a night has data a measure can be read from, and why not. Pure,
 * isomorphic. Nights without usable data get an empty state on their report,
 * "—" for the measures they lack, and are left out of averages and trends.
 */

/** Why a night's measures are undefined: nothing scored, no sleep, or too short for Asleep to analyse. */
export type NightDataProblem = "NO_DATA" | "NEVER_SLEPT" | "TOO_SHORT";

/** Plain words for a {@link NightDataProblem}, as the report and the trends' list say it. */
export const NIGHT_DATA_PROBLEM_TEXT: Record<NightDataProblem, string> = {
  NO_DATA: "no sleep stages were scored",
  NEVER_SLEPT: "no sleep was detected",
  TOO_SHORT: "too short to analyse (under 5 minutes)",
};

/** Asleep analyses recordings of at least this long (../shared/asleep-webhooks.md, TOO_SHORT_FOR_ANALYSIS). */
export const MIN_ANALYSED_SECONDS = 5 * 60;

/** What {@link findNightDataProblem} reads; seconds and percent, null when unknown. */
export interface NightDataInput {
  peculiarities?: readonly string[] | null;
  timeInBed: number | null;
  totalSleepTime: number | null;
  /** Percent; null when nothing was scored (computeSleepStatistics) or unknown. */
  sleepEfficiency: number | null;
  /** Epochs scored -1, in seconds, when known (the report has it, trend rows do not). */
  timeInUnknown?: number | null;
}

/**
 * The reason a night has no measurable sleep, or null when it has. In order:
 * Asleep's TOO_SHORT_FOR_ANALYSIS peculiarity (or under 5 minutes in bed);
 * every epoch unknown (or no epochs, or zero sleep with no efficiency, which
 * is how a summary of an all-unknown night reads); Asleep's NEVER_SLEPT (or no
 * sleep scored at all).
 */
export function findNightDataProblem(input: NightDataInput): NightDataProblem | null {
  const p = input.peculiarities ?? [];
  const tib = input.timeInBed;
  if (p.includes("TOO_SHORT_FOR_ANALYSIS") || (tib !== null && tib > 0 && tib < MIN_ANALYSED_SECONDS)) {
    return "TOO_SHORT";
  }
  const allUnknown =
    tib === null ||
    tib === 0 ||
    (input.timeInUnknown !== null && input.timeInUnknown !== undefined && input.timeInUnknown >= tib);
  if (p.includes("NEVER_SLEPT")) return allUnknown && !input.totalSleepTime ? "NO_DATA" : "NEVER_SLEPT";
  if (allUnknown && !input.totalSleepTime) return "NO_DATA";
  if (!input.totalSleepTime) return input.sleepEfficiency === null ? "NO_DATA" : "NEVER_SLEPT";
  return null;
}
