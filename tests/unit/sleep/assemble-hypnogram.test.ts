import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  assembleHypnogram,
  chunkWindow,
  emptyAssembly,
  placeChunk,
  type ChunkPlacement,
  type HypnogramAssembly,
} from "@/lib/sleep/assemble-hypnogram";

import { computeSleepStatistics } from "@/lib/sleep/statistics";

import { readFixture } from "../../support/fixtures";
import { PROPERTY_RUNS } from "../../support/property-runs";

/** `n` copies of `v`. */
function run(v: number, n: number): number[] {
  return new Array<number>(n).fill(v);
}

/** Plain arrays, so a failing comparison prints readably. */
function plain(a: HypnogramAssembly): { sleep: number[]; snoring: number[]; owner: number[] } {
  return { sleep: Array.from(a.sleepStages), snoring: Array.from(a.snoringStages), owner: Array.from(a.owner) };
}

/** A chunk that ends at full frame `k`'s last epoch: seq_num (k + 1) x 10 - 1, as Asleep sends mid-night. */
function full(inferenceSeqNum: number, sleepStages: number[], snoringStages?: number[] | null): ChunkPlacement {
  return { seqNum: (inferenceSeqNum + 1) * 10 - 1, inferenceSeqNum, sleepStages, snoringStages };
}

// Frame f covers epochs 10f .. 10f+9. Three one-frame chunks with distinct patterns:
const frame1: ChunkPlacement = {
  seqNum: 19,
  inferenceSeqNum: 1,
  sleepStages: [0, 0, 1, 1, 1, 1, 1, 1, 2, 2],
  snoringStages: run(0, 10),
};
const frame2: ChunkPlacement = {
  seqNum: 29,
  inferenceSeqNum: 2,
  sleepStages: [2, 2, 2, 2, 1, 1, 3, 3, 3, 1],
  snoringStages: [0, 0, 1, 1, 1, 0, 0, 0, 0, 0],
};
const frame3: ChunkPlacement = {
  seqNum: 39,
  inferenceSeqNum: 3,
  sleepStages: [1, 1, 0, 0, 1, 2, 2, 2, 2, 2],
  snoringStages: [0, 0, 0, 0, 0, 1, 1, 0, 0, 0],
};

describe("chunkWindow", () => {
  it("ends a chunk at its seq_num: epochs seq_num - length + 1 .. seq_num", () => {
    // the flat fixture: seq_num 60, 5 values -> epochs 56-60 (../shared/asleep-webhooks.md)
    expect(chunkWindow(60, 5)).toEqual({ startEpoch: 56, endEpoch: 60, clipped: 0 });
    // the docs' example: inference_seq_num 6 with 40 values = frames 3-6: seq_num 69, epochs 30-69
    expect(chunkWindow(69, 40)).toEqual({ startEpoch: 30, endEpoch: 69, clipped: 0 });
    // the partial first analysis: seq_num 6, 7 values -> epochs 0-6
    expect(chunkWindow(6, 7)).toEqual({ startEpoch: 0, endEpoch: 6, clipped: 0 });
  });

  it("clips a chunk longer than seq_num + 1 at epoch 0 (the schema refuses those; the domain stays total)", () => {
    // seq_num 9; 15 values would start at -5: 5 values clipped
    expect(chunkWindow(9, 15)).toEqual({ startEpoch: 0, endEpoch: 9, clipped: 5 });
    expect(chunkWindow(29, 40)).toEqual({ startEpoch: 0, endEpoch: 29, clipped: 10 });
  });
});

