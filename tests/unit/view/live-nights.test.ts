import { describe, expect, it } from "vitest";

import type { InferenceEvent, LiveSnapshot, SessionCompleteEvent } from "@/lib/realtime/events";
import {
  chooseLiveTimeZone,
  countEpochs,
  initialLiveNights,
  listLiveNights,
  reduceLiveNights,
  type LiveAction,
  type LiveNightsState,
} from "@/lib/view/live-nights";
import type { SleepStatistics } from "@/lib/sleep/statistics";

// The reducer passes statistics through untouched, so any object will do.
const stats = { totalSleepTime: 0 } as SleepStatistics;
const START = "2025-01-15T22:00:00.000Z";

function night(sessionId: string, version: number, sleepStages: number[], startTime = START) {
  return { sessionId, startTime, version, sleepStages, snoringStages: sleepStages.map(() => 0), statistics: stats };
}

function inference(sessionId: string, version: number, sleepStages: number[], startTime = START): LiveAction {
  const event: InferenceEvent = {
    userId: "u",
    ...night(sessionId, version, sleepStages, startTime),
    chunk: {
      inferenceSeqNum: version - 1,
      seqNum: 0,
      startEpoch: 0,
      endEpoch: 0,
      sleepStages: [],
      snoringStages: null,
    },
  };
  return { type: "inference", event };
}

function snapshot(...sessions: LiveSnapshot["sessions"]): LiveAction {
  return { type: "snapshot", snapshot: { userId: "u", sessions } };
}

function complete(sessionId: string): LiveAction {
  const event: SessionCompleteEvent = {
    userId: "u",
    sessionId,
    startTime: START,
    endTime: null,
    summary: { timeInBed: 600, totalSleepTime: 300, sleepEfficiency: 50, sleepOnsetLatency: 0, wasoCount: 0 },
    sleepCycleCount: 0,
    peculiarities: [],
  };
  return { type: "complete", event };
}

const run = (state: LiveNightsState, actions: LiveAction[]) => actions.reduce(reduceLiveNights, state);
const stagesOf = (state: LiveNightsState) =>
  Object.fromEntries(Object.values(state.nights).map((n) => [n.sessionId, [n.version, n.sleepStages]]));

describe("reduceLiveNights: the highest version wins", () => {
  const v1 = [1, 1, -1, -1];
  const v2 = [1, 2, 2, -1]; // re-scores epoch 1, adds epoch 2
  const v3 = [1, 2, 3, 3];

  it("gives the same night whatever order the snapshot and events arrive in", () => {
    const actions = [snapshot(night("s", 2, v2)), inference("s", 1, v1), inference("s", 3, v3)];
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      const state = run(initialLiveNights([]), [{ type: "connected" }, ...order.map((i) => actions[i]!)]);
      expect(stagesOf(state)).toEqual({ s: [3, v3] });
    }
  });

  it("shows re-scored earlier epochs", () => {
    const state = run(initialLiveNights([night("s", 1, v1)]), [{ type: "connected" }, inference("s", 2, v2)]);
    expect(state.nights.s!.sleepStages).toEqual([1, 2, 2, -1]);
  });

  it("ignores duplicates and older states without creating a new object", () => {
    const state = run(initialLiveNights([]), [{ type: "connected" }, inference("s", 2, v2)]);
    expect(reduceLiveNights(state, inference("s", 2, v2))).toBe(state);
    expect(reduceLiveNights(state, inference("s", 1, v1))).toBe(state);
  });

  it("adds a night that starts while the page is open", () => {
    const state = run(initialLiveNights([night("old", 4, v1, "2025-01-14T22:00:00.000Z")]), [
      { type: "connected" },
      snapshot(night("old", 4, v1, "2025-01-14T22:00:00.000Z")),
      inference("new", 1, [0, 0, 1]),
    ]);
    expect(listLiveNights(state).map((n) => n.sessionId)).toEqual(["new", "old"]);
  });
});

describe("reduceLiveNights: nights that end", () => {
  it("removes a completed night for good", () => {
    const state = run(initialLiveNights([night("s", 1, [1])]), [
      { type: "connected" },
      complete("s"),
      inference("s", 9, [1, 1]),
    ]);
    expect(state.nights).toEqual({});
    expect(state.completed).toEqual(["s"]);
    expect(reduceLiveNights(state, snapshot(night("s", 10, [1])))).toEqual(state);
  });

  it("drops, on reconnect, a night known from before that the snapshot no longer lists", () => {
    const state = run(initialLiveNights([night("a", 1, [1]), night("b", 1, [1])]), [
      { type: "connected" },
      snapshot(night("a", 1, [1]), night("b", 1, [1])),
      // The socket drops; "a" completes meanwhile; the reconnect's snapshot lists "b" only.
      { type: "connected" },
      snapshot(night("b", 2, [1, 1])),
    ]);
    expect(stagesOf(state)).toEqual({ b: [2, [1, 1]] });
  });

  it("keeps a night first seen through an event on this connection even if the snapshot missed it", () => {
    const state = run(initialLiveNights([]), [{ type: "connected" }, inference("fresh", 1, [0]), snapshot()]);
    expect(Object.keys(state.nights)).toEqual(["fresh"]);
  });

  it("drops a server-rendered night that ended before the first connect", () => {
    const state = run(initialLiveNights([night("gone", 3, [1])]), [{ type: "connected" }, snapshot()]);
    expect(state.nights).toEqual({});
  });
});

describe("countEpochs", () => {
  it("counts all epochs and the scored ones", () => {
    expect(countEpochs([-1, 0, 1, -1, 3])).toEqual({ epochs: 5, known: 3 });
    expect(countEpochs([])).toEqual({ epochs: 0, known: 0 });
  });
});

describe("chooseLiveTimeZone", () => {
  it("takes the latest report's zone, else the browser's, else UTC", () => {
    expect(chooseLiveTimeZone("Europe/Paris", "America/New_York")).toEqual({
      timeZone: "Europe/Paris",
      timeZoneSource: "report",
    });
    expect(chooseLiveTimeZone(null, "America/New_York")).toEqual({
      timeZone: "America/New_York",
      timeZoneSource: "browser",
    });
    expect(chooseLiveTimeZone("Mars/Olympus_Mons", null)).toEqual({ timeZone: "UTC", timeZoneSource: "default" });
  });
});
