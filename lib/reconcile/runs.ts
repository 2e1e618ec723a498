/**
 * Reconciliation inside a server process: whether it is configured, the run
 * under way (with its progress) and the last {@link MAX_RUNS} run summaries,
 * kept in memory on globalThis so server.ts's timer and Next's route handler
 * and page (bundled apart) share them. The operator's page (/reconcile) and
 * POST /api/reconcile read and start runs through here; the background timer
 * ({@link startReconcileTimer}) too.
 */
import type { Logger } from "pino";

import { createAsleepRestClient } from "../asleep/rest-client";
import type { Env } from "../env";
import type { Store } from "../store/client";
import type { Ingest } from "../webhooks/ingest-delivery";
import { reconcileRunning, runReconciliation, type ReconcileOptions, type ReconcileProgress, type ReconcileResult, type ReconcileSummary } from "./reconcile";

/** Run summaries kept per process. */
export const MAX_RUNS = 20;

/** Whether reconciliation can run here, and the settings the page shows. */
export interface ReconcileSettings {
  /** A REST key and a webhook key are configured. */
  configured: boolean;
  /** Why not, when not configured. */
  reason: string | null;
  /** Minutes between background runs; 0: no timer. */
  intervalMinutes: number;
  apiUrl: string;
  days: number;
  requestsPerSecond: number;
  /** Where the REST key comes from, never the key itself. */
  keySource: "ASLEEP_REST_API_KEY" | "ASLEEP_API_KEYS" | null;
}

/** The settings from the environment (README, "Reconciliation with Asleep"). */
export function reconcileSettings(env: Env, source: Record<string, string | undefined> = process.env): ReconcileSettings {
  const keySource = source.ASLEEP_REST_API_KEY?.trim() ? "ASLEEP_REST_API_KEY" : env.asleepApiKeys.length ? "ASLEEP_API_KEYS" : null;
  const reason = !env.asleepRestApiKey
    ? "no Asleep API key: set ASLEEP_REST_API_KEY (or ASLEEP_API_KEYS, whose first key is the customer's API key)"
    : env.asleepApiKeys.length === 0
      ? "no ASLEEP_API_KEYS: the webhook pipeline, which stores what reconciliation fetches, would refuse every delivery"
      : null;
  return {
    configured: reason === null,
    reason,
    intervalMinutes: env.reconcileIntervalMinutes,
    apiUrl: env.asleepApiUrl,
    days: env.reconcileDays,
    requestsPerSecond: env.asleepApiRps,
    keySource,
  };
}


/** The run under way. */
export interface CurrentRun {
  trigger: string;
  startedAt: string;
  dryRun: boolean;
  progress: ReconcileProgress | null;
}

export interface ReconcileStatus {
  settings: ReconcileSettings;
  current: CurrentRun | null;
  /** Newest first. */
  runs: ReconcileSummary[];
}

interface State {
  current: CurrentRun | null;
  /** Settles when the run under way has ended. */
  ending: Promise<unknown> | null;
  runs: ReconcileSummary[];
  /** Aborted on shutdown: every run, whoever started it, stops at its next step. */
  shutdown: AbortController;
}
const SLOT = Symbol.for("nocturne.reconcile.runs");
type Slot = { [SLOT]?: State };

function state(): State {
  const g = globalThis as Slot;
  g[SLOT] ??= { current: null, ending: null, runs: [], shutdown: new AbortController() };
  return g[SLOT];
}

/** What the process has: the run under way and the last runs, with the settings. */
export function reconcileStatus(env: Env): ReconcileStatus {
  const s = state();
  return { settings: reconcileSettings(env), current: s.current, runs: [...s.runs] };
}

/** What a run in a server needs from it. */
export interface ServerReconcileDeps {
  env: Env;
  store: Store;
  ingest: Ingest;
  logger: Logger;
}

/**
 * Runs once and records the run (its progress while it goes, then its
 * summary). Answers `already-running` when one is going here or on another instance.
 * @throws Error when reconciliation is not configured (see {@link reconcileSettings})
 */