describe("placement by seq_num (issue 9, item 3)", () => {
  it("places {seq_num 6, inference_seq_num 0, 7 values} on epochs 0-6: sleep onset latency 30 s", () => {
    const { assembly, window } = placeChunk(emptyAssembly(), { seqNum: 6, inferenceSeqNum: 0, sleepStages: [0, 1, 1, 2, 2, 3, 3] });
    expect(window).toEqual({ startEpoch: 0, endEpoch: 6, clipped: 0 });
    expect(Array.from(assembly.sleepStages)).toEqual([0, 1, 1, 2, 2, 3, 3]);
    // one wake epoch before the first light one: 1 x 30 s
    expect(computeSleepStatistics(assembly.sleepStages, 0).sleepOnsetLatency).toBe(30);
  });

  it("places a night's last, partial analysis where its seq_num says, not at its frame's end", () => {
    // two full frames (epochs 0-19), then the last analysis: frame 2, 5 uploads, seq_num 24 -> epochs 20-24
    const last: ChunkPlacement = { seqNum: 24, inferenceSeqNum: 2, sleepStages: [0, 0, 0, 0, 0] };
    const a = assembleHypnogram([full(0, run(1, 10)), last, full(1, run(2, 10))]);
    expect(Array.from(a.sleepStages)).toEqual([...run(1, 10), ...run(2, 10), 0, 0, 0, 0, 0]);
    expect(Array.from(a.owner)).toEqual([...run(0, 10), ...run(1, 10), ...run(2, 5)]);
  });

  it("lets inference_seq_num decide an overlapping epoch, whatever seq_num says", () => {
    // analysis 5 ends at epoch 14 (10 values: 5-14); analysis 4 ends later, at 19 (10 values: 10-19).
    // Epochs 10-14 are covered by both: analysis 5 wins there although it ends earlier.
    const newer: ChunkPlacement = { seqNum: 14, inferenceSeqNum: 5, sleepStages: run(3, 10) };
    const older: ChunkPlacement = { seqNum: 19, inferenceSeqNum: 4, sleepStages: run(1, 10) };
    const expected = [...run(-1, 5), ...run(3, 10), ...run(1, 5)];
    expect(Array.from(assembleHypnogram([newer, older]).sleepStages)).toEqual(expected);
    expect(Array.from(assembleHypnogram([older, newer]).sleepStages)).toEqual(expected);
  });
});

