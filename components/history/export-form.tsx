/**
 * Downloads a user's nights in a date range: a plain GET form whose two
 * buttons send from/to to nights.csv or nights.json (attachments, so the page
 * stays). Dates are night dates.
 */
export function ExportForm({ userId, from, to }: { userId: string; from: string; to: string }) {
  const base = `/api/users/${encodeURIComponent(userId)}/nights`;
  const input =
    "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950 dark:[color-scheme:dark]";
  const button =
    "rounded-md border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 dark:border-indigo-400 dark:text-indigo-200 dark:hover:bg-indigo-950";
  return (
    <form method="get" action={`${base}.csv`} data-testid="export-form" className="flex flex-wrap items-end gap-3">
      <label className="text-sm">
        From
        <input type="date" name="from" required defaultValue={from} min="2000-01-01" max="2100-12-31" className={input} />
      </label>
      <label className="text-sm">
        To
        <input type="date" name="to" required defaultValue={to} min="2000-01-01" max="2100-12-31" className={input} />
      </label>
      <div className="flex gap-2">
        <button type="submit" formAction={`${base}.csv`} className={button}>
          Download CSV
        </button>
        <button type="submit" formAction={`${base}.json`} className={button}>
          Download JSON
        </button>
      </div>
    </form>
  );
}
