import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { parseAsleepDelivery, type AsleepEvent, type ParseResult } from "@/lib/asleep/webhook-schema";

import { FIXTURE_DIR } from "../../support/fixtures";

const FIXTURES = FIXTURE_DIR;

type Json = Record<string, unknown>;

function readFixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as Json;
}

/** A deep copy, so tests can edit a fixture freely. */
function clone<T>(v: T): T {
  return structuredClone(v);
}

function eventOf(result: ParseResult): AsleepEvent {
  if (result.kind !== "event") throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  return result.event;
}

function invalidOf(result: ParseResult): { error: string; paths: string[] } {
  if (result.kind !== "invalid") throw new Error(`expected invalid, got ${result.kind}`);
  return { error: result.error, paths: result.issues.map((i) => i.path) };
}

/** The official body of a flat one: everything but event/version/timestamp moves under `data`. */
function nest(flat: Json): Json {
  const { event, version, timestamp, ...rest } = flat;
  return { event, version, timestamp, data: rest };
}

/** The flat body of an official one. */
function flatten(official: Json): Json {
  const { data, ...top } = official;
  return { ...top, ...(data as Json) };
}

describe("parseAsleepDelivery: the fixtures are the contract", () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));

  it("finds the five fixtures", () => {
    expect(files.sort()).toEqual([
      "inference_complete.json",
      "official_inference_complete.json",
      "official_session_complete.json",
      "session_complete.json",
      "session_complete_minimal.json",
    ]);
  });

  it.each(files)("%s parses as an event", (file) => {
    expect(parseAsleepDelivery(readFixture(file)).kind).toBe("event");
  });

  it("inference_complete.json (flat) normalises to the fixture's values", () => {
    expect(eventOf(parseAsleepDelivery(readFixture("inference_complete.json")))).toEqual({
      event: "INFERENCE_COMPLETE",
      userId: "user123",
      sessionId: "session123",
      seqNum: 60,
      inferenceSeqNum: 12,
      sleepStages: [1, 1, 2, 2, 2],
      snoringStages: [0, 0, 1, 1, 0],
      breathStages: null,
      timestamp: "2024-01-21T06:15:00Z",
    });
  });

  it("official_inference_complete.json normalises to the fixture's values", () => {
    const raw = readFixture("official_inference_complete.json");
    const data = raw.data as Json;
    const ev = eventOf(parseAsleepDelivery(raw));
    expect(ev).toEqual({
      event: "INFERENCE_COMPLETE",
      userId: "G-20250115025029-vLErWBfQNtnfvgDccFOQ",
      sessionId: "20250115025029_fvivn",
      seqNum: 39,
      inferenceSeqNum: 3,
      sleepStages: data.sleep_stages,
      snoringStages: data.snoring_stages,
      breathStages: null,
      timestamp: null,
    });
    // the arrays really are the 40 epochs of frames 0-3
    expect(ev.sleepStages).toHaveLength(40);
    expect(ev.sleepStages.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it("official_session_complete.json normalises to the fixture's values, stat kept as sent", () => {
    const raw = readFixture("official_session_complete.json");
    const data = raw.data as Json;
    const session = data.session as Json;
    const ev = eventOf(parseAsleepDelivery(raw));
    expect(ev).toEqual({
      event: "SESSION_COMPLETE",
      userId: "G-20250115025029-vLErWBfQNtnfvgDccFOQ",
      sessionId: "20250115025029_fvivn",
      timezone: "UTC",
      peculiarities: ["NO_BREATHING_STABILITY"],
      missingDataRatio: 0,
      startTime: "2025-01-15T02:50:29+00:00",
      endTime: "2025-01-15T03:50:29+00:00",
      unexpectedEndTime: null,
      sleepStages: session.sleep_stages,
      snoringStages: session.snoring_stages,
      breathStages: null,
      stat: data.stat,
      timestamp: null,
    });
    expect(ev.sleepStages).toHaveLength(120);
    if (ev.event !== "SESSION_COMPLETE") throw new Error("unreachable");
    expect(ev.stat.sleep_efficiency).toBe(0.7667);
    expect(ev.stat.time_in_bed).toBe(3600);
  });

  it("session_complete.json (flat) normalises to the fixture's values, the guide's clock time untouched", () => {
    const raw = readFixture("session_complete.json");
    expect(eventOf(parseAsleepDelivery(raw))).toEqual({
      event: "SESSION_COMPLETE",
      userId: "user123",
      sessionId: "session123",
      timezone: null,
      peculiarities: [],
      missingDataRatio: null,
      startTime: "2024-01-20T22:00:00+00:00",
      endTime: "2024-01-21T06:30:00+00:00",
      unexpectedEndTime: null,
      sleepStages: [0, 0, 1, 1, 2, 3, 2, 1, 0],
      snoringStages: [0, 0, 0, 1, 1, 0, 0, 0, 0],
      breathStages: null,
      stat: raw.stat,
      timestamp: "2024-01-21T06:30:00Z",
    });
    const ev = eventOf(parseAsleepDelivery(raw));
    if (ev.event !== "SESSION_COMPLETE") throw new Error("unreachable");
    expect(ev.stat.sleep_time).toBe("06:30:00");
    expect(ev.stat.sleep_efficiency).toBe(88.24);
    expect(ev.stat.sleep_cycle).toHaveLength(2);
  });

  it("session_complete_minimal.json (flat, four stat fields, no snoring) normalises to the fixture's values", () => {
    expect(eventOf(parseAsleepDelivery(readFixture("session_complete_minimal.json")))).toEqual({
      event: "SESSION_COMPLETE",
      userId: "test_user",
      sessionId: "test_session",
      timezone: null,
      peculiarities: [],
      missingDataRatio: null,
      startTime: "2024-01-20T22:00:00+00:00",
      endTime: "2024-01-21T06:30:00+00:00",
      unexpectedEndTime: null,
      sleepStages: [0, 1, 2, 3, 2, 1, 0],
      snoringStages: null,
      breathStages: null,
      stat: { sleep_time: "06:30:00", sleep_efficiency: 88.24, time_in_bed: 30600, time_in_sleep: 27000 },
      timestamp: "2024-01-21T06:30:00Z",
    });
  });
});

describe("parseAsleepDelivery: the night's time zone (issue 9, item 4)", () => {
  it("keeps session.timezone of a flat SESSION_COMPLETE (the guide's shape)", () => {
    const flat = clone(readFixture("session_complete.json"));
    (flat.session as Json).timezone = "Asia/Seoul";
    expect(eventOf(parseAsleepDelivery(flat))).toMatchObject({ timezone: "Asia/Seoul" });
  });

  it("keeps a top-level timezone in the flat shape, and prefers it to session.timezone and created_timezone", () => {
    const flat = clone(readFixture("session_complete.json"));
    flat.timezone = "Europe/Paris";
    expect(eventOf(parseAsleepDelivery(flat))).toMatchObject({ timezone: "Europe/Paris" });
    (flat.session as Json).timezone = "Asia/Seoul";
    (flat.session as Json).created_timezone = "America/New_York";
    expect(eventOf(parseAsleepDelivery(flat))).toMatchObject({ timezone: "Europe/Paris" });
    delete flat.timezone;
    expect(eventOf(parseAsleepDelivery(flat))).toMatchObject({ timezone: "Asia/Seoul" });
    delete (flat.session as Json).timezone;
    expect(eventOf(parseAsleepDelivery(flat))).toMatchObject({ timezone: "America/New_York" });
  });
});

describe("parseAsleepDelivery: both body shapes give one internal form", () => {
  it.each(["official_session_complete.json", "official_inference_complete.json"])(
    "%s flattened normalises to the same object",
    (file) => {
      const official = readFixture(file);
      expect(parseAsleepDelivery(flatten(clone(official)))).toEqual(parseAsleepDelivery(official));
    },
  );

  it.each(["inference_complete.json", "session_complete.json", "session_complete_minimal.json"])(
    "%s nested under data normalises to the same object",
    (file) => {
      const flat = readFixture(file);
      expect(parseAsleepDelivery(nest(clone(flat)))).toEqual(parseAsleepDelivery(flat));
    },
  );

  it("accepts callback_event / callback_version / callback_data as aliases", () => {
    const official = readFixture("official_session_complete.json");
    const aliased = {
      callback_event: official.event,
      callback_version: official.version,
      callback_data: official.data,
    };
    const result = parseAsleepDelivery(aliased);
    expect(result).toEqual(parseAsleepDelivery(official));
    expect(eventOf(result).sessionId).toBe("20250115025029_fvivn");
  });
});

describe("parseAsleepDelivery: events Nocturne does not store", () => {
  it("reports an unknown event with the ids it can see (official shape)", () => {
    expect(
      parseAsleepDelivery({ event: "SESSION_OPENED", version: "V3", data: { user_id: "u1", session_id: "s1" } }),
    ).toEqual({ kind: "unknown-event", eventName: "SESSION_OPENED", userId: "u1", sessionId: "s1" });
  });

  it("reports an unknown event with the ids it can see (flat shape) and null where none", () => {
    expect(parseAsleepDelivery({ event: "SOMETHING_NEW", version: "V3", user_id: "u2" })).toEqual({
      kind: "unknown-event",
      eventName: "SOMETHING_NEW",
      userId: "u2",
      sessionId: null,
    });
  });
});

describe("parseAsleepDelivery: invalid bodies", () => {
  it("rejects version V2 with an error naming the version", () => {
    const body = { ...readFixture("official_inference_complete.json"), version: "V2" };
    const { error, paths } = invalidOf(parseAsleepDelivery(body));
    expect(error).toContain('"V2"');
    expect(error).toContain("V3");
    expect(paths).toEqual(["version"]);
  });

  it("rejects a body that is not an object, or has no event", () => {
    expect(parseAsleepDelivery([1, 2]).kind).toBe("invalid");
    expect(parseAsleepDelivery("INFERENCE_COMPLETE").kind).toBe("invalid");
    expect(invalidOf(parseAsleepDelivery({ version: "V3", data: {} })).paths).toEqual(["event"]);
  });

  it("rejects a data wrapper that is not an object, at path data", () => {
    expect(invalidOf(parseAsleepDelivery({ event: "INFERENCE_COMPLETE", version: "V3", data: [1] })).paths).toEqual([
      "data",
    ]);
  });

  it("names an out-of-range stage by its dotted path in the official shape", () => {
    const body = clone(readFixture("official_inference_complete.json"));
    ((body.data as Json).sleep_stages as number[])[3] = 7;
    expect(invalidOf(parseAsleepDelivery(body)).paths).toEqual(["data.sleep_stages.3"]);
  });

  it("names the path without a prefix in the flat shape, and under callback_data for the alias", () => {
    const flat = clone(readFixture("inference_complete.json"));
    (flat.sleep_stages as number[])[4] = -2;
    expect(invalidOf(parseAsleepDelivery(flat)).paths).toEqual(["sleep_stages.4"]);

    const official = clone(readFixture("official_inference_complete.json"));
    ((official.data as Json).snoring_stages as number[])[0] = 2;
    const aliased = {
      callback_event: official.event,
      callback_version: official.version,
      callback_data: official.data,
    };
    expect(invalidOf(parseAsleepDelivery(aliased)).paths).toEqual(["callback_data.snoring_stages.0"]);
  });

  it("names nested session fields and missing ids", () => {
    const body = clone(readFixture("official_session_complete.json"));
    const data = body.data as Json;
    (data.session as Json).start_time = "last night";
    delete data.user_id;
    expect(invalidOf(parseAsleepDelivery(body)).paths.sort()).toEqual(["data.session.start_time", "data.user_id"]);
  });

  it("rejects a non-integer seq number", () => {
    const body = clone(readFixture("inference_complete.json"));
    body.inference_seq_num = 1.5;
    expect(invalidOf(parseAsleepDelivery(body)).paths).toEqual(["inference_seq_num"]);
  });

  it("rejects a chunk longer than seq_num + 1 (it would start before the night), naming both fields", () => {
    const body = clone(readFixture("inference_complete.json")); // 5 values
    body.seq_num = 3; // epochs -1..3
    const r = parseAsleepDelivery(body);
    const { error, paths } = invalidOf(r);
    expect(error).toBe("sleep_stages is longer than seq_num + 1");
    expect(paths).toEqual(["sleep_stages", "seq_num"]);
    body.seq_num = 4; // exactly epochs 0..4
    expect(eventOf(parseAsleepDelivery(body))).toMatchObject({ seqNum: 4, inferenceSeqNum: 12 });
  });

  it("rejects snoring_stages whose length differs from sleep_stages (INFERENCE_COMPLETE)", () => {
    const body = clone(readFixture("official_inference_complete.json"));
    ((body.data as Json).snoring_stages as number[]).pop(); // 39 snoring vs 40 sleep
    const { error, paths } = invalidOf(parseAsleepDelivery(body));
    expect(error).toBe("snoring_stages and sleep_stages differ in length");
    expect(paths).toEqual(["data.snoring_stages"]);
  });

  it("rejects snoring_stages whose length differs from sleep_stages (SESSION_COMPLETE)", () => {
    const body = clone(readFixture("session_complete.json"));
    ((body.session as Json).snoring_stages as number[]).push(0); // 10 snoring vs 9 sleep
    const { error, paths } = invalidOf(parseAsleepDelivery(body));
    expect(error).toBe("snoring_stages and sleep_stages differ in length");
    expect(paths).toEqual(["session.snoring_stages"]);
  });

  it("rejects a session.id that contradicts session_id", () => {
    const flat = clone(readFixture("session_complete.json"));
    flat.session_id = "another-session";
    const { error, paths } = invalidOf(parseAsleepDelivery(flat));
    expect(error).toBe("session.id and session_id differ");
    expect(paths).toEqual(["session.id"]);

    const official = clone(readFixture("official_session_complete.json"));
    (official.data as Json).session_id = "another-session";
    expect(invalidOf(parseAsleepDelivery(official)).paths).toEqual(["data.session.id"]);
  });

  it("takes the session id from session_id when session.id is absent, and rejects a body with neither", () => {
    const body = clone(readFixture("session_complete_minimal.json"));
    delete (body.session as Json).id;
    expect(eventOf(parseAsleepDelivery(body)).sessionId).toBe("test_session");
    delete body.session_id;
    const { error, paths } = invalidOf(parseAsleepDelivery(body));
    expect(error).toBe("missing session id");
    expect(paths).toEqual(["session.id"]);
  });
});
