import { Panel } from "@/components/ui/section";

/**
 * Opens the printable range report (`/users/:id/report?from=&to=`) for the
 * chosen dates: a plain GET form, so it works without JavaScript.
 * @param from default first night date, YYYY-MM-DD
 * @param to default last night date, YYYY-MM-DD
 */
export function RangeReportForm({ action, from, to }: { action: string; from: string; to: string }) {
  const input =
    "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
  return (
    <Panel className="print:hidden">
      <form method="get" action={action} className="flex flex-wrap items-end gap-3" data-testid="range-report-form">
        <label className="text-sm">
          From
          <input type="date" name="from" defaultValue={from} required className={input} />
        </label>
        <label className="text-sm">
          To
          <input type="date" name="to" defaultValue={to} required className={input} />
        </label>
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 dark:bg-indigo-400 dark:text-slate-950 dark:hover:bg-indigo-300"
        >
          Open printable report
        </button>
        <p className="basis-full text-xs text-slate-500 dark:text-slate-400">
          Averages, every night in a table, and week and month comparisons, laid out for printing or saving as PDF for a
          clinician. Nights are chosen by their date (up to 366 days).
        </p>
      </form>
    </Panel>
  );
}
