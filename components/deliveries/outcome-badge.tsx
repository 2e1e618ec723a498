/** A delivery's outcome as a coloured pill: green stored, grey nothing to do, amber refused, red failed. */
const TONES: Record<string, string> = {
  accepted: "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300",
  duplicate: "bg-slate-100 text-slate-700 dark:bg-slate-700/50 dark:text-slate-200",
  late: "bg-slate-100 text-slate-700 dark:bg-slate-700/50 dark:text-slate-200",
  ignored: "bg-slate-100 text-slate-700 dark:bg-slate-700/50 dark:text-slate-200",
  rejected: "bg-amber-100 text-amber-900 dark:bg-amber-500/15 dark:text-amber-300",
  failed: "bg-red-100 text-red-800 dark:bg-red-500/20 dark:text-red-300",
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span
      data-outcome={outcome}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${TONES[outcome] ?? TONES.duplicate}`}
    >
      {outcome}
    </span>
  );
}
