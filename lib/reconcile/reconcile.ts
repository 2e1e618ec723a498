/**
 * One reconciliation run with Asleep's REST API (issue 13): nights whose
 * SESSION_COMPLETE never arrived are completed from Asleep's own record.
 *
 * a. Every night stored LIVE with no delivery for {@link QUIET_MINUTES}
 *    minutes (shown Live or Incomplete) is asked for with
 *    `GET /data/v3/sessions/{id}`.
 * b. For each known user (or the one asked for), `GET /data/v1/sessions` over
 *    the last `days` days (all pages): every session Asleep lists as COMPLETE
 *    that Nocturne does not hold as complete (missing, or still live however
 *    recent) is fetched with the v3 call.
 * A session Asleep answers as COMPLETE is stored exactly as its webhook would
 * be: the answer becomes the SESSION_COMPLETE body (lib/asleep/rest-schema.ts)
 * and goes through the one ingest pipeline (lib/webhooks/ingest-delivery.ts)
 * with the webhook key, so the dedupe key, the rows, the delivery log (source
 * "reconcile") and the realtime event are the webhook's own; a late webhook is
 * then answered `duplicate`.
 *
 * A run never overlaps itself: an in-process guard (shared through
 * globalThis by server.ts and Next's route handlers) and, on PostgreSQL, an
 * advisory lock held on a dedicated connection for the run (lib/store).
 * A 401 from Asleep stops the run (every later request would get it too).
 */
import { Readable } from "node:stream";

import type { Logger } from "pino";

import { AsleepApiError, AsleepUnauthorizedError, type AsleepRestClient } from "../asleep/rest-client";
import { sessionCompleteBody, type AsleepSessionResult } from "../asleep/rest-schema";
import { parseAsleepDelivery } from "../asleep/webhook-schema";
import type { Store } from "../store/client";
import { isDatabaseUnavailable } from "../store/errors";
import { listKnownUserIds, listQuietNights, storedSessionStates } from "../store/reconcile-queries";
import type { DeliveryOutcome, DeliveryRequest, Ingest } from "../webhooks/ingest-delivery";

/** Minutes without a delivery after which a LIVE night is asked about (step a). */
export const QUIET_MINUTES = 30;

/** The job name of the cross-instance lock. */
export const RECONCILE_LOCK = "reconcile";

export interface ReconcileDeps {
  store: Store;
  client: AsleepRestClient;
  /** The process's ingest pipeline (the registered one in a server; one built the same way in the CLI). */
  ingest: Ingest;
  /** A key the pipeline accepts in `x-api-key` (the first of ASLEEP_API_KEYS). */
  webhookKey: string;
  logger?: Logger;
}

export interface ReconcileOptions {
  /** Only this Asleep user (both steps); default every known user. */
  userId?: string;
  /** Days back that step b asks Asleep's session list for (default 3). */
  days?: number;
  /** Fetch and report, store nothing. */
  dryRun?: boolean;
  /** Who started the run, for the run list: "timer", "operator", "cli". */
  trigger?: string;
  /** Told after every step. */
  onProgress?: (progress: ReconcileProgress) => void;
  /** Told once the run has its locks and starts (not for a run that answers already-running). */
  onStarted?: () => void;
  /** Stops the run between steps (and cuts short the client's waits). */
  signal?: AbortSignal;
  /** The run's clock (tests). */
  now?: () => number;
}

/** Where a run is: `done` of `total` steps (one per quiet night, then one per user). */
export interface ReconcileProgress {
  phase: "quiet-nights" | "session-lists";
  done: number;
  total: number;
  /** What the step was about: a session id or a user id. */
  label: string;
  /** The summary so far. */
  counts: Pick<ReconcileSummary, "checked" | "fetched" | "stored" | "alreadyThere" | "pending"> & { failed: number };
}

/** A session (or a user's list) that could not be reconciled, and why. */
export interface ReconcileFailure {
  userId: string;
  /** null for a failure of the user's session list. */
  sessionId: string | null;
  reason: string;
}