describe("placeChunk / assembleHypnogram", () => {
  it("places the flat fixture's chunk (seq_num 60, inference_seq_num 12, 5 values) on epochs 56-60, all before unknown", () => {
    const body = readFixture("inference_complete.json");
    const { assembly, window, changedEpochs } = placeChunk(emptyAssembly(), {
      seqNum: body.seq_num as number,
      inferenceSeqNum: body.inference_seq_num as number,
      sleepStages: body.sleep_stages as number[],
      snoringStages: body.snoring_stages as number[],
    });
    expect(window).toEqual({ startEpoch: 56, endEpoch: 60, clipped: 0 });
    expect(changedEpochs).toBe(5);
    expect(plain(assembly)).toEqual({
      sleep: [...run(-1, 56), 1, 1, 2, 2, 2],
      snoring: [...run(-1, 56), 0, 0, 1, 1, 0],
      owner: [...run(-1, 56), 12, 12, 12, 12, 12],
    });
  });

  it("places the official chunk (seq_num 39, inference_seq_num 3, 40 values) on epochs 0-39, equal to the complete night's first 40", () => {
    const chunk = readFixture("official_inference_complete.json").data as Record<string, number[]>;
    const night = (readFixture("official_session_complete.json").data as { session: { sleep_stages: number[] } })
      .session;
    const { assembly, window } = placeChunk(emptyAssembly(), {
      seqNum: 39,
      inferenceSeqNum: 3,
      sleepStages: chunk.sleep_stages!,
      snoringStages: chunk.snoring_stages!,
    });
    expect(window).toEqual({ startEpoch: 0, endEpoch: 39, clipped: 0 });
    expect(Array.from(assembly.sleepStages)).toEqual(night.sleep_stages.slice(0, 40));
  });

  it("assembles chunks arriving 3, 1, 2 exactly like 1, 2, 3", () => {
    const expected = {
      sleep: [...run(-1, 10), ...frame1.sleepStages, ...frame2.sleepStages, ...frame3.sleepStages],
      snoring: [...run(-1, 10), ...frame1.snoringStages!, ...frame2.snoringStages!, ...frame3.snoringStages!],
      owner: [...run(-1, 10), ...run(1, 10), ...run(2, 10), ...run(3, 10)],
    };
    // spelled out once, to make sure the expectation itself is what we mean
    // prettier-ignore
    expect(expected.sleep).toEqual([
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
      0, 0, 1, 1, 1, 1, 1, 1, 2, 2,
      2, 2, 2, 2, 1, 1, 3, 3, 3, 1,
      1, 1, 0, 0, 1, 2, 2, 2, 2, 2,
    ]);
    expect(plain(assembleHypnogram([frame3, frame1, frame2]))).toEqual(expected);
    expect(plain(assembleHypnogram([frame1, frame2, frame3]))).toEqual(expected);
  });

  it("lets a 40-value chunk re-score the three frames before it, and the highest seq wins in any order", () => {
    // seq 3 with 40 values covers frames 0-3 (epochs 0-39): re-scores frames 1 and 2 (and fills frame 0),
    // so all of it wins over frame1 and frame2.
    const rescore = full(3, [...run(1, 10), ...run(2, 10), ...run(3, 10), ...run(0, 10)], [...run(1, 10), ...run(0, 30)]);
    // seq 5 with 40 values covers frames 2-5 (epochs 20-59): wins over seq 3 on epochs 20-39
    const later = full(5, run(2, 40), run(1, 40));
    const expected = {
      // 0-19 from seq 3 (1 x10, 2 x10), 20-59 from seq 5 (2 x40)
      sleep: [...run(1, 10), ...run(2, 10), ...run(2, 40)],
      snoring: [...run(1, 10), ...run(0, 10), ...run(1, 40)],
      owner: [...run(3, 20), ...run(5, 40)],
    };
    const orders = [
      [frame1, frame2, rescore, later],
      [later, rescore, frame2, frame1],
      [rescore, later, frame1, frame2],
      [frame2, later, frame1, rescore],
    ];
    for (const order of orders) expect(plain(assembleHypnogram(order))).toEqual(expected);
  });

  it("counts how many epochs a chunk changed and ignores a lower seq arriving late", () => {
    const first = placeChunk(emptyAssembly(), frame2);
    expect(first.changedEpochs).toBe(10); // -1 -> a stage on all 10 epochs of frame 2
    // seq 3 with 20 values re-scores frame 2: [2,2,2,2,1,1,3,3,3,1] -> run(1,10) differs on 2,2,2,2,3,3,3 = 7
    const second = placeChunk(first.assembly, full(3, run(1, 20)));
    expect(second.changedEpochs).toBe(17); // 7 re-scored + 10 new in frame 3
    const late = placeChunk(second.assembly, frame2); // seq 2 < owner 3 everywhere it lands
    expect(late.changedEpochs).toBe(0);
    expect(plain(late.assembly)).toEqual(plain(second.assembly));
  });

  it("changes nothing when a chunk arrives again", () => {
    const once = assembleHypnogram([frame1, frame2]);
    const again = placeChunk(once, frame2);
    expect(again.changedEpochs).toBe(0);
    expect(plain(again.assembly)).toEqual(plain(once));
    expect(plain(assembleHypnogram([frame2, frame1, frame2, frame1, frame2]))).toEqual(plain(once));
  });

  it("does not modify the assembly it is given", () => {
    const before = assembleHypnogram([frame1]);
    const copy = plain(before);
    placeChunk(before, full(1, run(3, 10)));
    expect(plain(before)).toEqual(copy);
  });

  it("leaves epochs no chunk covered at -1 (stage, snoring and owner)", () => {
    // frames 0 and 2 only: epochs 10-19 stay unknown
    const a = assembleHypnogram([
      full(2, run(2, 10), run(0, 10)),
      full(0, run(1, 10), run(0, 10)),
    ]);
    expect(plain(a)).toEqual({
      sleep: [...run(1, 10), ...run(-1, 10), ...run(2, 10)],
      snoring: [...run(0, 10), ...run(-1, 10), ...run(0, 10)],
      owner: [...run(0, 10), ...run(-1, 10), ...run(2, 10)],
    });
  });

  it("keeps only the last values of a chunk that reaches before epoch 0", () => {
    // seq_num 9; of 15 values the first 5 would fall before epoch 0 and are dropped,
    // so epochs 0-9 get values[5..14]
    const values = [0, 1, 2, 3, 0, /* dropped ^ kept v */ 1, 2, 3, 0, 1, 2, 3, 0, 1, 2];
    const { assembly, window } = placeChunk(emptyAssembly(), full(0, values));
    expect(window.clipped).toBe(5);
    expect(Array.from(assembly.sleepStages)).toEqual([1, 2, 3, 0, 1, 2, 3, 0, 1, 2]);
  });

  it("an empty chunk changes no epoch's value", () => {
    const before = assembleHypnogram([frame1]);
    const { assembly, changedEpochs } = placeChunk(before, full(1, []));
    expect(changedEpochs).toBe(0);
    expect(plain(assembly)).toEqual(plain(before));
  });

  it("gives an epoch owned by a chunk without a snoring track unknown snoring, whatever the order", () => {
    // seq 1 (epochs 10-19) sends snoring; seq 2 with 30 values (frames 0-2, epochs 0-29) sends none:
    // seq 2 owns epochs 0-29, so their snoring is unknown, not seq 1's leftover.
    const withSnoring = full(1, run(1, 10), run(1, 10));
    const without = full(2, run(2, 30), null);
    const expected = { sleep: run(2, 30), snoring: run(-1, 30), owner: run(2, 30) };
    expect(plain(assembleHypnogram([withSnoring, without]))).toEqual(expected);
    expect(plain(assembleHypnogram([without, withSnoring]))).toEqual(expected);
  });
});

