import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { RangeReport } from "@/components/history/range-report";
import { RangeReportForm } from "@/components/history/range-report-form";
import { PageHeader } from "@/components/ui/page-header";
import { PrintButton } from "@/components/ui/print-button";
import { getStore } from "@/lib/store/client";
import { listRecentNights, listRecentNightStages, userExists } from "@/lib/store/queries";
import { regularityOf } from "@/lib/view/regularity";
import { getUserProfile, getUserTimeZone } from "@/lib/store/user-time-zone";
import {
  isoDate,
  nightsDatedWithin,
  parseReportRange,
  RANGE_REPORT_MAX_DAYS,
  todayNightDay,
} from "@/lib/view/periods";

import { withDatabaseNotice, withDatabaseTitle } from "../../../database-unavailable";
import { decodeSegment, requireCanViewUser, requirePrincipal } from "../../../page-auth";

const DAY_MS = 86_400_000;
const dateText = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

interface Props {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export const generateMetadata = withDatabaseTitle(async ({ params }: Props): Promise<Metadata> => {
  const userId = decodeSegment((await params).userId);
  const principal = await requirePrincipal(`/users/${encodeURIComponent(userId)}/report`);
  if (principal.role !== "admin" && principal.userId !== userId) return { title: "Not yours" };
  return { title: "Sleep report" };
});

/**
 * The printable range report (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, night dates,
 * both included; default the last 30 days): averages, every night, weeks and
 * months, for a clinician.
 */
export default withDatabaseNotice(async function RangeReportPage({ params, searchParams }: Props) {
  const userId = decodeSegment((await params).userId);
  const basePath = `/users/${encodeURIComponent(userId)}`;
  const principal = await requirePrincipal(`${basePath}/report`);
  requireCanViewUser(principal, userId);
  const store = await getStore();
  if (principal.role === "admin" && !(await userExists(store, userId))) notFound();
  const { from, to } = await searchParams;
  const [timeZone, profile] = await Promise.all([getUserTimeZone(store, userId), getUserProfile(store, userId)]);
  const today = todayNightDay(Date.now(), timeZone);
  const range = parseReportRange(from, to, today);
  const who = principal.role === "admin" ? userId : (profile.displayName ?? "My sleep");
  const crumbs = [{ href: basePath, label: principal.role === "admin" ? userId : "My sleep" }];

  if ("error" in range) {
    return (
      <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
        <PageHeader crumbs={crumbs} title="Sleep report">
          <span role="alert" data-testid="range-error" className="text-rose-700 dark:text-rose-300">
            Cannot make this report: {range.error}. Choose the first and last night (at most {RANGE_REPORT_MAX_DAYS}{" "}
            days).
          </span>
        </PageHeader>
        <RangeReportForm
          action={`${basePath}/report`}
          from={isoDate(today - 29 * DAY_MS)}
          to={isoDate(today)}
        />
      </main>
    );
  }

  // Nights are dated in their own zone: read two days either side, keep those dated in the range.
  const around = { startFrom: new Date(range.from - 2 * DAY_MS), startBefore: new Date(range.to + 3 * DAY_MS) };
  const [near, nearStages] = await Promise.all([
    listRecentNights(store, userId, RANGE_REPORT_MAX_DAYS, around),
    listRecentNightStages(store, userId, RANGE_REPORT_MAX_DAYS, around),
  ]);
  const rows = nightsDatedWithin(near, range.from, range.to);
  const inRange = new Set(rows.map((r) => r.id));
  const regularity = regularityOf(nearStages.filter((n) => inRange.has(n.id)), rows.length);
  const title = `${dateText.format(range.from)} – ${dateText.format(range.to)}`;
  return (
    <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10 print:max-w-none print:p-0">
      <PageHeader crumbs={crumbs} title={`Sleep report: ${who}`}>
        <span data-testid="range-title">{title}</span> · generated {dateText.format(today)}
        <span className="mt-2 block sm:mt-0 sm:ml-3 sm:inline-block sm:align-middle">
          <PrintButton />
        </span>
      </PageHeader>
      <div className="mb-8 print:hidden">
        <RangeReportForm action={`${basePath}/report`} from={isoDate(range.from)} to={isoDate(range.to)} />
      </div>
      <RangeReport rows={rows} from={range.from} to={range.to} regularity={regularity} />
    </main>
  );
});
