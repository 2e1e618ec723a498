import type { Metadata } from "next";
import { forbidden } from "next/navigation";

import { ReconcilePanel } from "@/components/reconcile/reconcile-panel";
import { PageHeader } from "@/components/ui/page-header";
import { Panel, Section } from "@/components/ui/section";
import { getEnv } from "@/lib/env";
import { reconcileStatus } from "@/lib/reconcile/runs";

import { requirePrincipal } from "../page-auth";

export const metadata: Metadata = { title: "Reconciliation" };
export const dynamic = "force-dynamic";

/**
 * The operator's page for reconciliation with Asleep's REST API
 * (lib/reconcile): whether it is configured and why not, the timer, the last
 * runs on this instance and a "Reconcile now" button. Operator only.
 */
export default async function ReconcilePage() {
  const principal = await requirePrincipal("/reconcile");
  if (principal.role !== "admin") forbidden();
  const status = reconcileStatus(getEnv());
  const s = status.settings;
  const rows: Array<[string, string]> = [
    ["Asleep API", s.apiUrl],
    ["API key", s.keySource ? `from ${s.keySource}` : "none"],
    [
      "Background run",
      !s.configured
        ? "none until reconciliation is configured"
        : s.intervalMinutes > 0
          ? `every ${s.intervalMinutes} minutes, the first a minute after start`
          : "off (NOCTURNE_RECONCILE_INTERVAL_MINUTES=0): runs only from here or npm run reconcile",
    ],
    ["Looks back", `${s.days} days of Asleep's session list, plus every live night quiet for 30 minutes`],
    ["Rate", `at most ${s.requestsPerSecond} requests a second`],
  ];
  return (
    <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={[{ href: "/reconcile", label: "Reconciliation" }]} title="Reconciliation with Asleep">
        Nights whose SESSION_COMPLETE never arrived are completed from Asleep&apos;s REST API, through the same pipeline
        as the webhook.
      </PageHeader>
      <Section title="Configuration" id="configuration">
        <Panel>
          <p data-testid="reconcile-configured" className={`mb-3 text-sm font-medium ${s.configured ? "text-emerald-700 dark:text-emerald-400" : "text-amber-800 dark:text-amber-300"}`}>
            {s.configured ? "Configured." : `Off: ${s.reason}.`}
          </p>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
                <dd className="mb-2 break-words sm:mb-0">{v}</dd>
              </div>
            ))}
          </dl>
        </Panel>
      </Section>
      <Section title="Runs on this instance" id="runs">
        <ReconcilePanel initial={status} />
      </Section>
    </main>
  );
}
