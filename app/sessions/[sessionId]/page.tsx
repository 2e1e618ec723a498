import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { LiveSession } from "@/components/live/live-session";
import { SessionReport } from "@/components/report/session-report";
import { PageHeader } from "@/components/ui/page-header";
import { canViewUser } from "@/lib/auth/tokens";
import { getStore } from "@/lib/store/client";
import { formatClockTime, formatNightDate, resolveTimeZone } from "@/lib/view/format";
import { getSleepSession } from "@/lib/store/queries";

import { withDatabaseNotice } from "../../database-unavailable";
import { decodeSegment, requirePrincipal } from "../../page-auth";

interface Props {
  params: Promise<{ sessionId: string }>;
}

export const metadata: Metadata = { title: "Night" };

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
  return (
    <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={crumbs} title={live ? "Live night" : `Night of ${formatNightDate(view.startTime, tz)}`}>
        {live ? (
          <>Asleep is still scoring this night; the report replaces this view when it arrives.</>
        ) : (
          <>
            {formatClockTime(view.startTime, tz)}–{view.endTime ? formatClockTime(view.endTime, tz) : "?"} ({tz}) ·{" "}
            <Link href={userHref} className="text-indigo-700 hover:underline dark:text-indigo-300">
              all nights
            </Link>
          </>
        )}
      </PageHeader>
      {live ? (
        <LiveSession
          key={view.id}
          userId={view.userId}
          sessionId={view.id}
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
        />
      ) : (
        <SessionReport view={view} />
      )}
    </main>
  );
});
