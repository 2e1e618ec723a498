import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { NightHistory } from "@/components/history/night-history";
import { TrendPanel } from "@/components/history/trend-panel";
import { LiveNightsProvider } from "@/components/live/live-nights-provider";
import { LiveSession } from "@/components/live/live-session";
import { LastNightHeadline } from "@/components/report/last-night-headline";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { getStore } from "@/lib/store/client";
import { getLiveSessions, getSleepSession, listRecentNights, listUserSessions, userExists } from "@/lib/store/queries";
import { getUserProfile, getUserTimeZone } from "@/lib/store/user-time-zone";
import { ExcludedNights } from "@/components/history/excluded-nights";
import { NIGHT_DATE_RULE } from "@/lib/view/format";
import { listExcludedNights, toTrendSeries, type TrendMetric } from "@/lib/view/trends";

import { withDatabaseNotice, withDatabaseTitle } from "../../database-unavailable";
import { decodeSegment, requireCanViewUser, requirePrincipal } from "../../page-auth";
import { CalendarSection, loadNightsSections, RegularitySection } from "./nights-sections";

const HISTORY_PAGE_SIZE = 10;
const TREND_NIGHTS = 30;
const TREND_METRIC_ORDER: TrendMetric[] = ["totalSleepTime", "sleepEfficiency", "sleepOnsetLatency"];

interface Props {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The tab reads the display name the operator set, else "My sleep" (the operator sees the user id). */
export const generateMetadata = withDatabaseTitle(async ({ params }: Props): Promise<Metadata> => {
  const userId = decodeSegment((await params).userId);
  const principal = await requirePrincipal(`/users/${encodeURIComponent(userId)}`);
  if (principal.role === "admin") return { title: userId };
  if (principal.userId !== userId) return { title: "Not yours" };
  return { title: (await getUserProfile(await getStore(), userId)).displayName ?? "My sleep" };
});

/** One user: the live night, if any, trends over the last 30 nights, then past nights page by page. */
export default withDatabaseNotice(async function UserPage({ params, searchParams }: Props) {
  const userId = decodeSegment((await params).userId);
  const { cursor, month } = await searchParams;
  const principal = await requirePrincipal(`/users/${encodeURIComponent(userId)}`);
  requireCanViewUser(principal, userId);
  const store = await getStore();
  // A viewer whose first night has not arrived yet gets an empty page, not a 404.
  if (principal.role === "admin" && !(await userExists(store, userId))) notFound();

  const pageCursor = typeof cursor === "string" && cursor ? cursor : null;
  const [live, recent, history, timeZone, profile] = await Promise.all([
    getLiveSessions(store, userId),
    listRecentNights(store, userId, TREND_NIGHTS),
    listUserSessions(store, userId, { limit: HISTORY_PAGE_SIZE, cursor: pageCursor }).catch((err: unknown) => {
      if (err instanceof RangeError) notFound();
      throw err;
    }),
    getUserTimeZone(store, userId),
    getUserProfile(store, userId),
  ]);
  const lastNight = recent[0] ? await getSleepSession(store, recent[0].id) : null;
  const nights = await loadNightsSections(store, userId, month, timeZone);

  return (
    <LiveNightsProvider key={userId} userId={userId} initialSessions={live} timeZone={timeZone}>
      <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
        <PageHeader crumbs={[]} title={principal.role === "admin" ? userId : (profile.displayName ?? "My sleep")}>
          {principal.role === "admin" ? (
            <>
              Live night, trends and history ·{" "}
              <Link
                href={`/users/${encodeURIComponent(userId)}/settings`}
                className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
              >
                Settings
              </Link>
            </>
          ) : (
            "Tonight, your last 30 nights and every night before"
          )}
        </PageHeader>

        <section id="live" className="mb-10">
          <LiveSession title="Tonight" whenIdle={lastNight ? <LastNightHeadline view={lastNight} /> : undefined} />
        </section>

        <Section title={`Last ${TREND_NIGHTS} nights`} id="trends">
          {recent.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-300">Trends appear after the first completed night.</p>
          ) : (
            <>
              <div className="grid gap-4 lg:grid-cols-3">
                {TREND_METRIC_ORDER.map((metric) => (
                  <TrendPanel key={metric} metric={metric} points={toTrendSeries(recent, metric)} />
                ))}
              </div>
              <ExcludedNights nights={listExcludedNights(recent)} />
            </>
          )}
        </Section>

        <RegularitySection data={nights} />
        <CalendarSection data={nights} userId={userId} />

        <Section title="Past nights" id="history">
          <p data-testid="night-date-rule" className="mb-2 text-xs text-slate-500 dark:text-slate-400">
            {NIGHT_DATE_RULE}
          </p>
          <NightHistory
            userId={userId}
            sessions={history.sessions}
            nextCursor={history.nextCursor}
            paged={pageCursor !== null}
            live
            fallbackTimeZone={timeZone}
          />
        </Section>
      </main>
    </LiveNightsProvider>
  );
});