describe("assembleHypnogram is order-independent (property)", () => {
  interface GenChunk {
    /** inference_seq_num: orders analyses. */
    inf: number;
    /** seq_num: the epoch of the last value. */
    end: number;
    sleep: number[];
    snoring: number[] | null;
  }

  // A valid chunk: seq_num 0..130, 1..min(45, seq_num + 1) values (a longer one is refused at the edge).
  const chunkArb = (inf: number): fc.Arbitrary<GenChunk> =>
    fc
      .integer({ min: 0, max: 130 })
      .chain((end) => fc.record({ end: fc.constant(end), length: fc.integer({ min: 1, max: Math.min(45, end + 1) }), withSnoring: fc.boolean() }))
      .chain(({ end, length, withSnoring }) =>
        fc.record({
          inf: fc.constant(inf),
          end: fc.constant(end),
          sleep: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: length, maxLength: length }),
          snoring: withSnoring
            ? fc.array(fc.integer({ min: -1, max: 1 }), { minLength: length, maxLength: length })
            : fc.constant(null),
        }),
      );

  /** A set of chunks (distinct inference_seq_num) and an arrival order: every chunk at least once, some repeated. */
  const scenarioArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 })
    .chain((infs) => fc.tuple(...infs.map(chunkArb)))
    .chain((chunks) =>
      fc
        .array(fc.integer({ min: 0, max: chunks.length - 1 }), { maxLength: 8 })
        .chain((repeats) => {
          const indices = [...chunks.keys(), ...repeats];
          return fc.shuffledSubarray(indices, { minLength: indices.length, maxLength: indices.length });
        })
        .map((order) => ({ chunks, order })),
    );

  /**
   * Reference, computed without placeChunk: for each epoch, find every chunk whose span
   * [seq_num - length + 1, seq_num] contains it, take the one with the highest
   * inference_seq_num and read its value counted from the END of its array.
   */
  function reference(chunks: GenChunk[]): { sleep: number[]; snoring: number[]; owner: number[] } {
    const lastEpoch = Math.max(...chunks.map((c) => c.end));
    const out = { sleep: [] as number[], snoring: [] as number[], owner: [] as number[] };
    for (let e = 0; e <= lastEpoch; e++) {
      let best: GenChunk | undefined;
      for (const c of chunks) {
        const covers = e <= c.end && e > c.end - c.sleep.length;
        if (covers && (!best || c.inf > best.inf)) best = c;
      }
      if (!best) {
        out.sleep.push(-1);
        out.snoring.push(-1);
        out.owner.push(-1);
        continue;
      }
      const fromEnd = best.end - e; // 0 for the chunk's last value
      out.sleep.push(best.sleep[best.sleep.length - 1 - fromEnd]!);
      out.snoring.push(best.snoring ? best.snoring[best.snoring.length - 1 - fromEnd]! : -1);
      out.owner.push(best.inf);
    }
    return out;
  }

  it(`any arrival order, with repeats, equals the highest-inference_seq_num-per-epoch reference (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(
      fc.property(scenarioArb, ({ chunks, order }) => {
        const arrivals: ChunkPlacement[] = order.map((i) => {
          const c = chunks[i]!;
          return { seqNum: c.end, inferenceSeqNum: c.inf, sleepStages: c.sleep, snoringStages: c.snoring };
        });
        const assembled = plain(assembleHypnogram(arrivals));
        expect(assembled).toEqual(reference(chunks));
        // and the same night as the chunks in their first order, without repeats
        const once = chunks.map((c) => ({ seqNum: c.end, inferenceSeqNum: c.inf, sleepStages: c.sleep, snoringStages: c.snoring }));
        expect(assembled).toEqual(plain(assembleHypnogram(once)));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
