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

/** The messages of a result's issues, by path. */
function issuesOf(result: ParseResult): Record<string, string> {
  if (result.kind !== "invalid") throw new Error(`expected invalid, got ${result.kind}`);
  return Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
}

describe("parseAsleepDelivery: bounded nights and lists (issue 9, item 11)", () => {
  it("refuses inference_seq_num 32000 (a 111-day night from 10 values), naming the 24-hour bound", () => {
    const body = clone(readFixture("inference_complete.json"));
    body.inference_seq_num = 32000;
    // 24 h = 2880 epochs = 288 frames: the last frame is 287
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({
      inference_seq_num: expect.stringMatching(/^at most 287: the last 5-minute frame of a 24-hour night/),
    });
    body.inference_seq_num = 287;
    expect(parseAsleepDelivery(body).kind).toBe("event");
  });

  it("refuses a seq_num past the last epoch of 24 hours (2879)", () => {
    const body = clone(readFixture("inference_complete.json"));
    body.seq_num = 2880;
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({ seq_num: expect.stringMatching(/^at most 2879: the last epoch of a 24-hour night/) });
    body.seq_num = 2879;
    expect(eventOf(parseAsleepDelivery(body))).toMatchObject({ seqNum: 2879 });
  });

  it("refuses a SESSION_COMPLETE of more than 2880 epochs; exactly 2880 is fine", () => {
    const body = clone(readFixture("session_complete_minimal.json"));
    const session = body.session as Json;
    session.sleep_stages = new Array(2881).fill(1);
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({
      "session.sleep_stages": "at most 2880 epochs (24 hours of 30-second epochs, Nocturne's longest night)",
    });
    session.sleep_stages = new Array(2880).fill(1);
    expect(parseAsleepDelivery(body).kind).toBe("event");
  });

  it("refuses 50,000 peculiarities, 101 sleep cycles and a stat of 101 fields", () => {
    const body = clone(readFixture("session_complete.json"));
    body.peculiarities = new Array(50_000).fill("IN_PROGRESS");
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({ peculiarities: "at most 32 peculiarities" });
    delete body.peculiarities;
    const stat = body.stat as Json;
    stat.sleep_cycle = Array.from({ length: 101 }, (_, i) => ({ index: i, start_time: "2024-01-20T22:15:00+00:00", end_time: "2024-01-20T23:45:00+00:00" }));
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({ "stat.sleep_cycle": "at most 100 sleep cycles" });
    delete stat.sleep_cycle;
    for (let i = 0; i < 100; i++) stat[`extra_${i}`] = i;
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({ stat: "at most 100 fields in stat" });
  });
});

