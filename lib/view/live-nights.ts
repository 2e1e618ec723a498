/**
 * The browser's view of a user's live nights, folded from socket events.
 * Pure, isomorphic: the live view's hook only feeds events in.
 *
 * Rules:
 * - Every `sleep:snapshot` and `sleep:inference` carries a session's whole
 *   assembled night and a `version` that grows with each stored chunk; per
 *   session the state with the highest version wins, so the order in which a
 *   snapshot and events arrive never matters and duplicates change nothing.
 * - A snapshot lists every LIVE session at (re)connect. A night the client
 *   knew before this connection but the snapshot lacks has ended while the
 *   socket was away: it is dropped (the caller refreshes the page to show the
 *   report). A night first seen through an event on this same connection is
 *   kept, because that event may have been read after the snapshot was.
 * - `sleep:session_complete` removes the night for good; later events for it
 *   are ignored.
 */
import type { InferenceEvent, LiveNightState, LiveSnapshot, SessionCompleteEvent } from "../realtime/events";
import { resolveTimeZone } from "./format";

export interface LiveNight extends LiveNightState {
  /** The connection number on which this state was last updated (0: server-rendered). */
  seenOnConnection: number;
}

export interface LiveNightsState {
  /** Incremented on every socket connect. */
  connection: number;
  nights: Record<string, LiveNight>;
  completed: string[];
}

export type LiveAction =
  | { type: "connected" }
  | { type: "snapshot"; snapshot: LiveSnapshot }
  | { type: "inference"; event: InferenceEvent }
  | { type: "complete"; event: SessionCompleteEvent };

type NightInput = Omit<LiveNight, "seenOnConnection">;

/** State before any socket event: the live nights the server rendered the page with. */
export function initialLiveNights(sessions: LiveSnapshot["sessions"]): LiveNightsState {
  let state: LiveNightsState = { connection: 0, nights: {}, completed: [] };
  for (const s of sessions) state = upsertNight(state, s);
  return state;
}

function upsertNight(state: LiveNightsState, night: NightInput): LiveNightsState {
  if (state.completed.includes(night.sessionId)) return state;
  const known = state.nights[night.sessionId];
  if (known && known.version >= night.version) {
    if (known.seenOnConnection === state.connection) return state;
    // Same data confirmed on this connection: remember that, keep the object's contents.
    return {
      ...state,
      nights: { ...state.nights, [night.sessionId]: { ...known, seenOnConnection: state.connection } },
    };
  }
  const next: LiveNight = {
    sessionId: night.sessionId,
    startTime: night.startTime,
    version: night.version,
    sleepStages: night.sleepStages,
    snoringStages: night.snoringStages,
    statistics: night.statistics,
    seenOnConnection: state.connection,
  };
  return { ...state, nights: { ...state.nights, [night.sessionId]: next } };
}

/** Applies one socket event. Returns the same object when nothing changed. */
export function reduceLiveNights(state: LiveNightsState, action: LiveAction): LiveNightsState {
  switch (action.type) {
    case "connected":
      return { ...state, connection: state.connection + 1 };
    case "inference": {
      const e = action.event;
      return upsertNight(state, {
        sessionId: e.sessionId,
        startTime: e.startTime,
        version: e.version,
        sleepStages: e.sleepStages,
        snoringStages: e.snoringStages,
        statistics: e.statistics,
      });
    }
    case "snapshot": {
      let next = state;
      for (const s of action.snapshot.sessions) next = upsertNight(next, s);
      const listed = new Set(action.snapshot.sessions.map((s) => s.sessionId));
      const ended = Object.values(next.nights).filter(
        (n) => !listed.has(n.sessionId) && n.seenOnConnection < next.connection,
      );
      if (ended.length === 0) return next;
      const nights = { ...next.nights };
      for (const n of ended) delete nights[n.sessionId];
      return { ...next, nights };
    }
    case "complete": {
      const id = action.event.sessionId;
      if (state.completed.includes(id) && !state.nights[id]) return state;
      const nights = { ...state.nights };
      delete nights[id];
      return { ...state, nights, completed: state.completed.includes(id) ? state.completed : [...state.completed, id] };
    }
  }
}

/** Live nights, newest first. */
export function listLiveNights(state: LiveNightsState): LiveNight[] {
  return Object.values(state.nights).sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime));
}

/** Epochs in a night and those with a scored stage (not -1). */
export function countEpochs(stages: ArrayLike<number>): { epochs: number; known: number } {
  let known = 0;
  for (let e = 0; e < stages.length; e++) if (stages[e] !== -1) known++;
  return { epochs: stages.length, known };
}

/** The zone a live night is written in, and where it came from (for its label). */
export interface LiveTimeZone {
  timeZone: string;
  timeZoneSource: "report" | "browser" | "default";
}

/**
 * The zone of a live night: the user's latest report's zone (from the
 * server), else the viewer's browser zone, else UTC. Unknown zone names are
 * skipped. Live nights carry no zone of their own until SESSION_COMPLETE.
 */
export function chooseLiveTimeZone(reportZone: string | null, browserZone: string | null): LiveTimeZone {
  if (reportZone && resolveTimeZone(reportZone) === reportZone)
    return { timeZone: reportZone, timeZoneSource: "report" };
  if (browserZone && resolveTimeZone(browserZone) === browserZone) {
    return { timeZone: browserZone, timeZoneSource: "browser" };
  }
  return { timeZone: "UTC", timeZoneSource: "default" };
}
