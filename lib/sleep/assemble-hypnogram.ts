/**
 * Live hypnogram assembly from INFERENCE_COMPLETE chunks.
 *
 * Rule (../shared/asleep-webhooks.md, "INFERENCE_COMPLETE"): `seq_num` PLACES a
 * chunk: its `length` values cover epochs `seq_num - length + 1 .. seq_num`
 * (the last upload it covers is epoch `seq_num`; for a full 5-minute frame that
 * is `(inference_seq_num + 1) * 10 - 1`, for the last, partial analysis of a
 * night it is earlier). `inference_seq_num` only ORDERS analyses: chunks may
 * overlap and re-score earlier epochs, and per epoch the value from the highest
 * `inference_seq_num` wins; epochs no chunk covered stay -1. Each epoch
 * remembers the inference_seq_num that set it (its owner), so the result is the
 * same whatever the arrival order and however often a chunk arrives.
 * Isomorphic: no Node imports.
 */
import { Stage } from "./stages";

/** Per-epoch arrays of one session; all three have the same length. */
export interface HypnogramAssembly {
  /** Sleep stage code per epoch (-1 unknown). */
  sleepStages: Int8Array;
  /** Snoring per epoch (0 no, 1 yes, -1 unknown). */
  snoringStages: Int8Array;
  /** inference_seq_num that set each epoch, -1 where none did. */
  owner: Int16Array;
}

/** One chunk's placement input. */
export interface ChunkPlacement {
  /** Epoch index (from 0) of the chunk's LAST value: Asleep's `seq_num`. Places the chunk. */
  seqNum: number;
  /** Asleep's `inference_seq_num` (5-minute frame number): the newest analysis wins an epoch. */
  inferenceSeqNum: number;
  sleepStages: readonly number[];
  /**
   * Missing or null: the epochs this chunk wins get unknown snoring (-1), so the
   * snoring track, like the stages, comes from each epoch's owner in any arrival order.
   */
  snoringStages?: readonly number[] | null;
}

/** Where a chunk lands on the epoch grid: `[startEpoch, endEpoch]` inclusive. */
export interface ChunkWindow {
  startEpoch: number;
  endEpoch: number;
  /** Values cut from the front because they would fall before epoch 0. */
  clipped: number;
}

/**
 * The epochs a chunk of `length` values ending at epoch `seqNum` covers:
 * `seqNum - length + 1 .. seqNum` (../shared/asleep-webhooks.md, "INFERENCE_COMPLETE").
 * A chunk longer than `seqNum + 1` would start before the night: the wire
 * contract refuses it (lib/asleep/webhook-schema.ts); here its front is clipped.
 * @param seqNum epoch index of the chunk's last value (Asleep's `seq_num`), >= 0
 * @param length number of values (epochs) in the chunk
 */
export function chunkWindow(seqNum: number, length: number): ChunkWindow {
  const endEpoch = seqNum;
  const rawStart = endEpoch - length + 1;
  return { startEpoch: Math.max(0, rawStart), endEpoch, clipped: Math.max(0, -rawStart) };
}

/** An empty assembly of `length` unknown epochs. */
export function emptyAssembly(length = 0): HypnogramAssembly {
  return {
    sleepStages: new Int8Array(length).fill(Stage.Unknown),
    snoringStages: new Int8Array(length).fill(-1),
    owner: new Int16Array(length).fill(-1),
  };
}

function grow<T extends Int8Array | Int16Array>(arr: T, length: number, fill: number): T {
  if (arr.length >= length) return arr;
  const out = new (arr.constructor as new (n: number) => T)(length);
  out.fill(fill);
  out.set(arr);
  return out;
}

/**
 * Places one chunk into an assembly and returns the new assembly (the input is
 * not modified), the chunk's window and the number of epochs whose stage value
 * changed. The chunk lands on epochs `seqNum - length + 1 .. seqNum`; on each,
 * it wins unless an analysis with a higher `inferenceSeqNum` already set it.
 * An empty chunk changes nothing; values falling before epoch 0 are dropped.
 */
export function placeChunk(
  assembly: HypnogramAssembly,
  chunk: ChunkPlacement,
): { assembly: HypnogramAssembly; window: ChunkWindow; changedEpochs: number } {
  const window = chunkWindow(chunk.seqNum, chunk.sleepStages.length);
  if (chunk.sleepStages.length === 0) return { assembly, window, changedEpochs: 0 };
  const length = Math.max(assembly.sleepStages.length, window.endEpoch + 1);
  const sleep = grow(Int8Array.from(assembly.sleepStages), length, Stage.Unknown);
  const snoring = grow(Int8Array.from(assembly.snoringStages), length, -1);
  const owner = grow(Int16Array.from(assembly.owner), length, -1);
  const seq = chunk.inferenceSeqNum;
  const snore = chunk.snoringStages ?? null;
  const offset = window.startEpoch - (window.endEpoch - chunk.sleepStages.length + 1);
  let changedEpochs = 0;
  for (let e = window.startEpoch; e <= window.endEpoch; e++) {
    if (owner[e]! > seq) continue;
    const i = e - window.startEpoch + offset;
    const value = chunk.sleepStages[i]!;
    if (sleep[e] !== value) changedEpochs++;
    sleep[e] = value;
    owner[e] = seq;
    snoring[e] = snore && i < snore.length ? snore[i]! : -1;
  }
  return { assembly: { sleepStages: sleep, snoringStages: snoring, owner }, window, changedEpochs };
}

/** Assembles a hypnogram from chunks in any order and repetition (a convenience over {@link placeChunk}); same rule. */
export function assembleHypnogram(chunks: readonly ChunkPlacement[]): HypnogramAssembly {
  let assembly = emptyAssembly();
  for (const chunk of chunks) assembly = placeChunk(assembly, chunk).assembly;
  return assembly;
}
