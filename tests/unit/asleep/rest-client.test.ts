/**
 * The real Asleep REST client against a local HTTP server answering the
 * documented shapes (../shared/asleep-rest-api.md), errors included.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { AsleepApiError, AsleepUnauthorizedError, createAsleepRestClient, createIntervalLimiter, retryAfterMs, type AsleepRestClientOptions } from "@/lib/asleep/rest-client";

import { completeSession, startFakeAsleep, type FakeAsleep } from "../../support/fake-asleep";

const KEY = "customer-api-key";
const USER = "G-20250115025029-vLErWBfQNtnfvgDccFOQ";
let asleep: FakeAsleep;

beforeAll(async () => {
  asleep = await startFakeAsleep({ apiKey: KEY });
  asleep.putSession(USER, completeSession("s-1", "2026-11-30T23:00:00Z", [0, 1, 2, 3], { sleep_efficiency: 0.75, time_in_sleep: 90 }));
  // Five nights, one a day, for the paging test (two stay outside the asked dates).
  for (let d = 1; d <= 7; d++) {
    asleep.putSession("pager", completeSession(`p-${d}`, `2026-11-0${d}T22:00:00Z`, [0, 1], {}));
  }
});
afterAll(() => asleep.close());
afterEach(() => {
  asleep.requests.length = 0;
});

function client(overrides: Partial<AsleepRestClientOptions> = {}) {
  return createAsleepRestClient({ baseUrl: asleep.url, apiKey: KEY, requestsPerSecond: 1000, timeoutMs: 2000, backoffBaseMs: 10, random: () => 0, ...overrides });
}

describe("GET /data/v3/sessions/{id}", () => {
  it("answers the session's result and sends the documented headers", async () => {
    const r = await client().getSession(USER, "s-1", { timezone: "Asia/Seoul" });
    expect(r?.session.id).toBe("s-1");
    expect(r?.session.state).toBe("COMPLETE");
    expect(r?.session.sleep_stages).toEqual([0, 1, 2, 3]);
    expect(r?.stat).toEqual({ sleep_efficiency: 0.75, time_in_sleep: 90 });
    expect(asleep.requests).toEqual([{ path: "/data/v3/sessions/s-1", query: {}, headers: { "x-api-key": KEY, "x-user-id": USER, timezone: "Asia/Seoul" } }]);
  });

  it("answers null for 404 (Asleep does not know the session), without retrying", async () => {
    expect(await client().getSession(USER, "nope")).toBeNull();
    expect(asleep.requests).toHaveLength(1);
  });

  it("throws the 401 error with its operator message and never retries it", async () => {
    const err = await client({ apiKey: "wrong" }).getSession(USER, "s-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AsleepUnauthorizedError);
    expect((err as Error).message).toBe("Asleep refused the API key (401): check ASLEEP_REST_API_KEY");
    expect(asleep.requests).toHaveLength(1);
  });

  it("retries a 500 and then answers", async () => {
    asleep.fail({ path: "/data/v3/sessions/s-1", status: 500, detail: "Internal Server Error" });
    const retries: number[] = [];
    const r = await client({ onRetry: (i) => retries.push(i.error.status ?? -1) }).getSession(USER, "s-1");
    expect(r?.session.id).toBe("s-1");
    expect(asleep.requests).toHaveLength(2);
    expect(retries).toEqual([500]);
  });

  it("backs off with full jitter: wait n is random() x base x 2^n", async () => {
    asleep.fail({ path: "/data/v3", status: 502 }, { path: "/data/v3", status: 503 }, { path: "/data/v3", status: 500 });
    const waits: number[] = [];
    const r = await client({ backoffBaseMs: 40, random: () => 0.5, onRetry: (i) => waits.push(i.waitMs) }).getSession(USER, "s-1");
    expect(r?.session.id).toBe("s-1");
    // 0.5 x 40 x 1, 0.5 x 40 x 2, 0.5 x 40 x 4
    expect(waits).toEqual([20, 40, 80]);
  });

  it("retries 403 'Rate limit exceeded' but not 403 'Quota exceeded'", async () => {
    asleep.fail({ path: "/data/v3", status: 403, detail: "Rate limit exceeded" });
    expect((await client().getSession(USER, "s-1"))?.session.id).toBe("s-1");
    expect(asleep.requests).toHaveLength(2);

    asleep.requests.length = 0;
    asleep.fail({ path: "/data/v3", status: 403, detail: "Quota exceeded" });
    const err = (await client().getSession(USER, "s-1").catch((e: unknown) => e)) as AsleepApiError;
    expect(err.kind).toBe("forbidden");
    expect(err.detail).toBe("Quota exceeded");
    expect(asleep.requests).toHaveLength(1);
  });

  it("honours Retry-After on 429", async () => {
    asleep.fail({ path: "/data/v3", status: 429, detail: "Too Many Requests", retryAfter: "1" });
    const waits: number[] = [];
    const r = await client({ onRetry: (i) => waits.push(i.waitMs) }).getSession(USER, "s-1");
    expect(r?.session.id).toBe("s-1");
    // The jitter (random() = 0) would wait 0 ms: the 1 s is Asleep's.
    expect(waits).toEqual([1000]);
  });

  it("gives up after maxRetries retries with the last failure", async () => {
    asleep.fail({ path: "/data/v3", status: 500 }, { path: "/data/v3", status: 500 }, { path: "/data/v3", status: 504, detail: "Gateway Timeout" });
    const err = (await client({ maxRetries: 2 }).getSession(USER, "s-1").catch((e: unknown) => e)) as AsleepApiError;
    expect(err).toBeInstanceOf(AsleepApiError);
    expect(err.kind).toBe("server");
    expect(err.status).toBe(504);
    expect(asleep.requests).toHaveLength(3);
  });

  it("times out a slow answer (each attempt has its own timeout)", async () => {
    asleep.fail({ path: "/data/v3", delayMs: 1500 }, { path: "/data/v3", delayMs: 1500 });
    const err = (await client({ timeoutMs: 150, maxRetries: 1 }).getSession(USER, "s-1").catch((e: unknown) => e)) as AsleepApiError;
    expect(err.kind).toBe("timeout");
    expect(err.message).toBe("Asleep did not answer /data/v3/sessions/s-1 within 150 ms");
    expect(asleep.requests).toHaveLength(2);
  });

  it("refuses an answer that does not have the documented shape", async () => {
    asleep.fail({ path: "/data/v3", status: 200, detail: "no result here" });
    const err = (await client().getSession(USER, "s-1").catch((e: unknown) => e)) as AsleepApiError;
    expect(err.kind).toBe("invalid-answer");
    expect(err.message).toMatch(/result/);
  });
});

describe("GET /data/v1/sessions", () => {
  it("reads every page (offset/limit) of the asked dates, newest first", async () => {
    const list = await client().listSessions("pager", { dateGte: "2026-11-02", dateLte: "2026-11-06", pageSize: 2 });
    expect(list.map((s) => s.session_id)).toEqual(["p-6", "p-5", "p-4", "p-3", "p-2"]);
    expect(list[0]).toMatchObject({ state: "COMPLETE", session_start_time: "2026-11-06T22:00:00+00:00", time_in_bed: 60 });
    // 2 + 2 + 1: the short third page ends the list.
    expect(asleep.requests.map((r) => r.query)).toEqual([0, 2, 4].map((offset) => ({ date_gte: "2026-11-02", date_lte: "2026-11-06", order_by: "DESC", offset: String(offset), limit: "2" })));
  });

  it("asks once more when the last page was exactly full", async () => {
    const list = await client().listSessions("pager", { dateGte: "2026-11-01", dateLte: "2026-11-04", pageSize: 2, orderBy: "ASC" });
    expect(list.map((s) => s.session_id)).toEqual(["p-1", "p-2", "p-3", "p-4"]);
    expect(asleep.requests.map((r) => r.query.offset)).toEqual(["0", "2", "4"]);
  });

  it("answers an empty list for a user Asleep does not know (404)", async () => {
    expect(await client().listSessions("stranger", { dateGte: "2026-11-01", dateLte: "2026-11-04" })).toEqual([]);
  });
});

describe("the limiter and Retry-After", () => {
  it("spaces requests 1000 / rps ms apart", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const limit = createIntervalLimiter(4);
      const done: number[] = [];
      for (let i = 0; i < 3; i++) void limit().then(() => done.push(i));
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toEqual([0]);
      await vi.advanceTimersByTimeAsync(249);
      expect(done).toEqual([0]);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toEqual([0, 1]);
      await vi.advanceTimersByTimeAsync(250);
      expect(done).toEqual([0, 1, 2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("Wed, 02 Dec 2026 13:00:10 GMT", Date.parse("2026-12-02T13:00:00Z"))).toBe(10_000);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