describe("parseAsleepDelivery: impossible values (issue 9, item 12)", () => {
  it("names every negative duration and count", () => {
    const body = clone(readFixture("session_complete.json"));
    Object.assign(body.stat as Json, { time_in_sleep: -60, waso_count: -1, sleep_latency: -30 });
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({
      "stat.time_in_sleep": "seconds cannot be negative",
      "stat.waso_count": "a count cannot be negative",
      "stat.sleep_latency": "seconds cannot be negative",
    });
  });

  it("refuses a duration longer than the longest night (86,400 s)", () => {
    const body = clone(readFixture("session_complete.json"));
    (body.stat as Json).time_in_bed = 86_401;
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({ "stat.time_in_bed": "at most 86400 seconds (24 hours, Nocturne's longest night)" });
  });

  it("refuses ratios outside 0..1, with the path of each", () => {
    const body = clone(readFixture("official_session_complete.json"));
    const data = body.data as Json;
    data.missing_data_ratio = 1.5;
    Object.assign(data.stat as Json, { deep_ratio: 1.01, rem_ratio: -0.1 });
    expect(Object.keys(issuesOf(parseAsleepDelivery(body))).sort()).toEqual(["data.missing_data_ratio", "data.stat.deep_ratio", "data.stat.rem_ratio"]);
  });

  it("refuses an end_time (or unexpected_end_time) before start_time", () => {
    const body = clone(readFixture("session_complete.json"));
    Object.assign(body.session as Json, { end_time: "2024-01-20T21:59:59+00:00", unexpected_end_time: "2024-01-20T12:00:00+00:00" });
    const r = parseAsleepDelivery(body);
    expect(invalidOf(r).error).toBe("SESSION_COMPLETE describes an impossible night");
    expect(issuesOf(r)).toEqual({
      "session.end_time": "2024-01-20T21:59:59+00:00 is before session.start_time 2024-01-20T22:00:00+00:00",
      "session.unexpected_end_time": "2024-01-20T12:00:00+00:00 is before session.start_time 2024-01-20T22:00:00+00:00",
    });
    // In another offset the same instant as the start is fine: 23:00+01:00 = 22:00Z.
    (body.session as Json).end_time = "2024-01-20T23:00:00+01:00";
    delete (body.session as Json).unexpected_end_time;
    expect(parseAsleepDelivery(body).kind).toBe("event");
  });

  it("refuses a night of 0 epochs that has statistics, and accepts one without", () => {
    const body = clone(readFixture("session_complete_minimal.json"));
    (body.session as Json).sleep_stages = [];
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({
      "session.sleep_stages": "a night of 0 epochs cannot have statistics, but stat has sleep_time, time_in_bed, time_in_sleep, sleep_efficiency",
    });
    delete body.stat;
    expect(eventOf(parseAsleepDelivery(body))).toMatchObject({ sleepStages: [] });
  });

  it("refuses years 0000 and 9999 (instants must fall in 2000-2100), also in a cycle's ISO times", () => {
    const body = clone(readFixture("session_complete.json"));
    Object.assign(body.session as Json, { start_time: "0000-01-20T22:00:00+00:00", end_time: "9999-01-21T06:30:00+00:00" });
    ((body.stat as Json).sleep_cycle as Json[])[0]!.end_time = "2101-01-01T00:00:00+00:00";
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({
      "session.start_time": "must fall in the years 2000-2100",
      "session.end_time": "must fall in the years 2000-2100",
      "stat.sleep_cycle.0.end_time": "must fall in the years 2000-2100",
    });
  });

  it("keeps the guide's clock time sleep_time \"06:30:00\" and a sleep_index of 55.5 exactly as sent", () => {
    const body = clone(readFixture("session_complete.json"));
    (body.stat as Json).sleep_index = 55.5;
    const ev = eventOf(parseAsleepDelivery(body));
    if (ev.event !== "SESSION_COMPLETE") throw new Error("unreachable");
    expect(ev.stat).toMatchObject({ sleep_index: 55.5, sleep_time: "06:30:00" });
    (body.stat as Json).sleep_index = 100.5;
    expect(Object.keys(issuesOf(parseAsleepDelivery(body)))).toEqual(["stat.sleep_index"]);
  });

  it("refuses a time zone that is not an IANA name", () => {
    const body = clone(readFixture("official_session_complete.json"));
    (body.data as Json).timezone = "Mars/Olympus_Mons";
    expect(issuesOf(parseAsleepDelivery(body))).toEqual({ "data.timezone": "not an IANA time zone name" });
  });
});

describe("parseAsleepDelivery: ids are printable ASCII", () => {
  const chunk = (sessionId: string, userId = "u1") => ({
    event: "INFERENCE_COMPLETE",
    version: "V3",
    data: { user_id: userId, session_id: sessionId, seq_num: 9, inference_seq_num: 0, sleep_stages: Array(10).fill(1) },
  });

  it.each([
    ["a NUL", "abc\u0000def"],
    ["a control character", "abc\u0007def"],
    ["non-ASCII", "nuit-été"],
  ])("refuses a session id with %s, naming the field (PostgreSQL text cannot hold a NUL)", (_, id) => {
    const r = parseAsleepDelivery(chunk(id));
    expect(r.kind).toBe("invalid");
    expect(r.kind === "invalid" && r.issues.map((i) => i.path)).toContain("data.session_id");
  });

  it("accepts Asleep's real ids", () => {
    expect(parseAsleepDelivery(chunk("20250115025029_fvivn", "G-20250115025029-vLErWBfQNtnfvgDccFOQ")).kind).toBe("event");
  });
});
