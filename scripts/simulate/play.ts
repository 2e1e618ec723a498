/**
 * The two ways a run plays its nights into the webhook: backfill (past nights,
 * as fast as possible) and live (one night in scaled real time).
 */
import { EPOCH_SECONDS, EPOCHS_PER_FRAME, STAGE_LABELS, type StageCode } from "../../lib/sleep/stages";
import { inferenceSentAt } from "../../lib/simulator/asleep-payloads";
import type { Options } from "./args";
import { payloadsFor, type PlannedNight } from "./nights";
import { createStatusLine, type Phase } from "./progress";
import { type Deliver, type Tally, wait } from "./sender";
import { formatHoursMinutes } from "./summary";

const CONCURRENCY = 4;
const FRAME_MS = EPOCHS_PER_FRAME * EPOCH_SECONDS * 1000;

/** What both modes share: the options, the sender, its tally and the run's abort signal. */
export interface PlayContext {
  opts: Options;
  deliver: Deliver;
  tally: Tally;
  signal: AbortSignal;
}

/**
 * Posts the nights, {@link CONCURRENCY} at a time; within a night, chunks in
 * order, then SESSION_COMPLETE. Rejects with the first worker's error (such as
 * a FatalError) once every worker has stopped.
 */
export async function runBackfill(nights: PlannedNight[], phase: Phase, { opts, deliver, tally, signal }: PlayContext) {
  const status = createStatusLine();
  const work = nights.map((p) => ({ p, ...payloadsFor(p, opts) }));
  phase.total = work.reduce((n, w) => n + w.chunks.length + 1, 0);
  let nightsDone = 0;
  const tick = () =>
    status.update(
      phase.total ? phase.sent / phase.total : 1,
      `history ${phase.sent}/${phase.total} deliveries, ${nightsDone}/${nights.length} nights, ${tally.failures.length} failed`,
    );
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (next < work.length && !signal.aborted && !stop) {
      const w = work[next++]!;
      for (const [f, body] of w.chunks.entries()) {
        await deliver(body, w.p.sessionId, `INFERENCE_COMPLETE #${f}`);
        phase.sent++;
        tick();
      }
      await deliver(w.done, w.p.sessionId, "SESSION_COMPLETE");
      phase.sent++;
      nightsDone++;
      tick();
    }
  };
  tick();
  const guarded = () =>
    worker().catch((err: unknown) => {
      stop = true;
      throw err;
    });
  const results = await Promise.allSettled(Array.from({ length: Math.min(CONCURRENCY, work.length) }, guarded));
  status.end();
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}

/**
 * Plays one night in real time / `opts.speed`, counted from `phase.startedAt`:
 * chunk f at the end of frame f, SESSION_COMPLETE at the end of the night.
 * Returns early, without error, when the signal aborts.
 */
export async function runLive(p: PlannedNight, phase: Phase, { opts, deliver, tally, signal }: PlayContext) {
  const status = createStatusLine();
  const { chunks, done } = payloadsFor(p, opts);
  phase.total = chunks.length + 1;
  const n = p.night.sleepStages.length;
  const clock = (ms: number) => formatHoursMinutes((ms - p.night.startTime) / 1000).replace("h", ":");
  const at = (nightMs: number) => phase.startedAt + (nightMs - p.night.startTime) / opts.speed;
  status.update(0, `live ${p.sessionId}, first delivery in ${(FRAME_MS / opts.speed / 1000).toFixed(1)} s`);
  try {
    for (const [f, body] of chunks.entries()) {
      await wait(at(inferenceSentAt(p.night.startTime, f, n)) - Date.now(), signal);
      if (signal.aborted) return;
      await deliver(body, p.sessionId, `INFERENCE_COMPLETE #${f}`);
      phase.sent++;
      const stage = STAGE_LABELS[(p.night.sleepStages[(f + 1) * EPOCHS_PER_FRAME - 1] ?? -1) as StageCode];
      const night = clock(inferenceSentAt(p.night.startTime, f, n));
      status.update(
        phase.sent / phase.total,
        `live ${p.sessionId} frame ${f + 1}/${chunks.length}, night ${night}, ${stage}, ${tally.failures.length} failed`,
      );
    }
    await wait(at(p.night.startTime + n * EPOCH_SECONDS * 1000) - Date.now(), signal);
    if (signal.aborted) return;
    await deliver(done, p.sessionId, "SESSION_COMPLETE");
    phase.sent++;
    status.update(1, `live ${p.sessionId} complete`);
  } finally {
    status.end();
  }
}
