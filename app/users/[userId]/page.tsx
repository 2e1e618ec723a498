import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { NightHistory } from "@/components/history/night-history";
import { RangeReportForm } from "@/components/history/range-report-form";
import { TrendsSection } from "@/components/history/trends-section";
import { LiveNightsProvider } from "@/components/live/live-nights-provider";
import { LiveSession } from "@/components/live/live-session";
import { LastNightHeadline } from "@/components/report/last-night-headline";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { getStore } from "@/lib/store/client";
import { getLiveSessions, getSleepSession, listRecentNights, listUserSessions, userExists } from "@/lib/store/queries";
import { getUserProfile, getUserTimeZone } from "@/lib/store/user-time-zone";
import { ReportNotifyToggle } from "@/components/live/report-notify-toggle";
import { NIGHT_DATE_RULE } from "@/lib/view/format";
import { comparisonNightsToLoad, isoDate, nightsToLoad, parseTrendWindow, todayNightDay } from "@/lib/view/periods";

import { withDatabaseNotice, withDatabaseTitle } from "../../database-unavailable";
import { decodeSegment, requireCanViewUser, requirePrincipal } from "../../page-auth";
import { CalendarSection, loadNightsSections, RegularitySection } from "./nights-sections";

const HISTORY_PAGE_SIZE = 10;

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

/** One user: the live night, if any, trends over the chosen window (`?trend=7|30|90|weeks|months`, default 30 nights), this week and month vs the last, regularity, the month calendar (`?month=YYYY-MM`), then past nights page by page. */
export default withDatabaseNotice(async function UserPage({ params, searchParams }: Props) {
  const userId = decodeSegment((await params).userId);
  const { cursor, month, trend } = await searchParams;
  const principal = await requirePrincipal(`/users/${encodeURIComponent(userId)}`);
  requireCanViewUser(principal, userId);
  const store = await getStore();
  // A viewer whose first night has not arrived yet gets an empty page, not a 404.
  if (principal.role === "admin" && !(await userExists(store, userId))) notFound();

  const pageCursor = typeof cursor === "string" && cursor ? cursor : null;
  const trendWindow = parseTrendWindow(trend);
  const now = Date.now();
  const windowLoad = nightsToLoad(trendWindow, now);
  const compareLoad = comparisonNightsToLoad(now);
  // A calendar window reaches back past last month's start: its nights serve the comparisons too.
  const windowCovers = windowLoad.startFrom !== undefined && windowLoad.startFrom <= compareLoad.startFrom;
  const [live, recent, comparedOwn, history, timeZone, profile] = await Promise.all([
    getLiveSessions(store, userId),
    listRecentNights(store, userId, windowLoad.take, { startFrom: windowLoad.startFrom }),
    windowCovers ? null : listRecentNights(store, userId, compareLoad.take, { startFrom: compareLoad.startFrom }),
    listUserSessions(store, userId, { limit: HISTORY_PAGE_SIZE, cursor: pageCursor }).catch((err: unknown) => {
      if (err instanceof RangeError) notFound();
      throw err;
    }),
    getUserTimeZone(store, userId),
    getUserProfile(store, userId),
  ]);
  const compared =
    comparedOwn ?? recent.filter((r) => Date.parse(r.startTime) >= compareLoad.startFrom.getTime());
  const newest = [compared[0], recent[0]]
    .filter((r) => r !== undefined)
    .sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime))[0];
  const lastNight = newest ? await getSleepSession(store, newest.id) : null;
  const today = todayNightDay(now, timeZone);
  const basePath = `/users/${encodeURIComponent(userId)}`;
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
            "Tonight, your trends and every night before"
          )}
        </PageHeader>

        <section id="live" className="mb-10">
          <LiveSession title="Tonight" whenIdle={lastNight ? <LastNightHeadline view={lastNight} /> : undefined} />
          <ReportNotifyToggle />
        </section>

        <TrendsSection basePath={basePath} window={trendWindow} rows={recent} comparisonRows={compared} today={today} />

        <RegularitySection data={nights} />
        <CalendarSection data={nights} userId={userId} />

        <Section title="Printable report" id="range-report">
          <RangeReportForm action={`${basePath}/report`} from={isoDate(today - 29 * 86_400_000)} to={isoDate(today)} />
        </Section>

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
