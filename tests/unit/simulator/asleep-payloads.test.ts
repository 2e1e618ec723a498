import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { assembleHypnogram, type ChunkPlacement } from "@/lib/sleep/assemble-hypnogram";
import { mulberry32 } from "@/lib/simulator/seeded-random";
import { simulateNight, type SimulatedNight } from "@/lib/simulator/simulate-night";
import { Stage } from "@/lib/sleep/stages";
import {
  parseAsleepDelivery,
  type InferenceCompleteEvent,
  type SessionCompleteEvent,
} from "@/lib/asleep/webhook-schema";
import {
  buildInferencePayloads,
  buildSessionCompletePayload,
  makeSessionId,
  type BodyShape,
} from "@/lib/simulator/asleep-payloads";

const START = Date.UTC(2025, 0, 15, 22, 0, 0);
const ids = { userId: "user-sim", sessionId: "20250115220000_abcde" };

function parseInference(body: unknown): InferenceCompleteEvent {
  const r = parseAsleepDelivery(JSON.parse(JSON.stringify(body)));
  if (r.kind !== "event" || r.event.event !== "INFERENCE_COMPLETE") throw new Error(JSON.stringify(r));
  return r.event;
}

function parseSessionComplete(body: unknown): SessionCompleteEvent {
  const r = parseAsleepDelivery(JSON.parse(JSON.stringify(body)));
  if (r.kind !== "event" || r.event.event !== "SESSION_COMPLETE") throw new Error(JSON.stringify(r));
  return r.event;
}

describe("webhook bodies", () => {
  const night = simulateNight({ seed: 99, hours: 7.5, startTime: START });

  it.each<BodyShape>(["official", "flat"])("every %s body passes parseAsleepDelivery", (shape) => {
    const chunks = buildInferencePayloads(night, { ...ids, overlap: 4, shape });
    expect(chunks).toHaveLength(90);
    chunks.forEach((body, f) => {
      const ev = parseInference(body);
      expect(ev).toMatchObject({
        userId: ids.userId,
        sessionId: ids.sessionId,
        seqNum: f * 10 + 9,
        inferenceSeqNum: f,
      });
      expect(ev.sleepStages).toHaveLength(Math.min(f + 1, 5) * 10);
      expect(ev.timestamp !== null).toBe(shape === "flat");
    });
    const done = parseSessionComplete(buildSessionCompletePayload(night, { ...ids, shape, timezone: "Asia/Seoul" }));
    expect(done.sessionId).toBe(ids.sessionId);
    expect(done.sleepStages).toEqual(night.sleepStages);
    expect(done.startTime).toBe("2025-01-16T07:00:00+09:00");
    expect(done.endTime).toBe("2025-01-16T14:30:00+09:00");
    expect(done.timezone).toBe("Asia/Seoul");
  });

  it.each([0, 1, 3, 4])("assembling the chunks (overlap %i) in any order gives the night's stages", (overlap) => {
    for (const shape of ["official", "flat"] as const) {
      const events = buildInferencePayloads(night, { ...ids, overlap, shape }).map(parseInference);
      const shuffled = [...events, ...events.slice(0, 10)];
      const rng = mulberry32(overlap + 1);
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const assembled = assembleHypnogram(shuffled satisfies ChunkPlacement[]);
      expect(Array.from(assembled.sleepStages)).toEqual(night.sleepStages);
      expect(Array.from(assembled.snoringStages)).toEqual(night.snoringStages);
    }
  });

  it("re-scores some re-sent epochs, so the highest chunk must win", () => {
    const events = buildInferencePayloads(night, { ...ids, overlap: 4, shape: "official" }).map(parseInference);
    let disagreements = 0;
    for (const ev of events) {
      const from = ev.seqNum + 1 - ev.sleepStages.length;
      ev.sleepStages.forEach((v, i) => {
        if (v !== night.sleepStages[from + i]) disagreements++;
      });
    }
    expect(disagreements).toBeGreaterThan(10);
    const lowestWins = assembleHypnogram([...events].reverse().map((e) => ({ ...e, inferenceSeqNum: 0 })));
    expect(Array.from(lowestWins.sleepStages)).not.toEqual(night.sleepStages);
  });

  it("ends a night with a partial last analysis whose seq_num is the night's last epoch", () => {
    const odd = simulateNight({ seed: 5, hours: 1 + 7 / 120, startTime: START });
    expect(odd.sleepStages).toHaveLength(127);
    const events = buildInferencePayloads(odd, { ...ids, overlap: 2, shape: "flat" }).map(parseInference);
    expect(events.map((e) => e.inferenceSeqNum)).toEqual([...Array(13).keys()]);
    // frame 12 holds epochs 120-126 only: seq_num 126 (not 129), frames 10-12 = 27 values, sent at the night's end
    const last = events[12]!;
    expect(last.seqNum).toBe(126);
    expect(last.sleepStages).toEqual(odd.sleepStages.slice(100, 127));
    expect(last.timestamp).toBe(new Date(START + 127 * 30_000).toISOString());
    expect(Array.from(assembleHypnogram(events).sleepStages)).toEqual(odd.sleepStages);
  });

  it("is deterministic for a night and options", () => {
    const a = buildInferencePayloads(night, { ...ids, overlap: 4, shape: "official" });
    expect(buildInferencePayloads(night, { ...ids, overlap: 4, shape: "official" })).toEqual(a);
  });
});

