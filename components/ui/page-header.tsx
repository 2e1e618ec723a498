import Link from "next/link";
import type { ReactNode } from "react";

export interface Crumb {
  href: string;
  label: string;
}

/** Site bar with breadcrumbs and a sign-out button, then the page's title and an optional line under it. */
export function PageHeader({ crumbs, title, children }: { crumbs: Crumb[]; title: string; children?: ReactNode }) {
  return (
    <header className="mb-6 print:mb-3">
      <div className="mb-3 flex items-start gap-3 print:hidden">
        <nav aria-label="Breadcrumb" className="min-w-0 flex-1 text-sm text-slate-500 dark:text-slate-400">
          <ol className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <li>
              <Link
                href="/"
                className="font-semibold tracking-tight text-indigo-700 hover:underline dark:text-indigo-300"
              >
                Nocturne
              </Link>
            </li>
            {crumbs.map((c) => (
              <li key={c.href} className="flex min-w-0 items-center gap-2">
                <span aria-hidden="true">/</span>
                <Link href={c.href} className="truncate hover:underline">
                  {c.label}
                </Link>
              </li>
            ))}
          </ol>
        </nav>
        <form method="post" action="/api/auth/logout">
          <button
            type="submit"
            className="rounded text-sm text-slate-500 hover:text-slate-800 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-slate-400 dark:hover:text-slate-100"
          >
            Sign out
          </button>
        </form>
      </div>
      <h1 className="text-2xl font-semibold tracking-tight break-words sm:text-3xl print:text-xl">{title}</h1>
      {children ? <div className="mt-1 text-sm text-slate-600 dark:text-slate-300">{children}</div> : null}
    </header>
  );
}
