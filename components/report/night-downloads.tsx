/** A night's downloads: its hypnogram epoch by epoch (CSV) and the full report (the session JSON API). */
export function NightDownloads({ sessionId, fileStem }: { sessionId: string; fileStem: string }) {
  const id = encodeURIComponent(sessionId);
  const link =
    "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 dark:border-slate-700 dark:text-indigo-300 dark:hover:bg-indigo-950";
  return (
    <div data-testid="night-downloads" className="mt-8 flex flex-wrap items-center gap-2 text-sm print:hidden">
      <span className="text-slate-600 dark:text-slate-300">Take this night with you:</span>
      <a href={`/api/sessions/${id}/epochs.csv`} download className={link}>
        Download epochs (CSV)
      </a>
      <a href={`/api/sessions/${id}`} download={`${fileStem}.json`} className={link}>
        Download report (JSON)
      </a>
    </div>
  );
}
