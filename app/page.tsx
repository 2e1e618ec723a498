import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { DeliveryHealthStrip } from "@/components/deliveries/health-strip";
import { UserPager, UserSearch } from "@/components/users/user-search";
import { UserTable } from "@/components/users/user-table";
import { PageHeader } from "@/components/ui/page-header";
import { getStore } from "@/lib/store/client";
import { deliveryHealth } from "@/lib/store/delivery-log";
import { countLiveUsers, listUserOverviews, MAX_OVERVIEW_OFFSET } from "@/lib/store/queries";
import { isReversed, OVERVIEW_PAGE_SIZE, overviewHref, parseOverviewParams } from "@/lib/view/user-overview";

import { withDatabaseNotice } from "./database-unavailable";
import { requirePrincipal } from "./page-auth";

export const metadata: Metadata = { title: "Users" };

/** Pages the overview can reach: offset paging stops at MAX_OVERVIEW_OFFSET rows. */
const MAX_PAGE = Math.floor(MAX_OVERVIEW_OFFSET / OVERVIEW_PAGE_SIZE) + 1;

/**
 * The operator's start page: users with a live flag, last seen, nights and last night's summary;
 * search (`q`), sort (`sort`, `dir`) and pages (`page`). Viewers go to their own page.
 */
export default withDatabaseNotice(async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const principal = await requirePrincipal("/");
  if (principal.role === "viewer") redirect(`/users/${encodeURIComponent(principal.userId)}`);
  const params = parseOverviewParams(await searchParams, MAX_PAGE);
  const store = await getStore();
  const [{ users, total }, live, health] = await Promise.all([
    listUserOverviews(store, {
      q: params.q,
      sort: params.sort,
      reverse: isReversed(params),
      limit: OVERVIEW_PAGE_SIZE,
      offset: (params.page - 1) * OVERVIEW_PAGE_SIZE,
    }),
    countLiveUsers(store),
    deliveryHealth(store),
  ]);
  const summary = params.q
    ? `${total} matching "${params.q}" · ${live} ${live === 1 ? "user" : "users"} live now`
    : `${total} ${total === 1 ? "user" : "users"}, ${live} live now`;
  const pages = Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / OVERVIEW_PAGE_SIZE)));
  // A page past the last (an old bookmark, a hand-typed number) shows the last one instead of "no users".
  if (users.length === 0 && params.page > pages) redirect(overviewHref({ ...params, page: pages }));
  return (
    <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={[]} title="Users">
        {summary}. Last night is each user&apos;s latest completed night.
      </PageHeader>
      <DeliveryHealthStrip counts={health} />
      <UserSearch params={params} />
      <UserTable users={users} params={params} now={new Date()} />
      <UserPager params={params} total={total} pageSize={OVERVIEW_PAGE_SIZE} pages={pages} />
      <nav aria-label="Operator tools" className="mt-6 flex flex-wrap gap-x-5 gap-y-1 text-sm">
        <Link href="/deliveries" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Delivery log
        </Link>
        <Link href="/reconcile" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Reconciliation with Asleep
        </Link>
      </nav>
    </main>
  );
});
