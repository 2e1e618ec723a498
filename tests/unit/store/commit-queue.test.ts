/** Group commit: batching, order of results, failures per batch, and concurrent writers. */
import { describe, expect, it } from "vitest";

import { createCommitQueue } from "@/lib/store/commit-queue";

/** A runner whose batches finish only when released, recording what it was given. */
function gatedRunner() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  let running = 0;
  let maxRunning = 0;
  const run = async (items: number[]) => {
    batches.push(items);
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise<void>((resolve) => gates.push(resolve));
    running--;
    return items.map((i) => i * 10);
  };
  return { run, batches, release: () => gates.shift()?.(), maxRunning: () => maxRunning };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("createCommitQueue", () => {
  it("writes what arrived in the same turn as one batch, then everything that queued meanwhile as the next, results in order", async () => {
    const g = gatedRunner();
    const q = createCommitQueue(g.run);
    const first = [q.push(1), q.push(2)];
    await tick();
    expect(g.batches).toEqual([[1, 2]]);
    const rest = [q.push(3), q.push(4), q.push(5)];
    expect(q.depth()).toBe(3);
    g.release();
    expect(await Promise.all(first)).toEqual([10, 20]);
    await tick();
    expect(g.batches).toEqual([[1, 2], [3, 4, 5]]);
    g.release();
    expect(await Promise.all(rest)).toEqual([30, 40, 50]);
  });

  it("a lone item waits for nothing but one turn of the event loop", async () => {
    const q = createCommitQueue(async (items: number[]) => items);
    const t0 = performance.now();
    expect(await q.push(7)).toBe(7);
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it("rejects every item of a failed batch with its error and goes on with the next", async () => {
    let calls = 0;
    const q = createCommitQueue(async (items: number[]) => {
      calls++;
      if (calls === 1) throw new Error("disk full");
      return items;
    });
    // allSettled handles both rejections at once (awaiting them one by one leaves the second unhandled for a moment).
    const a = Promise.allSettled([q.push(1), q.push(2)]);
    await tick();
    const b = q.push(3);
    const [r1, r2] = await a;
    expect([r1.status, r2.status]).toEqual(["rejected", "rejected"]);
    expect((r1 as PromiseRejectedResult).reason.message).toBe("disk full");
    expect((r2 as PromiseRejectedResult).reason.message).toBe("disk full");
    expect(await b).toBe(3);
  });

  it("runs up to `writers` batches at once and never more", async () => {
    const g = gatedRunner();
    const q = createCommitQueue(g.run, { writers: 2, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((i) => q.push(i));
    await tick();
    // Two writers each took a batch of at most two; the last two wait for a free writer.
    expect(g.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(q.inFlight()).toBe(2);
    expect(q.depth()).toBe(2);
    g.release();
    g.release();
    await tick();
    await tick();
    expect(g.batches.slice(2)).toEqual([[5, 6]]);
    g.release();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(g.maxRunning()).toBe(2);
    await q.drain();
    expect(q.inFlight()).toBe(0);
  });

  it("drain resolves only after the last batch", async () => {
    const g = gatedRunner();
    const q = createCommitQueue(g.run);
    void q.push(1);
    let drained = false;
    const d = q.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    g.release();
    await d;
    expect(drained).toBe(true);
  });

  it("with failQueued, an unavailable database fails the waiting items at once instead of one batch timeout each", async () => {
    let calls = 0;
    const gate: Array<() => void> = [];
    const q = createCommitQueue(
      async (): Promise<number[]> => {
        calls++;
        await new Promise<void>((resolve) => gate.push(resolve));
        throw Object.assign(new Error("database unavailable"), { unavailable: true });
      },
      { failQueued: (err) => (err as { unavailable?: boolean }).unavailable === true },
    );
    const first = q.push(1);
    first.catch(() => {});
    await tick();
    const waiting = Promise.allSettled([q.push(2), q.push(3)]);
    gate.shift()!();
    await expect(first).rejects.toThrow("database unavailable");
    for (const w of await waiting) expect(w.status === "rejected" && (w.reason as Error).message).toBe("database unavailable");
    expect(calls).toBe(1); // items 2 and 3 never started a batch of their own
  });
});
