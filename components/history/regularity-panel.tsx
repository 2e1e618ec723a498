import type { RegularitySummary } from "@/lib/sleep/regularity";
import { describeSri, MIN_REGULARITY_NIGHTS } from "@/lib/sleep/regularity";
import { formatSpreadMinutes } from "@/lib/view/regularity";
import { formatDuration } from "@/lib/view/format";

/**
 * How regular the recent nights were: the Sleep Regularity Index in words,
 * the spread of bedtime, wake time and sleep midpoint, and social jet lag.
 */
export function RegularityPanel({
  summary,
  inPeriod = false,
}: {
  summary: RegularitySummary;
  /** Read over a chosen period (the range report) rather than the latest nights. */
  inPeriod?: boolean;
}) {
  const figures: Array<{ term: string; value: string; note: string; testId: string }> = [
    { term: "Bedtime", value: formatSpreadMinutes(summary.bedtimeSdMinutes), note: "start of the recording, standard deviation", testId: "bedtime-sd" },
    { term: "Wake time", value: formatSpreadMinutes(summary.waketimeSdMinutes), note: "final awakening, standard deviation", testId: "waketime-sd" },
    { term: "Sleep midpoint", value: formatSpreadMinutes(summary.midpointSdMinutes), note: "halfway from sleep onset to final awakening", testId: "midpoint-sd" },
    {
      term: "Social jet lag",
      value: summary.socialJetlagMinutes === null ? "—" : formatDuration(Math.round(summary.socialJetlagMinutes) * 60),
      note: "midpoint on Fri/Sat nights vs other nights",
      testId: "social-jetlag",
    },
  ];
  return (
    <div data-testid="regularity" className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-base font-semibold" data-testid="sri-reading">
        {summary.sri !== null ? describeSri(summary.sri) : "Not enough nights yet"}
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        {summary.sri !== null
          ? `Over ${inPeriod ? "the" : "the last"} ${summary.nights} nights${inPeriod ? " of this period" : ""} with enough data: how likely you were in the same state, asleep or awake, at the same time on consecutive days (100 is the same schedule every day).`
          : summary.nights < MIN_REGULARITY_NIGHTS
            ? `The Sleep Regularity Index needs ${MIN_REGULARITY_NIGHTS} nights with enough data (some sleep scored, at most half the epochs without data); ${summary.nights} ${inPeriod ? "in this period" : "so far"}.`
            : `The Sleep Regularity Index compares the same time on consecutive days, and none of these ${summary.nights} nights follow one another.`}
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figures.map((f) => (
          <div key={f.term}>
            <dt className="text-xs text-slate-500 dark:text-slate-400">{f.term}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={f.testId}>
              {f.value}
            </dd>
            <dd className="text-xs text-slate-500 dark:text-slate-400">{f.note}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        SRI (Phillips et al., 2017): 80 or more very regular, 60–80 regular, 40–60 somewhat irregular, under 40 irregular.
      </p>
    </div>
  );
}