describe("SESSION_COMPLETE stat", () => {
  it("matches a small hand-scored night", () => {
    // prettier-ignore
    const night: SimulatedNight = {
      seed: 0,
      startTime: START,
      sleepStages:   [0, 0, 0, 0, 1, 1, 2, 2, 0, 0, 1, 3, 3, -1, 1, 1, 0, 0, 0],
      snoringStages: [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    };
    const body = buildSessionCompletePayload(night, { ...ids, shape: "official", timezone: "Asia/Seoul" });
    if (!("data" in body)) throw new Error("expected the official shape");
    expect(body.data.peculiarities).toEqual([]);
    expect(body.data.missing_data_ratio).toBe(0.0526);
    expect(body.data.stat).toEqual({
      sleep_time: "2025-01-16T07:02:00+09:00",
      wake_time: "2025-01-16T07:08:00+09:00",
      sleep_latency: 120,
      wakeup_latency: 90,
      time_in_bed: 570,
      time_in_sleep_period: 360,
      time_in_sleep: 270,
      time_in_wake: 60,
      time_in_light: 150,
      time_in_deep: 60,
      time_in_rem: 60,
      time_in_snoring: 120,
      time_in_no_snoring: 450,
      sleep_efficiency: 0.4737,
      sleep_ratio: 0.75,
      wake_ratio: 0.1667,
      waso_count: 1,
      longest_waso: 60,
      sleep_cycle_count: 1,
      snoring_count: 2,
      sleep_cycle: [{ index: 0, start_time: "2025-01-16T07:02:00+09:00", end_time: "2025-01-16T07:06:30+09:00" }],
    });
  });

  it("reproduces the stat of Asleep's official SESSION_COMPLETE example", () => {
    const file = path.join(__dirname, "../../fixtures/asleep/official_session_complete.json");
    const fixture = JSON.parse(readFileSync(file, "utf8")) as {
      data: { session: { start_time: string; sleep_stages: number[]; snoring_stages: number[] }; stat: object };
    };
    const s = fixture.data.session;
    const night: SimulatedNight = {
      seed: 0,
      startTime: Date.parse(s.start_time),
      sleepStages: s.sleep_stages,
      snoringStages: s.snoring_stages,
    };
    const body = buildSessionCompletePayload(night, { ...ids, shape: "official", timezone: "UTC" });
    if (!("data" in body)) throw new Error("expected the official shape");
    // sleep_index is Asleep's own quality score; the simulator does not send one.
    const expected: Record<string, unknown> = { ...fixture.data.stat };
    delete expected.sleep_index;
    expect(body.data.stat).toMatchObject(expected);
    expect(body.data.session.end_time).toBe("2025-01-15T03:50:29+00:00");
  });

  it("flags NEVER_SLEPT and TOO_SHORT_FOR_ANALYSIS for a 4-minute night", () => {
    const night = simulateNight({ seed: 1, hours: 4 / 60, startTime: START });
    expect(night.sleepStages).toEqual(new Array(8).fill(Stage.Wake));
    const done = parseSessionComplete(buildSessionCompletePayload(night, { ...ids, shape: "flat" }));
    expect(done.peculiarities).toEqual(["NEVER_SLEPT", "TOO_SHORT_FOR_ANALYSIS"]);
    expect(done.stat).toMatchObject({
      sleep_time: null,
      sleep_latency: null,
      sleep_efficiency: 0,
      sleep_cycle_count: 0,
    });
  });
});

describe("makeSessionId", () => {
  it("makes Asleep-style session ids from the start time and the seed", () => {
    const id = makeSessionId(Date.UTC(2025, 0, 15, 2, 50, 29), 42);
    expect(id).toMatch(/^20250115025029_[a-z]{5}$/);
    expect(makeSessionId(Date.UTC(2025, 0, 15, 2, 50, 29), 42)).toBe(id);
    expect(makeSessionId(Date.UTC(2025, 0, 15, 2, 50, 29), 43)).not.toBe(id);
  });
});
