/**
 * Baseline (b), the seed-style receiver a user following Asleep's guide
 * builds: Express, an x-api-key check, then the same rows as the product
 * written with Prisma one query at a time (upsert user, upsert session, create
 * chunk, create delivery): no transaction, no hypnogram assembly, no realtime.
 * Uses the product's generated client on its own throwaway SQLite file
 * (DATABASE_URL, migrated here with applyMigrations; WAL and
 * synchronous=NORMAL like the product, via openStore). Run as a child
 * process: `node --import tsx bench/baselines/seed-style.ts` with PORT,
 * DATABASE_URL, ASLEEP_API_KEY; listens on 127.0.0.1.
 */
import express from "express";

import { openStore } from "../../lib/store/client";
import { applyMigrations } from "../../lib/store/migrate";

interface Chunk {
  user_id: string;
  session_id: string;
  seq_num: number;
  inference_seq_num: number;
  sleep_stages: number[];
  snoring_stages: number[] | null;
  breath_stages: number[] | null;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? "";
  await applyMigrations(url);
  const db = (await openStore({ url })).prisma;
  const apiKey = process.env.ASLEEP_API_KEY ?? "";
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  app.get("/health", (_req, res) => void res.send("ok"));
  app.post("/asleep-webhook", async (req, res) => {
    if (req.get("x-api-key") !== apiKey) return void res.status(401).json({ error: "invalid x-api-key" });
    const { event, data } = req.body as { event?: string; data?: Chunk };
    if (event !== "INFERENCE_COMPLETE" || !data) return void res.status(400).json({ error: "unsupported" });
    try {
      const now = new Date();
      await db.user.upsert({ where: { id: data.user_id }, create: { id: data.user_id }, update: { lastSeenAt: now } });
      await db.sleepSession.upsert({
        where: { id: data.session_id },
        create: {
          id: data.session_id,
          userId: data.user_id,
          startTime: now,
          sleepStages: new Uint8Array(0),
          snoringStages: new Uint8Array(0),
          epochOwner: new Uint8Array(0),
          lastInferenceSeq: data.inference_seq_num,
        },
        update: { lastInferenceSeq: data.inference_seq_num },
      });
      await db.inferenceChunk.create({
        data: {
          sessionId: data.session_id,
          inferenceSeqNum: data.inference_seq_num,
          seqNum: data.seq_num,
          startEpoch: Math.max(0, data.seq_num - data.sleep_stages.length + 1),
          endEpoch: data.seq_num,
          sleepStages: Uint8Array.from(data.sleep_stages, (v) => v + 1),
          snoringStages: data.snoring_stages ? Uint8Array.from(data.snoring_stages, (v) => v + 1) : null,
          breathStages: data.breath_stages ? JSON.stringify(data.breath_stages) : null,
        },
      });
      await db.webhookDelivery.create({
        data: {
          event,
          userId: data.user_id,
          sessionId: data.session_id,
          dedupeKey: `${event}:${data.session_id}:${data.inference_seq_num}`,
          outcome: "accepted",
          httpStatus: 200,
          body: JSON.stringify(req.body),
        },
      });
      res.json({ status: "accepted", sessionId: data.session_id, inferenceSeqNum: data.inference_seq_num });
    } catch (err) {
      res.status(500).json({ error: (err as Error).message.slice(0, 200) });
    }
  });
  const server = app.listen(Number(process.env.PORT), "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => void db.$disconnect().then(() => process.exit(0))));
}

void main();
