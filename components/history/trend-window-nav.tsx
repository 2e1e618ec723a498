import Link from "next/link";

import { TREND_WINDOWS, type TrendWindow } from "@/lib/view/periods";

/**
 * The trend window as a segmented control of links (`?trend=7|30|90|weeks|months`),
 * so each window has its own URL and works without JavaScript; the chosen one
 * carries aria-current.
 */
export function TrendWindowNav({ basePath, current }: { basePath: string; current: TrendWindow }) {
  return (
    <nav aria-label="Trend window" className="w-full sm:w-auto print:hidden">
      <ul className="flex w-full rounded-lg border border-slate-300 bg-white p-0.5 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900">
        {TREND_WINDOWS.map((w) => {
          const active = w.value === current;
          return (
            <li key={w.value} className="flex-1 sm:flex-none">
              <Link
                href={`${basePath}?trend=${w.value}#trends`}
                scroll={false}
                aria-current={active ? "page" : undefined}
                data-trend-window={w.value}
                className={`block rounded-md px-1.5 py-1 text-center whitespace-nowrap sm:px-3 ${
                  active
                    ? "bg-indigo-600 font-medium text-white dark:bg-indigo-400 dark:text-slate-950"
                    : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
                }`}
              >
                {w.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