/** What one run did. Counts are sessions. */
export interface ReconcileSummary {
  startedAt: string;
  finishedAt: string;
  trigger: string;
  dryRun: boolean;
  userId: string | null;
  days: number;
  /** Sessions compared with Asleep (quiet nights asked for, plus the sessions Asleep listed). */
  checked: number;
  /** Sessions read with `GET /data/v3/sessions/{id}` (answered, not 404). */
  fetched: number;
  /** Stored as their SESSION_COMPLETE (in a dry run: that would be stored). */
  stored: number;
  /** Already complete in Nocturne (or the pipeline answered `duplicate`). */
  alreadyThere: number;
  /** Not complete at Asleep yet (OPEN, CLOSED) or unknown to it (404): nothing to store. */
  pending: number;
  failed: ReconcileFailure[];
  /** Why the run stopped before the end (401, shutdown, database away); null when it finished. */
  stoppedBy: string | null;
}

export type ReconcileResult = { kind: "ran"; summary: ReconcileSummary } | { kind: "already-running"; message: string };

const GUARD = Symbol.for("nocturne.reconcile.running");
type GuardSlot = { [GUARD]?: boolean };

/** Whether a run is under way in this process. */
export function reconcileRunning(): boolean {
  return (globalThis as GuardSlot)[GUARD] === true;
}

/** The message a second run gets. */
export const ALREADY_RUNNING = "a reconciliation run is already running";

/** A YYYY-MM-DD day in UTC, `offsetDays` from `ms`. */
function utcDay(ms: number, offsetDays = 0): string {
  return new Date(ms + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

class Stop extends Error {}

/** The run proper, once the guards are taken. */
async function reconcile(deps: ReconcileDeps, options: ReconcileOptions): Promise<ReconcileSummary> {
  const now = options.now ?? Date.now;
  const days = options.days ?? 3;
  const dryRun = options.dryRun ?? false;
  const summary: ReconcileSummary = {
    startedAt: new Date(now()).toISOString(),
    finishedAt: "",
    trigger: options.trigger ?? "cli",
    dryRun,
    userId: options.userId ?? null,
    days,
    checked: 0,
    fetched: 0,
    stored: 0,
    alreadyThere: 0,
    pending: 0,
    failed: [],
    stoppedBy: null,
  };
  const log = deps.logger?.child({ component: "reconcile" });
  const handled = new Set<string>();
  let done = 0;
  let total = 0;
  const progress = (phase: ReconcileProgress["phase"], label: string) => {
    done++;
    const { checked, fetched, stored, alreadyThere, pending } = summary;
    options.onProgress?.({ phase, done, total, label, counts: { checked, fetched, stored, alreadyThere, pending, failed: summary.failed.length } });
  };
  const checkStop = () => {
    if (options.signal?.aborted) throw new Stop("stopped: the server is shutting down");
  };
  /** Runs one API step; a 401 or an abort stops the run, other API errors are that step's failure. */
  const api = async <T>(userId: string, sessionId: string | null, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof AsleepUnauthorizedError) throw new Stop(err.message);
      if (err instanceof AsleepApiError && err.kind === "aborted") throw new Stop("stopped: the server is shutting down");
      if (!(err instanceof AsleepApiError)) throw err;
      summary.failed.push({ userId, sessionId, reason: err.message });
      log?.warn({ userId, sessionId, kind: err.kind, status: err.status }, err.message);
      return undefined;
    }
  };

  /** Fetches one session and, when Asleep has it COMPLETE, stores it through the pipeline. */
  const fetchAndStore = async (userId: string, sessionId: string, timezone: string | null) => {
    let result = await api(userId, sessionId, () => deps.client.getSession(userId, sessionId, { timezone, signal: options.signal }));
    if (result === undefined) return;
    if (result === null) {
      summary.pending++;
      return;
    }
    // The times as the webhook gives them: in the zone the session was created in.
    const created = result.session.created_timezone;
    if (!timezone && created && created !== result.timezone) {
      const again = await api(userId, sessionId, () => deps.client.getSession(userId, sessionId, { timezone: created, signal: options.signal }));
      if (again === undefined) return;
      if (again) result = again;
    }
    summary.fetched++;
    if (result.session.state !== "COMPLETE") {
      summary.pending++;
      return;
    }
    await store(userId, sessionId, result);
  };

  const store = async (userId: string, sessionId: string, result: AsleepSessionResult) => {
    const body = JSON.stringify(sessionCompleteBody(userId, result));
    if (dryRun) {
      const parsed = parseAsleepDelivery(JSON.parse(body));
      if (parsed.kind === "event") summary.stored++;
      else summary.failed.push({ userId, sessionId, reason: `the pipeline would refuse it: ${parsed.kind === "invalid" ? parsed.error : "unknown event"}` });
      return;
    }
    const outcome = await deliver(deps, userId, body);
    const status = outcome.body.status;
    if (outcome.status === 200 && status === "accepted") {
      summary.stored++;
      log?.info({ userId, sessionId }, "stored a SESSION_COMPLETE from Asleep's REST API");
    } else if (outcome.status === 200 && (status === "duplicate" || status === "ignored")) {
      summary.alreadyThere++;
    } else {
      if (outcome.status === 503) throw new Stop("stopped: the database is unavailable");
      const reason = `ingest answered ${outcome.status}: ${String(outcome.body.error ?? status ?? "")}`;
      summary.failed.push({ userId, sessionId, reason });
      log?.warn({ userId, sessionId, status: outcome.status }, reason);
    }
  };

  try {
    const quiet = await listQuietNights(deps.store, { quietSeconds: QUIET_MINUTES * 60, userId: options.userId, now: now() });
    const users = options.userId ? [options.userId] : await listKnownUserIds(deps.store);
    total = quiet.length + users.length;

    // a. Nights waiting for their SESSION_COMPLETE.
    for (const night of quiet) {
      checkStop();
      handled.add(night.sessionId);
      summary.checked++;
      await fetchAndStore(night.userId, night.sessionId, night.timezone);
      progress("quiet-nights", night.sessionId);
    }

    // b. What Asleep lists as complete in the last `days` days and Nocturne does not hold as complete.
    const dateGte = utcDay(now(), -days);
    const dateLte = utcDay(now(), 1); // zones east of UTC are already on tomorrow
    for (const userId of users) {
      checkStop();
      const listed = await api(userId, null, () => deps.client.listSessions(userId, { dateGte, dateLte, signal: options.signal }));
      if (listed) {
        const fresh = listed.filter((s) => !handled.has(s.session_id));
        const states = await storedSessionStates(deps.store, fresh.map((s) => s.session_id));
        for (const s of fresh) {
          checkStop();
          handled.add(s.session_id);
          summary.checked++;
          if (s.state !== "COMPLETE") summary.pending++;
          else if (states.get(s.session_id) === "COMPLETE") summary.alreadyThere++;
          else await fetchAndStore(userId, s.session_id, s.created_timezone ?? null);
        }
      }
      progress("session-lists", userId);
    }
  } catch (err) {
    if (err instanceof Stop) summary.stoppedBy = err.message;
    else if (isDatabaseUnavailable(err)) summary.stoppedBy = "stopped: the database is unavailable";
    else throw err;
    log?.warn({ reason: summary.stoppedBy }, "reconciliation stopped");
  }
  summary.finishedAt = new Date(now()).toISOString();
  return summary;
}

