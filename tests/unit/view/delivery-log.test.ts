/** The delivery log's view helpers (lib/view/delivery-log.ts): times, "ago", milliseconds, the body, the health verdict. */
import { describe, expect, it } from "vitest";

import { deliveryHealthView, formatAgo, formatLogTime, formatMs, prettyBody } from "@/lib/view/delivery-log";

const NOW = "2026-12-02T13:30:00.000Z";

describe("formatLogTime", () => {
  it("writes the operator's wall clock to the second, the year only when it is not this year's", () => {
    // 13:05:21 UTC is 22:05:21 in Seoul (UTC+9, no DST).
    expect(formatLogTime("2026-12-02T13:05:21.400Z", "Asia/Seoul", NOW)).toBe("2 Dec, 22:05:21");
    expect(formatLogTime("2026-12-02T13:05:21.400Z", "UTC", NOW)).toBe("2 Dec, 13:05:21");
    expect(formatLogTime("2025-12-31T23:59:59Z", "UTC", NOW)).toBe("31 Dec 2025, 23:59:59");
    expect(formatLogTime("not a time", "UTC", NOW)).toBe("—");
  });
});

describe("formatAgo", () => {
  it.each([
    ["2026-12-02T13:29:45Z", "just now"],
    ["2026-12-02T13:29:15Z", "45 s ago"],
    ["2026-12-02T13:28:00Z", "2 min ago"],
    ["2026-12-02T10:00:00Z", "3 h ago"],
    ["2026-12-01T13:00:00Z", "1 day ago"],
    ["2026-11-27T13:30:00Z", "5 days ago"],
    ["2026-12-02T13:35:00Z", "in the future"],
  ])("%s is %s", (at, text) => expect(formatAgo(at, NOW)).toBe(text));
});

it("formatMs: tenths under 10 ms, whole ms under a second, then seconds", () => {
  expect([formatMs(0.84), formatMs(12.4), formatMs(1430), formatMs(null)]).toEqual(["0.8 ms", "12 ms", "1.4 s", "—"]);
});

it("prettyBody indents JSON by two spaces, arrays of plain values on one line, and leaves anything else as it is", () => {
  expect(prettyBody('{"a":[1,2],"b":{"c":[{"d":null}],"e":[]}}')).toBe(
    '{\n  "a": [1, 2],\n  "b": {\n    "c": [\n      {\n        "d": null\n      }\n    ],\n    "e": []\n  }\n}',
  );
  // Same value as the input, whatever the layout.
  const body = '{"event":"INFERENCE_COMPLETE","data":{"sleep_stages":[0,1,2],"x":[{"y":"z"}]}}';
  expect(JSON.parse(prettyBody(body))).toEqual(JSON.parse(body));
  expect(prettyBody('{"a":')).toBe('{"a":');
});

describe("deliveryHealthView", () => {
  const counts = (lastHour: Record<string, number>, serverErrors15m = 0) => ({ now: NOW, lastHour, serverErrors15m, lastDeliveryAt: NOW });

  it("lists outcomes in a fixed order and is quiet when all is well", () => {
    const v = deliveryHealthView(counts({ failed: 0, rejected: 1, accepted: 95, duplicate: 4 }));
    expect(v).toEqual({ total: 100, byOutcome: [["accepted", 95], ["duplicate", 4], ["rejected", 1]], problemPercent: 1, warnings: [] });
  });

  it("warns above 5 % failed + rejected once the hour has 10 deliveries", () => {
    // 2 + 4 of 100 = 6 %.
    expect(deliveryHealthView(counts({ accepted: 94, rejected: 4, failed: 2 })).warnings).toEqual([
      "6.0% of the last hour's deliveries failed or were rejected",
    ]);
    // Exactly 5 % is not above it.
    expect(deliveryHealthView(counts({ accepted: 95, rejected: 5 })).warnings).toEqual([]);
    // 2 of 9 is 22 %, but 9 deliveries are too few to call it a trend.
    expect(deliveryHealthView(counts({ accepted: 7, rejected: 2 })).warnings).toEqual([]);
  });

  it("warns about any 5xx of the last 15 minutes", () => {
    expect(deliveryHealthView(counts({ accepted: 3, failed: 1 }, 1)).warnings).toEqual(["1 delivery was answered 5xx in the last 15 minutes"]);
    expect(deliveryHealthView(counts({}, 0))).toMatchObject({ total: 0, problemPercent: 0, warnings: [] });
  });
});
