/**
 * Property tests of the payload edge (issue 9, "A suite that keeps it so"):
 * whatever arrives, the parser answers invalid / unknown-event / event and
 * never throws, and the ingest pipeline answers 2xx or 4xx, never 5xx.
 * PROPERTY_RUNS cases each (1,000 in `npm test`, NOCTURNE_PROPERTY_RUNS to raise).
 */
import { Readable } from "node:stream";

import fc from "fast-check";
import pino from "pino";
import { describe, expect, it } from "vitest";

import { LIMITS, parseAsleepDelivery, type ParseResult } from "@/lib/asleep/webhook-schema";
import { planBatch } from "@/lib/store/plan-batch";
import { createIngest } from "@/lib/webhooks/ingest-delivery";

import { readFixture } from "../../support/fixtures";
import { PROPERTY_RUNS } from "../../support/property-runs";

const FIXTURES = [
  "inference_complete.json",
  "official_inference_complete.json",
  "session_complete.json",
  "official_session_complete.json",
  "session_complete_minimal.json",
].map(readFixture);

/** The invariants every accepted event keeps (the bounds of LIMITS and the placement rule). */
function checkResult(r: ParseResult): void {
  expect(["event", "invalid", "unknown-event"]).toContain(r.kind);
  if (r.kind === "invalid") {
    expect(typeof r.error).toBe("string");
    for (const i of r.issues) expect(typeof i.path).toBe("string");
  }
  if (r.kind !== "event") return;
  const ev = r.event;
  expect(ev.sleepStages.length).toBeLessThanOrEqual(LIMITS.nightEpochs);
  if (ev.event === "INFERENCE_COMPLETE") {
    expect(ev.sleepStages.length).toBeLessThanOrEqual(ev.seqNum + 1);
    expect(ev.seqNum).toBeLessThan(LIMITS.nightEpochs);
  }
}

/** A fixture with one value somewhere inside replaced by anything. */
const mutatedFixture = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.jsonValue())
  .map(([fixture, steps, value]) => {
    const body = structuredClone(fixture) as Record<string, unknown>;
    let node: unknown = body;
    for (const [i, step] of steps.entries()) {
      if (typeof node !== "object" || node === null) break;
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[step % keys.length]!;
      if (i === steps.length - 1 || typeof (node as Record<string, unknown>)[key] !== "object") {
        (node as Record<string, unknown>)[key] = value;
        break;
      }
      node = (node as Record<string, unknown>)[key];
    }
    return body;
  });

describe("parseAsleepDelivery never throws (property)", () => {
  it(`any bytes that parse as JSON (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        let json: unknown;
        try {
          json = JSON.parse(Buffer.from(bytes).toString("utf8"));
        } catch {
          return; // the pipeline answers 400 "malformed JSON" before the parser (below)
        }
        checkResult(parseAsleepDelivery(json));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it(`any JSON value, and anything at all (${PROPERTY_RUNS} runs each)`, () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => checkResult(parseAsleepDelivery(v))), { numRuns: PROPERTY_RUNS });
    fc.assert(fc.property(fc.anything(), (v) => checkResult(parseAsleepDelivery(v))), { numRuns: PROPERTY_RUNS });
  });

  it(`a docs fixture with any value replaced anywhere (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(fc.property(mutatedFixture, (body) => checkResult(parseAsleepDelivery(body))), { numRuns: PROPERTY_RUNS });
  });
});

describe("the ingest pipeline answers 2xx or 4xx, never 5xx (property)", () => {
  // The real pipeline over the real planner, on an empty database state: no I/O.
  const ingest = createIngest({
    store: async (item) => planBatch({ seenKeys: new Set(), sessions: new Map() }, [item]).results[0]!,
    apiKeys: ["k"],
    logger: pino({ level: "silent" }),
    publish: () => {},
  });
  const send = (body: Uint8Array | string, user = "user123") =>
    ingest({
      header: (name) => ({ "x-api-key": "k", "content-type": "application/json", "x-user-id": user })[name.toLowerCase()] ?? null,
      body: Readable.from([Buffer.from(body)]),
    });

  it(`any bytes as a body (${PROPERTY_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), async (bytes) => {
        const { status } = await send(bytes);
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it(`a mutated docs fixture as a body (${PROPERTY_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedFixture, async (body) => {
        const d = (body.data ?? body) as { user_id?: unknown };
        const { status } = await send(JSON.stringify(body), typeof d.user_id === "string" ? d.user_id.trim() : "user123");
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
