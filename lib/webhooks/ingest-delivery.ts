/**
 * The ingest pipeline for one Asleep delivery, in named steps:
 * checkApiKey -> checkContentType -> readBody -> requireUserHeader ->
 * parseEvent (JSON, schema, header/body user) -> storeEvent (one transaction,
 * shared with concurrent deliveries through group commit; resolves after
 * commit) -> publish to the realtime bus -> answer.
 *
 * A step that refuses the delivery throws a {@link Refusal} carrying the HTTP
 * answer; refusals after the key check are recorded in the delivery log
 * (WebhookDelivery), as is every stored, duplicate or late delivery, each row
 * with the request's source ("webhook", "replay", "reconcile"), replay link and
 * headers (credentials left out: ./recorded-headers.ts). The
 * pipeline never throws: the route handler and the custom server's fast path
 * only turn its outcome into a response (the README's "Nocturne answers" table).
 */
import type { Readable } from "node:stream";

import type { Logger } from "pino";

import { parseAsleepDelivery, peekIdentity, type AsleepEvent, type SchemaIssue } from "../asleep/webhook-schema";
import type { SleepBusEvent } from "../realtime/events";
import { isDatabaseUnavailable } from "../store/errors";
import type { AuditItem, DeliveryMeta, DeliverySource, StoreItem, StoreResult } from "../store/write-batch";
import { isValidApiKey } from "./authenticate";
import { MAX_BODY_BYTES, readBoundedBody } from "./read-body";
import { recordedHeaders } from "./recorded-headers";

export type { DeliverySource } from "../store/write-batch";

/** The parts of an HTTP request the pipeline reads. */
export interface DeliveryRequest {
  /** Header lookup, case-insensitive (Headers.get or an equivalent). */
  header(name: string): string | null;
  /**
   * Every header as [name, value] pairs, for the delivery log (credentials are
   * dropped before storing: lib/webhooks/recorded-headers.ts). Without it the row's headers are null.
   */
  headerEntries?(): Iterable<[string, string]>;
  body: Readable | ReadableStream<Uint8Array> | null;
  /** How the delivery came in, recorded on its log row whatever its outcome (default "webhook"). */
  source?: DeliverySource;
  /** The id of the log row this delivery replays (source "replay"). */
  replayOf?: number;
}

