import Link from "next/link";

import type { DeliveryHealthCounts } from "@/lib/store/read-model";
import { deliveryHealthView, formatAgo, formatLogTime } from "@/lib/view/delivery-log";

import { OutcomeBadge } from "./outcome-badge";

/**
 * The operator overview's delivery health: Asleep's deliveries of the last
 * hour by outcome, when the last one arrived, and a warning when failures or
 * rejections rise (lib/view/delivery-log.ts, deliveryHealthView), with a link
 * to the delivery log.
 */
export function DeliveryHealthStrip({ counts }: { counts: DeliveryHealthCounts }) {
  const view = deliveryHealthView(counts);
  const warn = view.warnings.length > 0;
  return (
    <section
      aria-label="Delivery health"
      data-health={warn ? "warning" : "ok"}
      className={`mb-6 rounded-xl border p-3 text-sm shadow-sm ${
        warn
          ? "border-amber-300 bg-amber-50 dark:border-amber-500/40 dark:bg-amber-500/10"
          : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      }`}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h2 className="font-semibold">
          Last hour:{" "}
          <span data-health-total className="tabular-nums">
            {view.total} {view.total === 1 ? "delivery" : "deliveries"}
          </span>
        </h2>
        <ul className="flex flex-wrap items-center gap-2" aria-label="By outcome">
          {view.byOutcome.map(([outcome, n]) => (
            <li key={outcome} className="inline-flex items-center gap-1 tabular-nums" data-health-outcome={outcome}>
              <OutcomeBadge outcome={outcome} /> {n}
            </li>
          ))}
        </ul>
        <span className="text-slate-600 dark:text-slate-300" data-health-last>
          {counts.lastDeliveryAt ? (
            <>
              Last delivery{" "}
              <time dateTime={counts.lastDeliveryAt} title={`${formatLogTime(counts.lastDeliveryAt, "UTC", counts.now)} UTC`}>
                {formatAgo(counts.lastDeliveryAt, counts.now)}
              </time>
            </>
          ) : (
            "No delivery received yet"
          )}
        </span>
        <Link href="/deliveries" className="ml-auto font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          Delivery log →
        </Link>
      </div>
      {warn ? (
        <div role="alert" className="mt-2 text-amber-900 dark:text-amber-200">
          <ul className="space-y-1">
            {view.warnings.map((w) => (
              <li key={w}>⚠ {w}.</li>
            ))}
          </ul>
          <span className="mt-1 flex flex-wrap gap-x-4">
            {(["failed", "rejected"] as const)
              .filter((o) => (counts.lastHour[o] ?? 0) > 0 || (o === "failed" && counts.serverErrors15m > 0))
              .map((o) => (
                <Link key={o} href={`/deliveries?outcome=${o}`} className="font-medium underline">
                  See the {o} deliveries
                </Link>
              ))}
          </span>
        </div>
      ) : null}
    </section>
  );
}
