/**
 * Every socket.io event name and payload, typing both the server and the
 * browser client. Isomorphic: no Node imports.
 */
import type { NightSummary } from "../sleep/summary";
import type { LiveNightState } from "../store/read-model";

export type { LiveNightState };
import type { SleepStatistics } from "../sleep/statistics";

/** The room of one Asleep user. The server joins sockets to it; clients never name rooms. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** A chunk as broadcast: where it landed and its values. */
export interface ChunkSummary {
  inferenceSeqNum: number;
  seqNum: number;
  startEpoch: number;
  endEpoch: number;
  sleepStages: number[];
  snoringStages: number[] | null;
}

/** `sleep:inference`: a chunk was stored; carries the whole assembled night so re-scored epochs show. */
export interface InferenceEvent {
  userId: string;
  sessionId: string;
  /** ISO 8601; estimated until SESSION_COMPLETE gives the real start. */
  startTime: string;
  /** Grows with every stored chunk; a client keeps the state with the highest version. */
  version: number;
  chunk: ChunkSummary;
  sleepStages: number[];
  snoringStages: number[];
  statistics: SleepStatistics;
}

/** `sleep:session_complete`: the night's report is stored. */
export interface SessionCompleteEvent {
  userId: string;
  sessionId: string;
  startTime: string;
  endTime: string | null;
  summary: NightSummary;
  sleepCycleCount: number;
  peculiarities: string[];
}

/** A user's live nights, sent on every (re)connect before new events. */
export interface LiveSnapshot {
  userId: string;
  sessions: LiveNightState[];
}

export interface ServerToClientEvents {
  "sleep:inference": (event: InferenceEvent) => void;
  "sleep:session_complete": (event: SessionCompleteEvent) => void;
  "sleep:snapshot": (snapshot: LiveSnapshot) => void;
}

/**
 * Events a browser may send: none. The server decides the one room a socket
 * joins at the handshake (a viewer their own user, the operator the user named
 * in `auth.watch`); to watch another user, a client opens a new connection.
 */
export type ClientToServerEvents = Record<string, never>;

/** What the ingest publishes after commit; the socket layer emits it to the user's room. */
export type SleepBusEvent =
  | { type: "sleep:inference"; payload: InferenceEvent }
  | { type: "sleep:session_complete"; payload: SessionCompleteEvent };