/** An HTTP answer: status, JSON body and extra headers. */
export interface DeliveryOutcome {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface IngestDeps {
  /** Stores one item and resolves after its commit (lib/store/delivery-store.ts). */
  store: (item: StoreItem) => Promise<StoreResult>;
  apiKeys: readonly string[];
  logger: Logger;
  /** Hands a committed change to the realtime layer; must not throw into the pipeline. */
  publish: (event: SleepBusEvent, onError: (err: unknown) => void) => void;
  /** Told about every answer (metrics): event name ("UNKNOWN" before parsing), log outcome, HTTP status, seconds taken. */
  onAnswered?: (answer: { event: string; outcome: string; status: number; seconds: number }) => void;
}

/**
 * Log rows of deliveries answered 503 (the database unavailable) that wait for
 * the database to come back, at most this many (the oldest are dropped beyond,
 * with a warning). They live in this process's memory only: a restart during an
 * outage loses them (the deliveries themselves are Asleep's to retry).
 */
export const MAX_UNLOGGED_OUTAGE_ROWS = 1000;

/** One delivery in, one HTTP answer out. */
export type Ingest = (req: DeliveryRequest) => Promise<DeliveryOutcome>;

/** Seconds Asleep is asked to wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** A delivery refused by a step: its answer, the log label, and whether the audit log records it. */
class Refusal {
  constructor(
    readonly outcome: DeliveryOutcome,
    readonly label: string,
    readonly audit: boolean,
    readonly event = "UNKNOWN",
  ) {}
}

function error(status: number, message: string, extra: Record<string, unknown> = {}): DeliveryOutcome {
  return { status, body: { error: message, ...extra } };
}

/** What the pipeline knows about the delivery so far, for the log line and the audit row. */
interface DeliveryContext {
  receivedAt: Date;
  raw: string;
  /** What the log row records about the request (source, replay link, headers, receipt time). */
  meta: DeliveryMeta & { startedAt: number };
  user?: string;
  event?: string;
  session?: string;
}

function checkApiKey(req: DeliveryRequest, apiKeys: readonly string[]): void {
  const key = req.header("x-api-key");
  if (!isValidApiKey(key, apiKeys)) {
    throw new Refusal(error(401, key ? "invalid x-api-key" : "missing x-api-key header"), "unauthorized", false);
  }
}

/**
 * Asleep sends `application/json` (a `; charset=utf-8` suffix is normal,
 * ../shared/asleep-webhooks.md, "Transport"). Exactly that media type is
 * accepted, with any parameters; `application/merge-patch+json` and other
 * `+json` types mean something else and get 415.
 */
function checkContentType(req: DeliveryRequest): void {
  const contentType = req.header("content-type") ?? "";
  if (!/^\s*application\/json\s*(;|$)/i.test(contentType)) {
    throw new Refusal(error(415, `content-type must be application/json, got "${contentType || "none"}"`), "rejected", false);
  }
}

async function readBody(req: DeliveryRequest): Promise<string> {
  const body = await readBoundedBody(req.body, req.header("content-length"));
  if (body.ok) return body.text;
  throw body.reason === "too-large"
    ? new Refusal({ ...error(413, `body exceeds ${MAX_BODY_BYTES} bytes`), headers: { connection: "close" } }, "rejected", false)
    : new Refusal(error(400, "request body could not be read"), "rejected", false);
}

function requireUserHeader(req: DeliveryRequest): string {
  const user = req.header("x-user-id")?.trim();
  if (!user) throw new Refusal(error(400, "missing x-user-id header"), "rejected", true);
  // Asleep user ids are ASCII; anything else (HTTP carries header bytes as Latin-1) would only mismatch the body later.
  if (/[^\x20-\x7e]/.test(user)) {
    throw new Refusal(error(400, "x-user-id header must be printable ASCII (Asleep user ids are ASCII)"), "rejected", true);
  }
  return user;
}

/** JSON -> schema -> the one internal event; `null` for a well-formed event Nocturne does not store (202). */
function parseEvent(ctx: DeliveryContext, headerUser: string): AsleepEvent | { ignored: string } {
  let json: unknown;
  try {
    json = JSON.parse(ctx.raw);
  } catch (err) {
    const issues: SchemaIssue[] = [{ path: "", message: (err as Error).message }];
    throw new Refusal(error(400, "malformed JSON", { issues }), "rejected", true);
  }
  const parsed = parseAsleepDelivery(json);
  if (parsed.kind === "invalid") {
    const seen = peekIdentity(json);
    ctx.event = seen.event ?? undefined;
    ctx.session = seen.sessionId ?? undefined;
    throw new Refusal(error(400, parsed.error, { issues: parsed.issues }), "rejected", true, seen.event ?? "UNKNOWN");
  }
  if (parsed.kind === "unknown-event") {
    ctx.event = parsed.eventName;
    ctx.session = parsed.sessionId ?? undefined;
    return { ignored: parsed.eventName };
  }
  const ev = parsed.event;
  ctx.event = ev.event;
  ctx.session = ev.sessionId;
  if (ev.userId !== headerUser) {
    throw new Refusal(
      error(400, `body user_id "${ev.userId}" differs from the x-user-id header "${headerUser}"`, {
        issues: [{ path: "user_id", message: "must equal the x-user-id header" }],
      }),
      "rejected",
      true,
      ev.event,
    );
  }
  return ev;
}


async function storeEvent(deps: IngestDeps, ctx: DeliveryContext, ev: AsleepEvent): Promise<StoreResult> {
  try {
    return await deps.store({ kind: "event", event: ev, raw: ctx.raw, receivedAt: ctx.receivedAt, ...ctx.meta });
  } catch (err) {
    deps.logger.error({ err, event: ev.event, session: ev.sessionId }, "delivery not stored");
    // Nothing of the delivery was written. Its log row says so: right away for a 500 (the
    // database works); for a 503 once the database is back (the pipeline's `unavailable` step).
    throw isDatabaseUnavailable(err)
      ? new Refusal(
          { ...error(503, "database unavailable, retry later"), headers: { "retry-after": String(RETRY_AFTER_SECONDS) } },
          "unavailable",
          false,
          ev.event,
        )
      : new Refusal(error(500, "internal error"), "failed", true, ev.event);
  }
}

/** The store's answer for one event, turned into the JSON body and the realtime event. */
function acceptedOutcome(ev: AsleepEvent, stored: StoreResult): { body: Record<string, unknown>; event: SleepBusEvent } | null {
  if (stored.kind === "chunk" && ev.event === "INFERENCE_COMPLETE") {
    const r = stored.saved;
    let sleep: number[] | undefined;
    let snoring: number[] | undefined;
    return {
      body: {
        sessionId: ev.sessionId,
        inferenceSeqNum: ev.inferenceSeqNum,
        startEpoch: r.window.startEpoch,
        endEpoch: r.window.endEpoch,
        epochs: r.assembly.sleepStages.length,
      },
      event: {
        type: "sleep:inference",
        payload: {
          userId: ev.userId,
          sessionId: ev.sessionId,
          startTime: r.startTime.toISOString(),
          version: r.version,
          chunk: {
            inferenceSeqNum: ev.inferenceSeqNum,
            seqNum: ev.seqNum,
            startEpoch: r.window.startEpoch,
            endEpoch: r.window.endEpoch,
            sleepStages: ev.sleepStages,
            snoringStages: ev.snoringStages,
          },
          // The whole night as plain arrays, made only when the event is encoded for a viewer:
          // most deliveries are for users nobody watches, and their events are dropped unread.
          get sleepStages() {
            return (sleep ??= Array.from(r.assembly.sleepStages));
          },
          get snoringStages() {
            return (snoring ??= Array.from(r.assembly.snoringStages));
          },
          statistics: r.statistics,
        },
      },
    };
  }
  if (stored.kind === "report" && ev.event === "SESSION_COMPLETE") {
    const r = stored.saved;
    return {
      body: { sessionId: ev.sessionId, epochs: ev.sleepStages.length, state: "COMPLETE" },
      event: {
        type: "sleep:session_complete",
        payload: {
          userId: ev.userId,
          sessionId: ev.sessionId,
          startTime: new Date(ev.startTime).toISOString(),
          endTime: ev.endTime ? new Date(ev.endTime).toISOString() : null,
          summary: r.summary,
          sleepCycleCount: r.sleepCycleCount,
          peculiarities: ev.peculiarities,
        },
      },
    };
  }
  return null;
}

/**
 * Builds the ingest pipeline over its dependencies. Each call handles one
 * delivery end to end and resolves to its HTTP answer.
 */
export function createIngest(deps: IngestDeps): Ingest {
  const auditItem = (ctx: DeliveryContext, outcome: DeliveryOutcome, event: string, label: string): AuditItem => ({
    kind: "audit",
    receivedAt: ctx.receivedAt,
    event,
    userId: ctx.user ?? null,
    sessionId: ctx.session ?? null,
    outcome: label,
    httpStatus: outcome.status,
    raw: ctx.raw,
    error: typeof outcome.body.error === "string" ? outcome.body.error : null,
    ...ctx.meta,
  });
  const audit = async (ctx: DeliveryContext, outcome: DeliveryOutcome, event: string, label: string) => {
    try {
      await deps.store(auditItem(ctx, outcome, event, label));
    } catch (err) {
      deps.logger.warn({ err }, "could not write the delivery audit row");
    }
  };

  // The `unavailable` step: 503-answered deliveries' rows (outcome "failed", status 503,
  // durationMs the time to the answer), written after the next delivery the database stores.
  const unlogged: AuditItem[] = [];
  const keepUnlogged = (item: AuditItem) => {
    unlogged.push(item);
    if (unlogged.length > MAX_UNLOGGED_OUTAGE_ROWS) {
      unlogged.shift();
      deps.logger.warn({ kept: MAX_UNLOGGED_OUTAGE_ROWS }, "outage log rows dropped: too many 503s before the database came back");
    }
  };
  const flushUnlogged = () => {
    for (const item of unlogged.splice(0)) {
      deps.store(item).catch((err: unknown) => {
        if (isDatabaseUnavailable(err)) keepUnlogged(item);
        else deps.logger.warn({ err }, "could not write the delivery audit row");
      });
    }
  };

  const finish = (ctx: DeliveryContext, outcome: DeliveryOutcome, label: string): DeliveryOutcome => {
    const ms = performance.now() - ctx.meta.startedAt;
    const line = {
      user: ctx.user,
      event: ctx.event,
      session: ctx.session,
      outcome: label,
      status: outcome.status,
      ms: +ms.toFixed(2),
    };
    deps.onAnswered?.({ event: ctx.event ?? "UNKNOWN", outcome: label, status: outcome.status, seconds: ms / 1000 });
    if (outcome.status >= 500) deps.logger.error(line, "webhook delivery");
    else if (outcome.status >= 400) deps.logger.warn(line, "webhook delivery");
    else deps.logger.info(line, "webhook delivery");
    return outcome;
  };

  /** The answer for a stored (or deduplicated, late, refused) event; publishes what was committed. */
  const answer = async (ctx: DeliveryContext, ev: AsleepEvent, stored: StoreResult): Promise<DeliveryOutcome> => {
    switch (stored.kind) {
      case "duplicate":
        return finish(ctx, { status: 200, body: { status: "duplicate" } }, "duplicate");
      case "late":
        return finish(ctx, { status: 200, body: { status: "ignored", reason: "session already complete", sessionId: ev.sessionId } }, "late");
      case "foreign-session": {
        const outcome = error(409, `session ${ev.sessionId} belongs to another user`);
        await audit(ctx, outcome, ev.event, "rejected");
        return finish(ctx, outcome, "rejected");
      }
      case "failed":
        // The writer recorded its audit row in the same transaction as the rest of the batch.
        return finish(ctx, error(stored.status, stored.error), "failed");
      default: {
        const accepted = acceptedOutcome(ev, stored);
        if (!accepted) return finish(ctx, error(500, "internal error"), "failed");
        deps.publish(accepted.event, (err) => deps.logger.error({ err }, "realtime publish failed"));
        return finish(ctx, { status: 200, body: { status: "accepted", event: ev.event, ...accepted.body } }, "accepted");
      }
    }
  };

  return async function ingestDelivery(req) {
    const ctx: DeliveryContext = {
      receivedAt: new Date(),
      raw: "",
      meta: {
        source: req.source ?? "webhook",
        replayOf: req.replayOf ?? null,
        headers: null,
        startedAt: performance.now(),
      },
      user: req.header("x-user-id") ?? undefined,
    };
    try {
      checkApiKey(req, deps.apiKeys);
      // Only authenticated deliveries get a log row, so only theirs are listed.
      ctx.meta.headers = recordedHeaders(req.headerEntries?.());
      checkContentType(req);
      ctx.raw = await readBody(req);
      const headerUser = requireUserHeader(req);
      const ev = parseEvent(ctx, headerUser);
      if ("ignored" in ev) {
        const outcome = { status: 202, body: { status: "ignored", event: ev.ignored } };
        await audit(ctx, outcome, ev.ignored, "ignored");
        return finish(ctx, outcome, "ignored");
      }
      const stored = await storeEvent(deps, ctx, ev);
      if (unlogged.length) flushUnlogged();
      return await answer(ctx, ev, stored);
    } catch (err) {
      if (!(err instanceof Refusal)) {
        deps.logger.error({ err }, "webhook pipeline error");
        return finish(ctx, error(500, "internal error"), "failed");
      }
      if (err.label === "unavailable") {
        keepUnlogged({ ...auditItem(ctx, err.outcome, err.event, "failed"), durationMs: performance.now() - ctx.meta.startedAt });
      } else if (err.audit) {
        await audit(ctx, err.outcome, err.event, err.label === "failed" ? "failed" : "rejected");
      }
      return finish(ctx, err.outcome, err.label);
    }
  };
}
