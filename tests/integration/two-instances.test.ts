/**
 * Several writers, one truth: two real server processes share one PostgreSQL
 * database. The deliveries of 20 generated nights (overlapping, re-scored
 * chunks, both body shapes, shuffled, 10% duplicates, some copies sent to both
 * processes at the same moment) are split between them concurrently. Every
 * hypnogram must equal the one a single writer builds from the same
 * deliveries, every chunk row is unique, and every 2xx answer has its row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildInferencePayloads, buildSessionCompletePayload } from "@/lib/simulator/asleep-payloads";
import { mulberry32 } from "@/lib/simulator/seeded-random";
import { simulateNight } from "@/lib/simulator/simulate-night";
import { openStore, type Store } from "@/lib/store/client";
import { getSleepSession } from "@/lib/store/queries";
import { createDeliveryStore } from "@/lib/store/delivery-store";
import { createIngest } from "@/lib/webhooks/ingest-delivery";

import { ensureBuilt, startServer, TEST_SECRETS, type ServerProcess } from "../support/server-process";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/test-db";

interface Delivery {
  userId: string;
  sessionId: string;
  body: string;
  /** The dedupe key the answer's row must carry. */
  key: string;
}

/** 20 nights of 2 hours for 5 users; every other night also gets its SESSION_COMPLETE. */
function generateDeliveries(): Delivery[] {
  const out: Delivery[] = [];
  for (let n = 0; n < 20; n++) {
    const userId = `multi-u${n % 5}`;
    const sessionId = `multi-night-${n}`;
    const night = simulateNight({ seed: 1000 + n, hours: 2, startTime: Date.UTC(2025, 5, 1, 22) + n * 86_400_000 });
    const shape = n % 2 === 0 ? "official" : "flat";
    buildInferencePayloads(night, { userId, sessionId, shape, overlap: 3 }).forEach((b, f) =>
      out.push({ userId, sessionId, body: JSON.stringify(b), key: `INFERENCE_COMPLETE:${sessionId}:${f}` }),
    );
    if (n % 2 === 1) {
      const report = buildSessionCompletePayload(night, { userId, sessionId, shape, timezone: "Europe/Paris" });
      out.push({ userId, sessionId, body: JSON.stringify(report), key: `SESSION_COMPLETE:${sessionId}` });
    }
  }
  return out;
}

function shuffle<T>(items: T[], rng: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe.runIf(TEST_PROVIDER === "postgresql")("two instances on one PostgreSQL database", () => {
  let shared: TestDatabase;
  let reference: TestDatabase;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    shared = await createTestDatabase("multi");
    reference = await createTestDatabase("single");
    servers = await Promise.all([startServer({ DATABASE_URL: shared.url }), startServer({ DATABASE_URL: shared.url })]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await shared?.drop();
    await reference?.drop();
  });

  it("store each delivery once and build exactly the hypnograms of a single writer", async () => {
    const rng = mulberry32(20251202);
    const unique = generateDeliveries();
    const duplicates = unique.filter(() => rng() < 0.1);
    const all = shuffle([...unique, ...duplicates], rng);
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const post = (server: ServerProcess, d: Delivery) =>
      fetch(`${server.baseUrl}/asleep-webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": TEST_SECRETS.ASLEEP_API_KEYS, "x-user-id": d.userId },
        body: d.body,
      }).then(async (res) => ({ d, status: res.status, body: (await res.json()) as { status?: string } }));

    // Each delivery to one instance at random; one in 20 to both at the same moment.
    const tasks = all.map((d) => async () => {
      const r = rng();
      if (r < 0.05) return Promise.all([post(a, d), post(b, d)]);
      return [await post(r < 0.525 ? a : b, d)];
    });
    const answers = (await pool(tasks, 16)).flat();

    expect(answers.filter((x) => x.status !== 200).map((x) => `${x.status} ${x.d.key}`)).toEqual([]);
    // Exactly one "accepted" (or "ignored" late chunk) per unique delivery; every other copy is a duplicate.
    const firstAnswers = new Map<string, number>();
    for (const x of answers) if (x.body.status !== "duplicate") firstAnswers.set(x.d.key, (firstAnswers.get(x.d.key) ?? 0) + 1);
    expect([...firstAnswers.values()].every((n) => n === 1)).toBe(true);
    expect(firstAnswers.size).toBe(unique.length);

    // Every 2xx answer has its row: one delivery row per key, one chunk row per stored chunk.
    const rows = await shared.query<{ dedupeKey: string; n: number }>(
      `SELECT "dedupeKey", COUNT(*)::int AS n FROM "WebhookDelivery" WHERE "dedupeKey" IS NOT NULL GROUP BY "dedupeKey"`,
    );
    expect(rows.length).toBe(unique.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.dedupeKey))).toEqual(new Set(unique.map((d) => d.key)));
    const dupChunks = await shared.query(
      `SELECT "sessionId", "inferenceSeqNum" FROM "InferenceChunk" GROUP BY "sessionId", "inferenceSeqNum" HAVING COUNT(*) > 1`,
    );
    expect(dupChunks).toEqual([]);

    // The single writer's truth: the same deliveries, in the same shuffled order, through one ingest.
    const single: Store = await openStore({ url: reference.url });
    try {
      const ingest = createIngest({
        store: createDeliveryStore(async () => single).push,
        apiKeys: [TEST_SECRETS.ASLEEP_API_KEYS],
        logger: (await import("pino")).default({ level: "silent" }),
        publish: () => {},
      });
      for (const d of all) {
        const out = await ingest({
          header: (n) => ({ "x-api-key": TEST_SECRETS.ASLEEP_API_KEYS, "x-user-id": d.userId, "content-type": "application/json" })[n] ?? null,
          body: new Blob([d.body]).stream(),
        });
        expect(out.status).toBe(200);
      }
      const multi: Store = await openStore({ url: shared.url });
      try {
        for (const id of new Set(unique.map((d) => d.sessionId))) {
          const [got, want] = await Promise.all([getSleepSession(multi, id), getSleepSession(single, id)]);
          expect(got, id).not.toBeNull();
          expect({ id, state: got!.state, stages: got!.sleepStages, snoring: got!.snoringStages }).toEqual({
            id,
            state: want!.state,
            stages: want!.sleepStages,
            snoring: want!.snoringStages,
          });
        }
      } finally {
        await multi.close();
      }
    } finally {
      await single.close();
    }
  }, 240_000);
});
