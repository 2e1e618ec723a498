import type { Metadata } from "next";

import { PageHeader } from "@/components/ui/page-header";
import { MEASURE_DEFINITIONS, type MeasureKey } from "@/lib/sleep/statistics";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { NIGHT_DATE_RULE } from "@/lib/view/format";

export const metadata: Metadata = { title: "What the measures mean" };

/** The hypnogram's own terms, beside the measures of lib/sleep/statistics.ts. */
const CHART_TERMS = [
  {
    term: "Hypnogram",
    definition: "The night drawn stage by stage over time: wake on top, then REM, light and deep sleep.",
  },
  {
    term: "Epoch",
    definition: `One ${EPOCH_SECONDS}-second step of the recording; every epoch is scored as one stage, or has no data.`,
  },
  { term: "Light sleep", definition: "Stages N1 and N2 of the AASM scoring manual." },
  { term: "Deep sleep", definition: "Stage N3, slow-wave sleep." },
  { term: "REM sleep", definition: "Rapid-eye-movement sleep, when most dreaming happens." },
  {
    term: "No data",
    definition: "Epochs without usable sound; they count in time in bed but as neither sleep nor wake.",
  },
  { term: "Night date", definition: NIGHT_DATE_RULE },
];

const ORDER: MeasureKey[] = [
  "timeInBed",
  "totalSleepTime",
  "sleepEfficiency",
  "sleepOnsetLatency",
  "sleepOnset",
  "finalAwakening",
  "sleepPeriodTime",
  "waso",
  "awakenings",
  "longestWaso",
  "remLatency",
  "stageShare",
  "sleepCycleCount",
  "snoringTime",
  "snoringCount",
  "sleepIndex",
];

/** A short glossary: every measure the report shows, in the words of its hover hint. */
export default function GlossaryPage() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={[]} title="What the measures mean">
        The definitions the report uses, one line each.
      </PageHeader>
      <dl className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {[
          ...ORDER.map((k) => ({ key: k, ...MEASURE_DEFINITIONS[k] })),
          ...CHART_TERMS.map((t) => ({ key: t.term, ...t })),
        ].map((d) => (
          <div key={d.key} id={d.key} data-term={d.key} className="grid gap-1 px-4 py-3 sm:grid-cols-3 sm:gap-4">
            <dt className="font-medium">{d.term}</dt>
            <dd className="text-sm text-slate-600 sm:col-span-2 dark:text-slate-300">{d.definition}</dd>
          </div>
        ))}
      </dl>
    </main>
  );
}
