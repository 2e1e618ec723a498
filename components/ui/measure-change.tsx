import type { MeasureComparison } from "@/lib/view/periods";

const VERDICT_CLASS: Record<MeasureComparison["verdict"], string> = {
  better: "text-emerald-700 dark:text-emerald-300",
  worse: "text-rose-700 dark:text-rose-300",
  neutral: "text-slate-600 dark:text-slate-300",
};

/**
 * A difference with an arrow and words: "↑ +25 min, better". The arrow is
 * decoration; the words say it all (the colour only repeats the verdict).
 * `suffix` follows the change ("vs your average").
 */
export function MeasureChange({ m, suffix }: { m: MeasureComparison; suffix?: string }) {
  const words = m.verdict === "neutral" ? "" : `, ${m.verdict}`;
  return (
    <span data-change={m.key} data-verdict={m.verdict} className={`inline-flex items-start gap-1 ${VERDICT_CLASS[m.verdict]}`}>
      {m.arrow === "none" ? null : (
        <svg
          aria-hidden="true"
          viewBox="0 0 10 10"
          className={`mt-[0.35em] size-2.5 shrink-0 ${m.arrow === "down" ? "rotate-180" : ""}`}
        >
          <path d="M5 1 9 8H1z" fill="currentColor" />
        </svg>
      )}
      <span>
        <span className="whitespace-nowrap">{m.change}</span>
        {suffix ? ` ${suffix}` : ""}
        {words}
      </span>
    </span>
  );
}
