/**
 * History seeding on either engine: COMPLETE nights written through the
 * product's own storage layer (lib/store), in batches, as SESSION_COMPLETE
 * deliveries built by the simulator (lib/simulator) and parsed by the webhook
 * contract, so the rows are exactly what real deliveries make (report,
 * summary columns, delivery log). Nights come from 7 simulated variants of 8
 * hours, reused, so seeding thousands of nights stays quick.
 */
import { parseAsleepDelivery, type AsleepEvent } from "../../lib/asleep/webhook-schema";
import { buildSessionCompletePayload } from "../../lib/simulator/asleep-payloads";
import { simulateNight, type SimulatedNight } from "../../lib/simulator/simulate-night";
import { openStore } from "../../lib/store/client";
import { saveDeliveryBatch, type StoreItem } from "../../lib/store/write-batch";
import type { BenchDatabase } from "./server";

/** Epochs in a seeded night (8 hours of 30-second epochs). */
export const SEED_EPOCHS = 960;
/** Nights written per transaction. */
const BATCH = 200;

export interface SeedPlan {
  /** Users to create (or extend): each gets nights `fromNight` .. `nights - 1`. */
  userIds: readonly string[];
  nights: number;
  /** First night index to write (default 0): lets a later call extend earlier nights. */
  fromNight?: number;
  /** Session id prefix; night n of user u is `${prefix}-${u}-${n}`. */
  prefix: string;
  /** Start of the newest night, ms since epoch; older nights one day apart. Default: last night 22:00 UTC. */
  newestStartMs?: number;
}

const variants: SimulatedNight[] = Array.from({ length: 7 }, (_, v) =>
  simulateNight({ seed: 7919 * (v + 1), hours: SEED_EPOCHS / 120, startTime: 0 }),
);

function nightEvent(userId: string, sessionId: string, startMs: number, variant: SimulatedNight): AsleepEvent {
  const night = { ...variant, startTime: startMs };
  const parsed = parseAsleepDelivery(buildSessionCompletePayload(night, { userId, sessionId, shape: "official" }));
  if (parsed.kind !== "event") throw new Error(`seed: the simulator built an invalid SESSION_COMPLETE (${JSON.stringify(parsed)})`);
  return parsed.event;
}

/** Writes the plan; returns the number of nights written and the ms it took. Throws if any night is refused. */
export async function seedNights(db: BenchDatabase, plan: SeedPlan): Promise<{ nights: number; ms: number }> {
  const t0 = performance.now();
  // Generous timeouts: seeding may run while the machine is saturated by the scenario before it.
  const store = await openStore({ url: db.url, busyTimeoutMs: 10_000, timeoutMs: 30_000 });
  const newest = plan.newestStartMs ?? Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 3_600_000;
  let written = 0;
  let batch: StoreItem[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const results = await saveDeliveryBatch(store, batch);
    const refused = results.filter((r) => r.kind !== "report");
    if (refused.length) throw new Error(`seed: ${refused.length} nights not stored (${JSON.stringify(refused[0])})`);
    written += batch.length;
    batch = [];
  };
  try {
    for (const u of plan.userIds) {
      for (let n = plan.fromNight ?? 0; n < plan.nights; n++) {
        const event = nightEvent(u, `${plan.prefix}-${u}-${n}`, newest - n * 86_400_000, variants[n % variants.length]!);
        batch.push({ kind: "event", event, raw: "", receivedAt: new Date() });
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();
  } finally {
    await store.close();
  }
  return { nights: written, ms: Math.round(performance.now() - t0) };
}
