/**
 * Pages when the database cannot be reached: {@link withDatabaseNotice} wraps a
 * page so that, instead of an error page with a stack, it renders a plain
 * "Database unavailable" notice (server-rendered, so it reads without
 * JavaScript too). Next's own control flow (redirects, 404, 403) passes through.
 */
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { isDatabaseUnavailable } from "@/lib/store/errors";

/** The notice itself; also what app/error.tsx shows for the same failure after a client navigation. */
export function DatabaseUnavailable() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center" role="alert">
      <p className="text-sm font-semibold text-amber-700 dark:text-amber-300">503</p>
      <h1 className="mt-2 text-2xl font-semibold">Database unavailable</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-300">
        Nocturne cannot reach its database right now. Nothing is lost: Asleep retries its deliveries, and this page
        works again as soon as the database is back. Reload in a moment.
      </p>
    </main>
  );
}

/** Wraps a page component: a database outage renders {@link DatabaseUnavailable}; any other error is rethrown. */
export function withDatabaseNotice<P>(page: (props: P) => Promise<ReactNode>): (props: P) => Promise<ReactNode> {
  return async (props) => {
    try {
      return await page(props);
    } catch (err) {
      if (isDatabaseUnavailable(err)) return <DatabaseUnavailable />;
      throw err;
    }
  };
}

/** Wraps a `generateMetadata`: a database outage titles the tab "Database unavailable" instead of failing the page. */
export function withDatabaseTitle<P>(generate: (props: P) => Promise<Metadata>): (props: P) => Promise<Metadata> {
  return async (props) => {
    try {
      return await generate(props);
    } catch (err) {
      if (isDatabaseUnavailable(err)) return { title: "Database unavailable" };
      throw err;
    }
  };
}
