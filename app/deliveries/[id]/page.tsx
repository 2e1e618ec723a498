import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";

import { Suspense } from "react";

import { BrowserTimeZone } from "@/components/deliveries/browser-time-zone";
import { DeliveryDetailView } from "@/components/deliveries/delivery-detail";
import { PageHeader } from "@/components/ui/page-header";
import { getStore } from "@/lib/store/client";
import { getDeliveryDetail, parseDeliveryLogQuery } from "@/lib/store/delivery-log";

import { withDatabaseNotice } from "../../database-unavailable";
import { requirePrincipal } from "../../page-auth";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Delivery #${(await params).id}` };
}

/** One delivery of the log: what arrived (headers, body), what Nocturne answered and changed, its replays. */
export default withDatabaseNotice(async function DeliveryPage({ params, searchParams }: Props) {
  const { id: segment } = await params;
  const principal = await requirePrincipal(`/deliveries/${encodeURIComponent(segment)}`);
  if (principal.role !== "admin") forbidden();
  const id = /^\d{1,15}$/.test(segment) ? Number(segment) : NaN;
  const detail = Number.isSafeInteger(id) ? await getDeliveryDetail(await getStore(), id) : null;
  if (!detail) notFound();
  const { timeZone } = parseDeliveryLogQuery(await searchParams);
  return (
    <main className="mx-auto max-w-4xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader
        crumbs={[
          { href: "/deliveries", label: "Delivery log" },
          { href: `/deliveries/${detail.id}`, label: `#${detail.id}` },
        ]}
        title={`Delivery #${detail.id}`}
      >
        {detail.event} from {detail.source === "webhook" ? "Asleep" : detail.source}
      </PageHeader>
      <DeliveryDetailView detail={detail} timeZone={timeZone} now={new Date().toISOString()} />
      <Suspense>
        <BrowserTimeZone rendered={timeZone} />
      </Suspense>
    </main>
  );
});
