import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";

import { BulkReplay } from "@/components/deliveries/bulk-replay";
import { DeliveryFilters } from "@/components/deliveries/delivery-filters";
import { DeliveryTable } from "@/components/deliveries/delivery-table";
import { PageHeader } from "@/components/ui/page-header";
import { getStore } from "@/lib/store/client";
import { DELIVERY_PAGE_SIZE, listDeliveries, parseDeliveryLogQuery } from "@/lib/store/delivery-log";

import { withDatabaseNotice } from "../database-unavailable";
import { requirePrincipal } from "../page-auth";

export const metadata: Metadata = { title: "Delivery log" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The query string of this page for `params`, without empty fields. */
function href(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/deliveries?${s}` : "/deliveries";
}

/** The operator's delivery log: every authenticated delivery, newest first, filtered, 50 a page. */
export default withDatabaseNotice(async function DeliveriesPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = parseDeliveryLogQuery(params);
  const formParams = {
    outcome: q.form.outcome,
    event: q.form.event,
    user: q.form.userId,
    session: q.form.sessionId,
    source: q.form.source,
    from: q.form.from,
    to: q.form.to,
    tz: q.timeZone === "UTC" && !params.tz ? undefined : q.timeZone,
  };
  const principal = await requirePrincipal(href({ ...formParams, before: q.cursor.before?.toString(), after: q.cursor.after?.toString() }));
  if (principal.role !== "admin") forbidden();

  const page = await listDeliveries(await getStore(), q.filter, q.cursor, DELIVERY_PAGE_SIZE);
  const now = new Date().toISOString();
  const filtered = Object.values(q.filter).some((v) => v !== undefined);
  const replayFilter = Object.fromEntries(
    Object.entries({ ...q.filter, from: q.filter.from?.toISOString(), to: q.filter.to?.toISOString() }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const pager = "rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";

  return (
    <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={[{ href: "/deliveries", label: "Delivery log" }]} title="Delivery log">
        Every authenticated webhook delivery, newest first, with what Nocturne answered. Times in {q.timeZone}.
      </PageHeader>
      <DeliveryFilters form={q.form} timeZone={q.timeZone} />
      {q.problems.length ? (
        <ul role="alert" className="mb-4 list-disc rounded-md bg-amber-50 py-2 pr-3 pl-7 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
          {q.problems.map((p) => (
            <li key={p}>{p} (ignored)</li>
          ))}
        </ul>
      ) : null}
      {q.filter.outcome === "failed" ? (
        <div className="mb-4">
          <BulkReplay
            filter={replayFilter}
            description="Runs every failed delivery of this filter (all pages, oldest first) through the pipeline again."
          />
        </div>
      ) : null}
      {page.entries.length ? (
        <DeliveryTable entries={page.entries} timeZone={q.timeZone} now={now} />
      ) : (
        <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
          {filtered || q.cursor.before || q.cursor.after
            ? "No deliveries match."
            : "No deliveries yet. They appear here when Asleep sends its first webhook to /asleep-webhook."}
        </p>
      )}
      <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-3 text-sm">
        {page.newer !== null ? (
          <Link href={href({ ...formParams, after: String(page.newer) })} className={pager} rel="prev">
            ← Newer
          </Link>
        ) : (
          <span />
        )}
        {page.older !== null ? (
          <Link href={href({ ...formParams, before: String(page.older) })} className={pager} rel="next">
            Older →
          </Link>
        ) : null}
      </nav>
    </main>
  );
});