export async function runAndRecord(deps: ServerReconcileDeps, options: ReconcileOptions & { trigger: string }): Promise<ReconcileResult> {
  const settings = reconcileSettings(deps.env);
  if (!settings.configured) throw new Error(`reconciliation is not configured: ${settings.reason}`);
  if (reconcileRunning()) return { kind: "already-running", message: "a reconciliation run is already running" };
  const s = state();
  if (s.shutdown.signal.aborted) return { kind: "already-running", message: "the server is shutting down" };
  const current: CurrentRun = { trigger: options.trigger, startedAt: new Date().toISOString(), dryRun: options.dryRun ?? false, progress: null };
  s.current = current;
  const run = recordRun(deps, options, s, current);
  s.ending = run.catch(() => undefined);
  return run;
}

async function recordRun(deps: ServerReconcileDeps, options: ReconcileOptions & { trigger: string }, s: State, current: CurrentRun): Promise<ReconcileResult> {
  try {
    const client = createAsleepRestClient({
      baseUrl: deps.env.asleepApiUrl,
      apiKey: deps.env.asleepRestApiKey!,
      requestsPerSecond: deps.env.asleepApiRps,
      timeoutMs: deps.env.asleepApiTimeoutMs,
      onRetry: ({ path, attempt, waitMs, error }) => deps.logger.info({ component: "reconcile", path, attempt, waitMs, status: error.status }, "retrying Asleep"),
    });
    const result = await runReconciliation(
      { store: deps.store, client, ingest: deps.ingest, webhookKey: deps.env.asleepApiKeys[0]!, logger: deps.logger },
      {
        days: deps.env.reconcileDays,
        ...options,
        signal: options.signal ? AbortSignal.any([options.signal, s.shutdown.signal]) : s.shutdown.signal,
        onProgress: (p) => {
          current.progress = p;
          options.onProgress?.(p);
        },
      },
    );
    if (result.kind === "ran") {
      s.runs.unshift(result.summary);
      s.runs.length = Math.min(s.runs.length, MAX_RUNS);
      const { checked, fetched, stored, alreadyThere, pending, failed, stoppedBy } = result.summary;
      deps.logger.info({ component: "reconcile", trigger: options.trigger, checked, fetched, stored, alreadyThere, pending, failed: failed.length, stoppedBy }, "reconciliation run");
    }
    return result;
  } finally {
    if (s.current === current) {
      s.current = null;
      s.ending = null;
    }
  }
}

/** Shutdown: stops every run of this process at its next step and resolves when the one under way has ended. */
export async function stopReconcileRuns(): Promise<void> {
  const s = state();
  s.shutdown.abort();
  await s.ending;
}

/**
 * The background run: first `firstDelayMs` after start (default a minute),
 * then every `intervalMinutes`, never overlapping (a run that is still going
 * when the next is due makes that one skip). `stop()` cancels the timer,
 * aborts a run under way and resolves when it has ended (SIGTERM drain).
 */
export function startReconcileTimer(
  deps: () => Promise<ServerReconcileDeps>,
  { intervalMinutes, firstDelayMs = 60_000, onError }: { intervalMinutes: number; firstDelayMs?: number; onError: (err: unknown) => void },
): { stop(): Promise<void> } {
  const abort = new AbortController();
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (abort.signal.aborted) return;
    if (!running) {
      running = deps()
        .then((d) => runAndRecord(d, { trigger: "timer", signal: abort.signal }))
        .catch(onError)
        .finally(() => {
          running = null;
        });
    }
    timer = setTimeout(tick, intervalMinutes * 60_000);
    timer.unref();
  };
  timer = setTimeout(tick, firstDelayMs);
  timer.unref();
  return {
    async stop() {
      clearTimeout(timer);
      abort.abort();
      await Promise.all([running, stopReconcileRuns()]);
    },
  };
}
