/** Export rows: Asleep's stat over computed figures, clock times with the night's offset, nights without sleep. */
import { describe, expect, it } from "vitest";

import { computeSleepStatistics } from "@/lib/sleep/statistics";
import type { SleepSessionView } from "@/lib/store/read-model";
import { epochsCsv, NIGHT_CSV_HEADER, nightCsvRecord, toNightExportRow } from "@/lib/view/export-rows";

function view(stages: number[], patch: Partial<SleepSessionView> = {}): SleepSessionView {
  const startTime = "2026-01-15T14:10:00.000Z";
  return {
    id: "n1",
    userId: "u",
    state: "COMPLETE",
    startTime,
    startTimeEstimated: false,
    endTime: new Date(Date.parse(startTime) + stages.length * 30_000).toISOString(),
    timezone: "Asia/Seoul",
    epochSeconds: 30,
    sleepStages: stages,
    snoringStages: [],
    stat: null,
    sleepEfficiencyPercent: null,
    computed: computeSleepStatistics(stages, Date.parse(startTime)),
    peculiarities: [],
    missingDataRatio: null,
    sleepCycles: [],
    updatedAt: startTime,
    ...patch,
  };
}

/** 20 minutes: 2 epochs awake, 36 light, 2 awake. */
const STAGES = [0, 0, ...Array<number>(36).fill(1), 0, 0];

describe("toNightExportRow", () => {
  it("writes Asleep's clock times in the night's zone, or as sent when Asleep sent HH:MM:SS", () => {
    const iso = toNightExportRow(view(STAGES, { stat: { sleep_time: "2026-01-15T14:15:00Z", wake_time: "23:29:00" } }));
    expect(iso).toMatchObject({
      sleepOnset: "2026-01-15T23:15:00+09:00",
      sleepOnset_source: "asleep",
      finalAwakening: "23:29:00",
      finalAwakening_source: "asleep",
      date: "2026-01-15",
      start: "2026-01-15T23:10:00+09:00",
      end: "2026-01-15T23:30:00+09:00",
    });
  });

  it("computes what Asleep did not send: 36 of 40 epochs asleep = 90 %, onset at epoch 2 = 23:11", () => {
    const row = toNightExportRow(view(STAGES));
    expect(row).toMatchObject({
      timeInBed: 1200,
      timeInBed_source: "computed",
      totalSleepTime: 1080,
      sleepEfficiency: 90,
      sleepOnsetLatency: 60,
      sleepOnset: "2026-01-15T23:11:00+09:00",
      finalAwakening: "2026-01-15T23:29:00+09:00",
      wakeupLatency: 60,
      timeInWake: 0,
      wasoCount: 0,
      remLatency: null,
      remLatency_source: null,
      timeInSnoring: null,
      noMeasurableSleep: null,
    });
  });

  it("keeps only time in bed for a night without measurable sleep, as the report does", () => {
    const row = toNightExportRow(view(Array<number>(40).fill(0), { peculiarities: ["NEVER_SLEPT"], stat: { time_in_bed: 1200, sleep_efficiency: 0 } }));
    expect(row).toMatchObject({ timeInBed: 1200, timeInBed_source: "asleep", totalSleepTime: null, sleepEfficiency: null, wasoCount: null, noMeasurableSleep: "NEVER_SLEPT" });
  });

  it("writes a CSV record with one cell per header column", () => {
    const record = nightCsvRecord(toNightExportRow(view(STAGES, { peculiarities: ["A", "B"] })));
    const cells = record.slice(0, -2).split(",");
    expect(cells).toHaveLength(NIGHT_CSV_HEADER.length);
    expect(cells[NIGHT_CSV_HEADER.indexOf("peculiarities")]).toBe("A;B");
  });
});

describe("epochsCsv", () => {
  it("writes one record per epoch, 30 s apart in the night's offset", () => {
    const lines = epochsCsv(view([0, 1, -1], { snoringStages: [0, 1, -1] })).split("\r\n");
    expect(lines).toEqual([
      "index,start,stage,stageName,snoring",
      "0,2026-01-15T23:10:00+09:00,0,Wake,0",
      "1,2026-01-15T23:10:30+09:00,1,Light,1",
      "2,2026-01-15T23:11:00+09:00,-1,Unknown,",
      "",
    ]);
  });
});
