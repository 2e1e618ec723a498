/**
 * Crash test (issue 9, "A suite that keeps it so"): `kill -9` of a real server
 * process (scripts/ingest-server.ts) while 16 senders deliver at once, then a
 * restart on the same database. Every delivery that was answered 2xx is
 * stored exactly once (its audit row and its chunk); Asleep's retries of
 * everything then give each night exactly its stages. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildInferencePayloads } from "@/lib/simulator/asleep-payloads";
import { simulateNight } from "@/lib/simulator/simulate-night";
import { spawnIngestServer, type ServerProcess } from "@/scripts/chaos/spawn-server";

import { createTestDatabase, type TestDatabase } from "../support/test-db";

const KEY = "crash-key";
const ADMIN = "crash-admin-token";
const SESSIONS = 24;
const SENDERS = 16;

let tmp: TestDatabase;
let server: ServerProcess | undefined;

beforeAll(async () => {
  tmp = await createTestDatabase("crash");
});
afterAll(async () => {
  await server?.kill("SIGKILL");
  await tmp.drop();
});

interface Delivery {
  key: string;
  sessionId: string;
  inferenceSeqNum: number;
  body: string;
}

/** 24 nights of 100 minutes (20 chunks each, no overlap): 480 deliveries, interleaved across nights. */
function plan(): { deliveries: Delivery[]; nights: Map<string, number[]> } {
  const nights = new Map<string, number[]>();
  const perNight: Delivery[][] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = `crash-${s}`;
    const night = simulateNight({ seed: 1000 + s, hours: 100 / 60, startTime: Date.UTC(2026, 2, 1, 22) });
    nights.set(sessionId, night.sleepStages);
    perNight.push(
      buildInferencePayloads(night, { userId: `u-crash-${s % 4}`, sessionId, overlap: 0, shape: "official" }).map((b, f) => ({
        key: `INFERENCE_COMPLETE:${sessionId}:${f}`,
        sessionId,
        inferenceSeqNum: f,
        body: JSON.stringify(b),
      })),
    );
  }
  const deliveries: Delivery[] = [];
  for (let f = 0; f < perNight[0]!.length; f++) for (const d of perNight) deliveries.push(d[f]!);
  return { deliveries, nights };
}

async function post(base: string, d: Delivery): Promise<{ status: number; body: { status?: string } }> {
  const user = JSON.parse(d.body).data.user_id as string;
  const res = await fetch(`${base}/asleep-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": KEY, "x-user-id": user },
    body: d.body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as { status?: string } };
}

describe("kill -9 under concurrent ingest", () => {
  it("keeps every delivery answered 2xx exactly once, and retries complete every night", async () => {
    const { deliveries, nights } = plan();
    server = await spawnIngestServer({ databaseUrl: tmp.url, apiKey: KEY, adminToken: ADMIN });
    const first = server;
    const acknowledged: Delivery[] = [];
    const answers: string[] = [];
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++]!;
        let r: Awaited<ReturnType<typeof post>> | undefined;
        try {
          r = await post(first.url, d);
        } catch {
          // no answer: the server died with this request in flight
        }
        if (r && r.status >= 200 && r.status < 300) {
          answers.push(r.body.status ?? "");
          acknowledged.push(d);
        }
        if (!killed && acknowledged.length >= 150) {
          killed = true;
          first.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await first.kill("SIGKILL");
    expect(killed).toBe(true);
    expect(new Set(answers)).toEqual(new Set(["accepted"]));
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(acknowledged.length).toBeLessThan(deliveries.length);

    // Restart on the same database: every acknowledged delivery is there exactly once.
    server = await spawnIngestServer({ databaseUrl: tmp.url, apiKey: KEY, adminToken: ADMIN });
    const keys = await tmp.query<{ dedupeKey: string; n: number }>(
      `SELECT "dedupeKey", COUNT(*) AS n FROM "WebhookDelivery" WHERE "dedupeKey" IS NOT NULL GROUP BY "dedupeKey"`,
    );
    const stored = new Map(keys.map((k) => [k.dedupeKey, Number(k.n)]));
    for (const d of acknowledged) expect(stored.get(d.key), d.key).toBe(1);
    const chunkDuplicates = await tmp.query(
      `SELECT "sessionId", "inferenceSeqNum" FROM "InferenceChunk" GROUP BY "sessionId", "inferenceSeqNum" HAVING COUNT(*) > 1`,
    );
    expect(chunkDuplicates).toEqual([]);
    // Every stored delivery has its chunk: nothing half-written.
    expect(await tmp.count("InferenceChunk")).toBe(stored.size);

    // Asleep retries everything: acknowledged ones are duplicates, the rest are stored; every night is exact.
    const again = server;
    const retries = await Promise.all(
      Array.from({ length: SENDERS }, async (_, w) => {
        const out: Array<[string, number, string | undefined]> = [];
        for (let i = w; i < deliveries.length; i += SENDERS) {
          const r = await post(again.url, deliveries[i]!);
          out.push([deliveries[i]!.key, r.status, r.body.status]);
        }
        return out;
      }),
    );
    for (const [key, status, answer] of retries.flat()) {
      expect(status, key).toBe(200);
      expect(answer, key).toBe(stored.has(key) ? "duplicate" : "accepted");
    }
    for (const [id, stages] of nights) {
      const res = await fetch(`${server.url}/api/sessions/${id}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(((await res.json()) as { sleepStages: number[] }).sleepStages, id).toEqual(stages);
    }
    expect(await tmp.count("WebhookDelivery", `"dedupeKey" IS NOT NULL`)).toBe(deliveries.length);
  }, 90_000);
});
