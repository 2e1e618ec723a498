/**
 * The ingest pipeline for one Asleep delivery:
 * authenticate -> read (bounded) -> parse JSON -> validate and normalise ->
 * one transaction (delivery row with its unique dedupe key, user, session,
 * chunk or report; concurrent deliveries share a transaction through group
 * commit) -> commit -> publish to the realtime bus.
 *
 * It returns an HTTP-shaped outcome and never throws; the route handler (and
 * the custom server's fast path) only turn it into a response.
 */
import type { Readable } from "node:stream";

import type { Logger } from "pino";

import type { SleepBusEvent } from "../realtime/events";
import type { AuditItem, DeliveryItem, StoreResult } from "../store/write-batch";
import { parseAsleepDelivery, peekIdentity, type AsleepEvent, type SchemaIssue } from "../asleep/webhook-schema";
import { isValidApiKey } from "./authenticate";
import { MAX_BODY_BYTES, readBoundedBody } from "./read-body";

/** The parts of an HTTP request the pipeline reads. */
export interface DeliveryRequest {
  /** Header lookup, case-insensitive (Headers.get or an equivalent). */
  header(name: string): string | null;
  body: Readable | ReadableStream<Uint8Array> | null;
}

/** An HTTP answer: status, JSON body and extra headers. */
export interface DeliveryOutcome {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface IngestDeps {
  /** Stores one item and resolves after its commit (see lib/webhooks/delivery-store.ts). */
  store: (item: DeliveryItem | AuditItem) => Promise<StoreResult>;
  apiKeys: readonly string[];
  logger: Logger;
  publish: (event: SleepBusEvent, onError: (err: unknown) => void) => void;
}

/** Seconds Asleep is asked to wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** Prisma's errors, recognised by name so that clients from separately bundled copies match too. */
function isDatabaseError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (/^PrismaClient/.test(err.name) || /SQLITE_|database|ECONNREFUSED|DriverAdapterError/i.test(`${err.name} ${err.message}`))
  );
}

