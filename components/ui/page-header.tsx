import Link from "next/link";
import type { ReactNode } from "react";

export interface Crumb {
  href: string;
  label: string;
}

/** Site bar with breadcrumbs, then the page's title and an optional line under it. */
export function PageHeader({ crumbs, title, children }: { crumbs: Crumb[]; title: string; children?: ReactNode }) {
  return (
    <header className="mb-6">
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500 dark:text-slate-400">
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
      <h1 className="text-2xl font-semibold tracking-tight break-words sm:text-3xl">{title}</h1>
      {children ? <div className="mt-1 text-sm text-slate-600 dark:text-slate-300">{children}</div> : null}
    </header>
  );
}
