/**
 * Writes one INFERENCE_COMPLETE inside the caller's transaction: user, session
 * (with the re-assembled hypnogram and its live summary) and the chunk row.
 */
import type { InferenceCompleteEvent } from "../webhooks/asleep-schema";
import type { Prisma } from "../generated/prisma/client";
import { emptyAssembly, placeChunk, type ChunkWindow, type HypnogramAssembly } from "./assemble-hypnogram";
import { decodeOwners, decodeStages, encodeOwners, encodeStages } from "./stage-codec";
import { EPOCH_SECONDS } from "./stages";
import { computeSleepStatistics, type SleepStatistics } from "./statistics";
import { summariseNight } from "./summary";

type Tx = Prisma.TransactionClient;

/** What a stored chunk changed, for the realtime layer. */
export interface SavedChunk {
  kind: "stored";
  startTime: Date;
  window: ChunkWindow;
  assembly: HypnogramAssembly;
  statistics: SleepStatistics;
  changedEpochs: number;
  /** Chunks stored for this session so far, this one included: a version that only grows. */
  version: number;
}

/** The session is COMPLETE: the chunk was recorded in the audit log only. */
export interface LateChunk {
  kind: "late";
}

/** The session exists under another user: nothing was written. */
export interface ForeignSession {
  kind: "foreign-session";
  ownerId: string;
}

function int8(bytes: Uint8Array): Int8Array {
  return Int8Array.from(decodeStages(bytes));
}

/** Creates the user or moves its last-seen time. */
export async function touchUser(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.user.upsert({
    where: { id: userId },
    create: { id: userId, firstSeenAt: at, lastSeenAt: at },
    update: { lastSeenAt: at },
  });
}

/**
 * Places the chunk on the session's epoch grid (creating the session on its
 * first chunk, start time estimated from the receive time) and stores the chunk.
 * Throws Prisma's P2002 if a chunk with this inference_seq_num already exists.
 */
export async function saveInferenceChunk(
  tx: Tx,
  ev: InferenceCompleteEvent,
  receivedAt: Date,
): Promise<SavedChunk | LateChunk | ForeignSession> {
  const session = await tx.sleepSession.findUnique({
    where: { id: ev.sessionId },
    select: {
      userId: true,
      state: true,
      startTime: true,
      lastInferenceSeq: true,
      chunkCount: true,
      sleepStages: true,
      snoringStages: true,
      epochOwner: true,
    },
  });
  if (session && session.userId !== ev.userId) return { kind: "foreign-session", ownerId: session.userId };
  if (session?.state === "COMPLETE") return { kind: "late" };

  const before: HypnogramAssembly = session
    ? {
        sleepStages: int8(session.sleepStages),
        snoringStages: int8(session.snoringStages),
        owner: decodeOwners(session.epochOwner),
      }
    : emptyAssembly();
  const placed = placeChunk(before, ev);
  const { assembly, window } = placed;
  const sentAt = ev.timestamp ? new Date(ev.timestamp) : receivedAt;
  const startTime = session?.startTime ?? new Date(sentAt.getTime() - (window.endEpoch + 1) * EPOCH_SECONDS * 1000);
  const statistics = computeSleepStatistics(assembly.sleepStages, startTime.getTime(), assembly.snoringStages);
  const summary = summariseNight(statistics);
  const stages = {
    sleepStages: encodeStages(Array.from(assembly.sleepStages)),
    snoringStages: encodeStages(Array.from(assembly.snoringStages)),
    epochOwner: encodeOwners(assembly.owner),
    ...summary,
  };

  await touchUser(tx, ev.userId, receivedAt);
  if (session) {
    await tx.sleepSession.update({
      where: { id: ev.sessionId },
      data: {
        ...stages,
        chunkCount: { increment: 1 },
        lastInferenceSeq: Math.max(session.lastInferenceSeq ?? -1, ev.inferenceSeqNum),
      },
    });
  } else {
    await tx.sleepSession.create({
      data: {
        id: ev.sessionId,
        userId: ev.userId,
        state: "LIVE",
        startTime,
        startTimeEstimated: true,
        chunkCount: 1,
        lastInferenceSeq: ev.inferenceSeqNum,
        ...stages,
      },
    });
  }
  await tx.inferenceChunk.create({
    data: {
      sessionId: ev.sessionId,
      inferenceSeqNum: ev.inferenceSeqNum,
      seqNum: ev.seqNum,
      startEpoch: window.startEpoch,
      endEpoch: window.endEpoch,
      sleepStages: encodeStages(ev.sleepStages),
      snoringStages: ev.snoringStages ? encodeStages(ev.snoringStages) : null,
      breathStages: ev.breathStages ? JSON.stringify(ev.breathStages) : null,
      receivedAt,
    },
  });
  return {
    kind: "stored",
    startTime,
    window,
    assembly,
    statistics,
    changedEpochs: placed.changedEpochs,
    version: (session?.chunkCount ?? 0) + 1,
  };
}
