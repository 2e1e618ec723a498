/**
 * The ingest pipeline for one Asleep delivery:
 * authenticate -> read (bounded) -> parse JSON -> validate and normalise ->
 * one transaction (delivery row with its unique dedupe key, user, session,
 * chunk or report) -> commit -> publish to the realtime bus.
 *
 * It returns an HTTP-shaped outcome and never throws; the route handler (and
 * the custom server's fast path) only turn it into a response.
 */
import type { Readable } from "node:stream";

import type { Logger } from "pino";

import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { saveInferenceChunk } from "../sleep/save-chunk";
import { saveSessionReport } from "../sleep/save-report";
import type { SleepBusEvent } from "../realtime/events";
import { parseAsleepDelivery, peekIdentity, type AsleepEvent, type SchemaIssue } from "./asleep-schema";
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
  db: () => Promise<Db>;
  apiKeys: readonly string[];
  logger: Logger;
  publish: (event: SleepBusEvent, onError: (err: unknown) => void) => void;
}

/** Seconds Asleep is asked to wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;
/** Bodies stored in the audit log are cut to this many characters. */
const AUDIT_BODY_CHARS = 64 * 1024;

function dedupeKey(ev: AsleepEvent): string {
  return ev.event === "INFERENCE_COMPLETE"
    ? `INFERENCE_COMPLETE:${ev.sessionId}:${ev.inferenceSeqNum}`
    : `SESSION_COMPLETE:${ev.sessionId}`;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

function isDatabaseError(err: unknown): boolean {
  return (
    err instanceof Prisma.PrismaClientKnownRequestError ||
    err instanceof Prisma.PrismaClientUnknownRequestError ||
    err instanceof Prisma.PrismaClientInitializationError ||
    err instanceof Prisma.PrismaClientRustPanicError ||
    (err instanceof Error && /SQLITE_|database|ECONNREFUSED|DriverAdapterError/i.test(`${err.name} ${err.message}`))
  );
}

class ForeignSessionError extends Error {}

type Stored =
  | { kind: "duplicate" }
  | { kind: "late" }
  | { kind: "foreign-session"; ownerId: string }
  | { kind: "stored"; body: Record<string, unknown>; event: SleepBusEvent };

/** Writes one validated event in one transaction. Throws on database failure. */
async function storeEvent(db: Db, ev: AsleepEvent, raw: string, receivedAt: Date): Promise<Stored> {
  try {
    return await db.$transaction(async (tx) => {
      const delivery = await tx.webhookDelivery.create({
        data: {
          receivedAt,
          event: ev.event,
          userId: ev.userId,
          sessionId: ev.sessionId,
          dedupeKey: dedupeKey(ev),
          outcome: "accepted",
          httpStatus: 200,
          body: raw.slice(0, AUDIT_BODY_CHARS),
        },
        select: { id: true },
      });
      if (ev.event === "INFERENCE_COMPLETE") {
        const r = await saveInferenceChunk(tx, ev, receivedAt);
        if (r.kind === "foreign-session") throw new ForeignSessionError(r.ownerId);
        if (r.kind === "late") {
          await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { outcome: "late" } });
          return { kind: "late" } as const;
        }
        const payload = {
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
        };
        return {
          kind: "stored",
          body: {
            sessionId: ev.sessionId,
            inferenceSeqNum: ev.inferenceSeqNum,
            startEpoch: r.window.startEpoch,
            endEpoch: r.window.endEpoch,
            epochs: r.assembly.sleepStages.length,
          },
          event: { type: "sleep:inference", payload },
        } as const;
      }
      const r = await saveSessionReport(tx, ev, receivedAt);
      if (r.kind === "foreign-session") throw new ForeignSessionError(r.ownerId);
      return {
        kind: "stored",
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
      } as const;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { kind: "duplicate" };
    if (err instanceof ForeignSessionError) return { kind: "foreign-session", ownerId: err.message };
    throw err;
  }
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
        const db = await deps.db();
        await db.webhookDelivery.create({
          data: {
            receivedAt,
            event,
            userId: (log.user as string | undefined) ?? null,
            sessionId: (log.session as string | undefined) ?? null,
            outcome: label,
            httpStatus: outcome.status,
            body: raw.slice(0, AUDIT_BODY_CHARS),
            error: typeof outcome.body.error === "string" ? outcome.body.error : null,
          },
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

    let stored: Stored;
    try {
      stored = await storeEvent(await deps.db(), ev, raw, receivedAt);
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
      case "stored":
        deps.publish(stored.event, (err) => deps.logger.error({ err }, "realtime publish failed"));
        return finish({ status: 200, body: { status: "accepted", event: ev.event, ...stored.body } }, "accepted");
    }
  };
}
