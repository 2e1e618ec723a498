/** The red "Live" pill. */
export function LiveBadge({ label = "Live" }: { label?: string }) {
  return (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-red-100 print:hidden px-2 py-0.5 text-xs font-semibold text-red-700 dark:bg-red-500/20 dark:text-red-300">
      <span aria-hidden="true" className="animate-live-pulse size-2 rounded-full bg-red-500" />
      {label}
    </span>
  );
}
