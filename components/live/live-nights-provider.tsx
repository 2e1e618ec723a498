"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";

import { useToast } from "@/components/ui/toast";
import type { LiveSnapshot } from "@/lib/realtime/events";
import { formatReportReady } from "@/lib/view/format";
import { chooseLiveTimeZone, listLiveNights, type LiveNight, type LiveTimeZone } from "@/lib/view/live-nights";

import { notifyReportReady } from "./report-notifications";
import { useLiveNights, type ConnectionState } from "./use-live-nights";

/** What the live view and the live history row share: one socket, one zone. */
export interface LiveNightsValue {
  /** Live nights, newest first. */
  nights: LiveNight[];
  connection: ConnectionState;
  /** The zone live nights are written in (always shown beside their times). */
  timeZone: LiveTimeZone["timeZone"];
  /** Where that zone comes from, for its label. */
  timeZoneSource: LiveTimeZone["timeZoneSource"];
}

const LiveNightsContext = createContext<LiveNightsValue | null>(null);

const noop = () => () => {};

/** The browser's IANA zone; null while rendering on the server. */
function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(
    noop,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? null,
    () => null,
  );
}

export interface LiveNightsProviderProps {
  userId: string;
  /** The user's live nights when the page was rendered (getLiveSessions). */
  initialSessions: LiveSnapshot["sessions"];
  /** The zone of the user's latest report, or null (getUserTimeZone). */
  timeZone: string | null;
  /** Only this night's report refreshes the page (the session page); any of the user's otherwise. */
  sessionId?: string;
  children: ReactNode;
}

/**
 * Follows one user's live nights over one socket for everything on the page
 * (the live panel and the history's live row). When a night's report is
 * stored, a toast says so (and, with the tab in the background and the
 * user opted in, a browser notification: report-notifications.ts) and the
 * page is re-rendered from the server (router.refresh()), which turns the
 * session page into the report and adds the night to the user page's history.
 */
export function LiveNightsProvider({
  userId,
  initialSessions,
  timeZone,
  sessionId,
  children,
}: LiveNightsProviderProps) {
  const router = useRouter();
  const toast = useToast();
  const { state, connection } = useLiveNights(userId, initialSessions, {
    onComplete: (event) => {
      if (sessionId && event.sessionId !== sessionId) return;
      toast(formatReportReady(event.summary));
      notifyReportReady(event, `/sessions/${encodeURIComponent(event.sessionId)}`);
      router.refresh();
    },
    onEndedWhileAway: () => router.refresh(),
  });
  const zone = chooseLiveTimeZone(timeZone, useBrowserTimeZone());
  const value: LiveNightsValue = { nights: listLiveNights(state), connection, ...zone };
  return <LiveNightsContext.Provider value={value}>{children}</LiveNightsContext.Provider>;
}

/** The live nights of the surrounding {@link LiveNightsProvider}; null outside one. */
export function useLiveNightsContext(): LiveNightsValue | null {
  return useContext(LiveNightsContext);
}
