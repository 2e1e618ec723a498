"use client";

/** "Print / Save as PDF": opens the browser's print dialog (the print stylesheet lays the page out for paper). Hidden on paper. */
export function PrintButton({ label = "Print / Save as PDF" }: { label?: string }) {
  return (
    <button
      type="button"
      data-testid="print-button"
      onClick={() => window.print()}
      className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 print:hidden dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M4 6V2h8v4M4 12H2.5A.5.5 0 0 1 2 11.5v-5a.5.5 0 0 1 .5-.5h11a.5.5 0 0 1 .5.5v5a.5.5 0 0 1-.5.5H12M4 9.5h8V14H4z" />
      </svg>
      {label}
    </button>
  );
}
