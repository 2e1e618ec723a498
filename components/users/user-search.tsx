import Link from "next/link";

import { DEFAULT_DIRECTION, overviewHref, type OverviewParams } from "@/lib/view/user-overview";

/**
 * The overview's search: a GET form (`q=`), so it works without JavaScript and
 * the result can be bookmarked; the current sort is kept, the page reset.
 */
export function UserSearch({ params }: { params: OverviewParams }) {
  return (
    <form method="get" action="/" role="search" className="mb-4 flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="user-search" className="sr-only">
        Search users by id or name
      </label>
      <input
        id="user-search"
        type="search"
        name="q"
        defaultValue={params.q}
        maxLength={100}
        placeholder="Search by user id or name"
        className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 sm:max-w-sm dark:border-slate-700 dark:bg-slate-900"
      />
      {params.sort !== "lastSeen" ? <input type="hidden" name="sort" value={params.sort} /> : null}
      {params.dir !== DEFAULT_DIRECTION[params.sort] ? <input type="hidden" name="dir" value={params.dir} /> : null}
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2"
      >
        Search
      </button>
      {params.q ? (
        <Link
          href={overviewHref({ ...params, q: "", page: 1 })}
          className="text-slate-500 hover:underline dark:text-slate-400"
        >
          Clear
        </Link>
      ) : null}
    </form>
  );
}

/** Previous / next page links under the overview, with "51-100 of 10,000". */
export function UserPager({
  params,
  total,
  pageSize,
  pages,
}: {
  params: OverviewParams;
  total: number;
  pageSize: number;
  pages: number;
}) {
  if (total <= pageSize) return null;
  const first = (params.page - 1) * pageSize + 1;
  const last = Math.min(total, params.page * pageSize);
  const link =
    "rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";
  return (
    <nav
      aria-label="Pages of users"
      className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600 dark:text-slate-300"
    >
      <span>
        {first.toLocaleString("en-GB")}-{last.toLocaleString("en-GB")} of {total.toLocaleString("en-GB")}
        {params.page >= pages && last < total ? " (narrow the search to see the rest)" : ""}
      </span>
      <span className="flex gap-2">
        {params.page > 1 ? (
          <Link href={overviewHref({ ...params, page: params.page - 1 })} rel="prev" className={link}>
            Previous
          </Link>
        ) : null}
        {params.page < pages ? (
          <Link href={overviewHref({ ...params, page: params.page + 1 })} rel="next" className={link}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