/** One SESSION_COMPLETE body through the pipeline, as Asleep would POST it. */
function deliver(deps: ReconcileDeps, userId: string, body: string): Promise<DeliveryOutcome> {
  const headers: Record<string, string> = {
    "x-api-key": deps.webhookKey,
    "x-user-id": userId,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
  };
  const request: DeliveryRequest = {
    header: (name) => headers[name.toLowerCase()] ?? null,
    headerEntries: () => Object.entries(headers),
    body: Readable.from([Buffer.from(body)]),
    source: "reconcile",
  };
  return deps.ingest(request);
}

/**
 * Runs reconciliation once, unless a run is already going in this process or
 * (PostgreSQL) in another one on the same database.
 * @returns the summary, or `already-running`
 * @throws only for unexpected errors (a database that cannot be reached when
 *   the run starts rejects with DatabaseUnavailableError)
 */
export async function runReconciliation(deps: ReconcileDeps, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const slot = globalThis as GuardSlot;
  if (slot[GUARD]) return { kind: "already-running", message: ALREADY_RUNNING };
  slot[GUARD] = true;
  try {
    const release = await deps.store.tryJobLock(RECONCILE_LOCK);
    if (!release) return { kind: "already-running", message: `${ALREADY_RUNNING} on another instance` };
    try {
      options.onStarted?.();
      return { kind: "ran", summary: await reconcile(deps, options) };
    } finally {
      await release();
    }
  } finally {
    slot[GUARD] = false;
  }
}
