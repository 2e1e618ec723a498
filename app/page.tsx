import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { DeliveryHealthStrip } from "@/components/deliveries/health-strip";
import { UserTable } from "@/components/users/user-table";
import { PageHeader } from "@/components/ui/page-header";
import { getStore } from "@/lib/store/client";
import { deliveryHealth } from "@/lib/store/delivery-log";
import { listUserOverviews } from "@/lib/store/queries";

import { withDatabaseNotice } from "./database-unavailable";
import { requirePrincipal } from "./page-auth";

export const metadata: Metadata = { title: "Users" };

/** The operator's start page: every user with a live flag and last night's summary. Viewers go to their own page. */
export default withDatabaseNotice(async function HomePage() {
  const principal = await requirePrincipal("/");
  if (principal.role === "viewer") redirect(`/users/${encodeURIComponent(principal.userId)}`);
  const store = await getStore();
  const [users, health] = await Promise.all([listUserOverviews(store), deliveryHealth(store)]);
  const live = users.filter((u) => u.liveSessionId).length;
  return (
    <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={[]} title="Users">
        {users.length} {users.length === 1 ? "user" : "users"}, {live} live now. Last night is each user&apos;s latest
        completed night.
      </PageHeader>
      <DeliveryHealthStrip counts={health} />
      <UserTable users={users} />
      <p className="mt-4 text-sm"><Link href="/reconcile" className="text-indigo-700 hover:underline dark:text-indigo-300">Reconciliation with Asleep</Link></p>
    </main>
  );
});
