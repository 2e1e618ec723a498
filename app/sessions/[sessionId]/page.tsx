import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { LiveNightsProvider } from "@/components/live/live-nights-provider";
import { LiveSession } from "@/components/live/live-session";
import { ReportNotifyToggle } from "@/components/live/report-notify-toggle";
import { NightDownloads } from "@/components/report/night-downloads";
import { NightNavigation } from "@/components/report/night-navigation";
import { SessionReport } from "@/components/report/session-report";
import { PageHeader } from "@/components/ui/page-header";
import { PrintButton } from "@/components/ui/print-button";
import { canViewUser } from "@/lib/auth/tokens";
import { getStore } from "@/lib/store/client";
import { formatNightSpan, formatNightTitle, resolveTimeZone } from "@/lib/view/format";
import { getAdjacentNights, getSleepSession, listRecentNights, type AdjacentNight } from "@/lib/store/queries";
import { nightDateIso } from "@/lib/view/export-rows";
import { compareWithAverage, VS_AVERAGE_NIGHTS } from "@/lib/view/periods";
import { getUserProfile, getUserTimeZone } from "@/lib/store/user-time-zone";

import { withDatabaseNotice, withDatabaseTitle } from "../../database-unavailable";
import { decodeSegment, requirePrincipal } from "../../page-auth";

interface Props {
  params: Promise<{ sessionId: string }>;
}

/** A neighbouring night as the navigation's link. */
function nightLink(n: AdjacentNight | null) {
  return n
    ? { href: `/sessions/${encodeURIComponent(n.id)}`, date: formatNightTitle(n.startTime, resolveTimeZone(n.timezone), n.endTime) }
    : null;
}

/** The tab names the night ("Night of Tue, 1 Dec 2026 · Nocturne") for whoever may see it. */
export const generateMetadata = withDatabaseTitle(async ({ params }: Props): Promise<Metadata> => {
  const sessionId = decodeSegment((await params).sessionId);
  const principal = await requirePrincipal(`/sessions/${encodeURIComponent(sessionId)}`);
  const view = await getSleepSession(await getStore(), sessionId);
  if (!view) return { title: "Not found" };
  if (!canViewUser(principal, view.userId)) return { title: "Not yours" };
  if (view.state === "LIVE") return { title: "Live night" };
  return { title: formatNightTitle(view.startTime, resolveTimeZone(view.timezone), view.endTime) };
});

/** One night: the report, or the live view while the night is LIVE (it turns into the report when it completes). */
export default withDatabaseNotice(async function SessionPage({ params }: Props) {
  const sessionId = decodeSegment((await params).sessionId);
  const principal = await requirePrincipal(`/sessions/${encodeURIComponent(sessionId)}`);
  const view = await getSleepSession(await getStore(), sessionId);
  // Another user's night is "not found" too: a viewer cannot tell it exists.
  if (!view || !canViewUser(principal, view.userId)) notFound();

  const userHref = `/users/${encodeURIComponent(view.userId)}`;
  const crumbs = [{ href: userHref, label: principal.role === "admin" ? view.userId : "My sleep" }];
  const tz = resolveTimeZone(view.timezone);
  const live = view.state === "LIVE";
  const store = await getStore();
  // The viewer may see this user (checked above), so the neighbours are theirs too. For "vs your
  // average": this night and the 30 before it. On paper the breadcrumbs are gone: the sleeper's
  // name heads the page instead.
  const [adjacent, recent, who] = await Promise.all([
    getAdjacentNights(store, view),
    live
      ? []
      : listRecentNights(store, view.userId, VS_AVERAGE_NIGHTS + 1, { startBefore: new Date(Date.parse(view.startTime) + 1) }),
    live || principal.role === "admin"
      ? view.userId
      : getUserProfile(store, view.userId).then((p) => p.displayName ?? "My sleep"),
  ]);
  const thisNight = recent.find((r) => r.id === view.id);
  const vsAverage = thisNight ? compareWithAverage(thisNight, recent) : null;
  return (
    <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={crumbs} title={live ? "Live night" : formatNightTitle(view.startTime, tz, view.endTime)}>
        {live ? (
          <>This night is still being recorded; its report replaces this view when the night ends.</>
        ) : (
          <>
            <span data-testid="print-who" className="hidden font-medium print:inline">
              {who} ·{" "}
            </span>
            <span data-testid="night-span">{formatNightSpan(view.startTime, view.endTime, tz)}</span> ({tz})
            <span className="print:hidden">
              {" · "}
              <Link href={userHref} className="text-indigo-700 hover:underline dark:text-indigo-300">
                all nights
              </Link>
            </span>
            <span className="mt-2 block sm:mt-0 sm:ml-3 sm:inline-block sm:align-middle">
              <PrintButton />
            </span>
          </>
        )}
      </PageHeader>
      <NightNavigation previous={nightLink(adjacent.previous)} next={nightLink(adjacent.next)} />
      {live ? (
        <LiveNightsProvider
          key={view.id}
          userId={view.userId}
          sessionId={view.id}
          timeZone={await getUserTimeZone(await getStore(), view.userId)}
          initialSessions={[
            {
              sessionId: view.id,
              startTime: view.startTime,
              // Anything the socket sends is at least as new as this render.
              version: 0,
              sleepStages: view.sleepStages,
              snoringStages: view.snoringStages,
              statistics: view.computed,
            },
          ]}
        >
          <LiveSession sessionId={view.id} />
          <ReportNotifyToggle />
        </LiveNightsProvider>
      ) : (
        <SessionReport view={view} vsAverage={vsAverage} />
      )}
      <NightDownloads sessionId={view.id} fileStem={`nocturne-${view.userId}-night-${nightDateIso(view)}`} />
    </main>
  );
});
