/** The per-address failure limiter behind the operator sign-in limits, on a fake clock. */
import { describe, expect, it } from "vitest";

import { createFailureLimiter } from "@/lib/auth/failure-limiter";

function clocked(options: { maxFailures: number; windowMs: number; maxAddresses?: number }) {
  let t = 1_000_000;
  const limiter = createFailureLimiter({ ...options, now: () => t });
  return { limiter, at: (ms: number) => (t = 1_000_000 + ms) };
}

describe("createFailureLimiter", () => {
  it("refuses after maxFailures within the window until the oldest failure leaves it", () => {
    const { limiter, at } = clocked({ maxFailures: 3, windowMs: 60_000 });
    at(0);
    limiter.recordFailure("a");
    at(10_000);
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    at(20_000);
    limiter.recordFailure("a");
    // Failures at 0, 10 and 20 s: free again when the one at 0 s is 60 s old.
    expect(limiter.retryAfterSeconds("a")).toBe(40);
    at(59_500);
    expect(limiter.retryAfterSeconds("a")).toBe(1);
    at(60_001);
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    // One more failure at 60 s refuses again until the one at 10 s expires (70 s).
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(10);
  });

  it("counts each address apart, and reset forgets one", () => {
    const { limiter, at } = clocked({ maxFailures: 2, windowMs: 1_000 });
    at(0);
    limiter.recordFailure("a");
    limiter.recordFailure("a");
    limiter.recordFailure("b");
    expect(limiter.retryAfterSeconds("a")).toBe(1);
    expect(limiter.retryAfterSeconds("b")).toBe(0);
    limiter.reset("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });

  it("tracks at most maxAddresses, dropping the longest idle first", () => {
    const { limiter, at } = clocked({ maxFailures: 1, windowMs: 60_000, maxAddresses: 2 });
    at(0);
    limiter.recordFailure("a");
    at(1);
    limiter.recordFailure("b");
    at(2);
    limiter.recordFailure("a"); // a is now the most recent
    at(3);
    limiter.recordFailure("c"); // b is dropped
    expect(limiter.retryAfterSeconds("b")).toBe(0);
    expect(limiter.retryAfterSeconds("a")).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds("c")).toBeGreaterThan(0);
  });

  it("refuses nonsense settings", () => {
    expect(() => createFailureLimiter({ maxFailures: 0, windowMs: 1000 })).toThrow(RangeError);
    expect(() => createFailureLimiter({ maxFailures: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