/** The store's answer for one event, turned into the JSON body and the realtime event. */
function acceptedOutcome(ev: AsleepEvent, stored: StoreResult): { body: Record<string, unknown>; event: SleepBusEvent } | null {
  if (stored.kind === "chunk" && ev.event === "INFERENCE_COMPLETE") {
    const r = stored.saved;
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
          sleepStages: Array.from(r.assembly.sleepStages),
          snoringStages: Array.from(r.assembly.snoringStages),
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

function error(status: number, message: string, extra: Record<string, unknown> = {}): DeliveryOutcome {
  return { status, body: { error: message, ...extra } };
}

/**
 * Builds the ingest function. Each call handles one delivery end to end and
 * resolves to the HTTP answer (the table in the README, "Webhook answers").
 */
export function createIngest(deps: IngestDeps): (req: DeliveryRequest) => Promise<DeliveryOutcome> {
  return async function ingestDelivery(req) {
    const started = performance.now();
    const receivedAt = new Date();
    const log: Record<string, unknown> = { user: req.header("x-user-id") ?? undefined };
    let raw = "";

    const audit = async (outcome: DeliveryOutcome, event: string, label: string) => {
      try {
        await deps.store({
          kind: "audit",
          receivedAt,
          event,
          userId: (log.user as string | undefined) ?? null,
          sessionId: (log.session as string | undefined) ?? null,
          outcome: label,
          httpStatus: outcome.status,
          raw,
          error: typeof outcome.body.error === "string" ? outcome.body.error : null,
        });
      } catch (err) {
        deps.logger.warn({ err }, "could not write the delivery audit row");
      }
    };

    const finish = (outcome: DeliveryOutcome, label: string): DeliveryOutcome => {
      const line = { ...log, outcome: label, status: outcome.status, ms: +(performance.now() - started).toFixed(2) };
      if (outcome.status >= 500) deps.logger.error(line, "webhook delivery");
      else if (outcome.status >= 400) deps.logger.warn(line, "webhook delivery");
      else deps.logger.info(line, "webhook delivery");
      return outcome;
    };

    const rejected = async (outcome: DeliveryOutcome, event = "UNKNOWN") => {
      await audit(outcome, event, "rejected");
      return finish(outcome, "rejected");
    };

    if (!isValidApiKey(req.header("x-api-key"), deps.apiKeys)) {
      const message = req.header("x-api-key") ? "invalid x-api-key" : "missing x-api-key header";
      return finish(error(401, message), "unauthorized");
    }
    const contentType = req.header("content-type") ?? "";
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
      return finish(error(415, `content-type must be application/json, got "${contentType || "none"}"`), "rejected");
    }
    const bodyResult = await readBoundedBody(req.body, req.header("content-length"));
    if (!bodyResult.ok) {
      return bodyResult.reason === "too-large"
        ? finish({ ...error(413, `body exceeds ${MAX_BODY_BYTES} bytes`), headers: { connection: "close" } }, "rejected")
        : finish(error(400, "request body could not be read"), "rejected");
    }
    raw = bodyResult.text;
    const headerUser = req.header("x-user-id")?.trim() || null;
    if (!headerUser) return rejected(error(400, "missing x-user-id header"));

    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      return rejected(
        error(400, "malformed JSON", { issues: [{ path: "", message: (err as Error).message }] satisfies SchemaIssue[] }),
      );
    }
    const parsed = parseAsleepDelivery(json);
    if (parsed.kind === "invalid") {
      const seen = peekIdentity(json);
      Object.assign(log, { event: seen.event ?? undefined, session: seen.sessionId ?? undefined });
      return rejected(error(400, parsed.error, { issues: parsed.issues }), seen.event ?? "UNKNOWN");
    }
    if (parsed.kind === "unknown-event") {
      log.event = parsed.eventName;
      log.session = parsed.sessionId ?? undefined;
      const outcome = { status: 202, body: { status: "ignored", event: parsed.eventName } };
      await audit(outcome, parsed.eventName, "ignored");
      return finish(outcome, "ignored");
    }
    const ev = parsed.event;
    Object.assign(log, { event: ev.event, session: ev.sessionId });
    if (ev.userId !== headerUser) {
      return rejected(
        error(400, `body user_id "${ev.userId}" differs from the x-user-id header "${headerUser}"`, {
          issues: [{ path: "user_id", message: "must equal the x-user-id header" }],
        }),
        ev.event,
      );
    }

    let stored: StoreResult;
    try {
      stored = await deps.store({ kind: "event", event: ev, raw, receivedAt });
    } catch (err) {
      const unavailable = isDatabaseError(err);
      deps.logger.error({ err, event: ev.event, session: ev.sessionId }, "delivery not stored");
      return finish(
        unavailable
          ? { ...error(503, "database unavailable, retry later"), headers: { "retry-after": String(RETRY_AFTER_SECONDS) } }
          : error(500, "internal error"),
        unavailable ? "unavailable" : "failed",
      );
    }
    switch (stored.kind) {
      case "duplicate":
        return finish({ status: 200, body: { status: "duplicate" } }, "duplicate");
      case "late":
        return finish(
          { status: 200, body: { status: "ignored", reason: "session already complete", sessionId: ev.sessionId } },
          "late",
        );
      case "foreign-session":
        return rejected(error(409, `session ${ev.sessionId} belongs to another user`), ev.event);
      default: {
        const accepted = acceptedOutcome(ev, stored);
        if (!accepted) return finish(error(500, "internal error"), "failed");
        deps.publish(accepted.event, (err) => deps.logger.error({ err }, "realtime publish failed"));
        return finish({ status: 200, body: { status: "accepted", event: ev.event, ...accepted.body } }, "accepted");
      }
    }
  };
}
