/**
 * `npm run simulate -- --user <id> [options]`: plays simulated nights into
 * Nocturne's `POST /asleep-webhook`, the way Asleep would deliver them.
 *
 * - live (default): one night from `--start` (default now); one
 *   INFERENCE_COMPLETE per 5-minute frame, sent every 5 min / `--speed`, then
 *   the SESSION_COMPLETE.
 * - `--backfill N`: N completed past nights, one per previous day, starting
 *   22:00-00:30 local, as fast as possible (4 nights at a time); add `--live`
 *   to play a live night after them.
 * Failed POSTs (network error, 5xx, 429) are retried with exponential backoff;
 * what still failed is listed at the end and the exit code is 1.
 * Nights come from lib/sleep/simulate-night.ts and their bodies from
 * lib/webhooks/build-asleep-payloads.ts: the same --seed replays them.
 *
 * This file only wires the steps in ./simulate/: args (command line), api-key,
 * nights (what to play), play (backfill and live), sender (POST with retries),
 * progress (status line) and summary (the report at the end).
 */
import { resolveApiKey } from "./simulate/api-key";
import { readOptions } from "./simulate/args";
import { liveStart, planBackfill, planNight } from "./simulate/nights";
import { runBackfill, runLive, type PlayContext } from "./simulate/play";
import type { Phase } from "./simulate/progress";
import { createDeliverer, FatalError, type Tally, webhookUrl } from "./simulate/sender";
import { printSummary } from "./simulate/summary";

async function main(): Promise<void> {
  const opts = readOptions(process.argv.slice(2));
  const key = resolveApiKey();
  if (!key) {
    console.error(
      "No Asleep API key found. Start the server once with `npm start` (it writes one to .env.local), " +
        "or set ASLEEP_API_KEYS to a key the server accepts.",
    );
    process.exit(1);
  }
  const endpoint = webhookUrl(opts.url);
  const controller = new AbortController();
  let interrupted = false;
  process.on("SIGINT", () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
  });

  const tally: Tally = { accepted: 0, duplicate: 0, ignored: 0, failures: [] };
  const deliver = createDeliverer(endpoint, key.key, opts.user, tally, controller.signal);
  const context: PlayContext = { opts, deliver, tally, signal: controller.signal };
  const now = Date.now();
  const history = opts.backfill > 0 ? planBackfill(opts, now) : [];
  const live = opts.backfill === 0 || opts.live ? planNight(opts.seed, opts.hours, liveStart(opts, now), opts) : null;
  console.log(
    `Nocturne simulator -> ${endpoint} (user ${opts.user}, ${opts.shape} shape, overlap ${opts.overlap}, ` +
      `tz ${opts.tz}, key from ${key.source})`,
  );

  let fatal: string | null = null;
  const historyPhase: Phase = { sent: 0, total: 0, startedAt: 0 };
  const livePhase: Phase = { sent: 0, total: 0, startedAt: 0 };
  try {
    if (history.length > 0) {
      historyPhase.startedAt = Date.now();
      await runBackfill(history, historyPhase, context);
    }
    if (live && !controller.signal.aborted) {
      livePhase.startedAt = Date.now();
      await runLive(live, livePhase, context);
    }
  } catch (err) {
    if (!(err instanceof FatalError)) throw err;
    fatal = err.message;
    controller.abort();
  }

  printSummary({ opts, history, historyPhase, live, livePhase, tally, fatal, interrupted });
  process.exit(fatal || tally.failures.length > 0 ? 1 : interrupted ? 130 : 0);
}

void main();
