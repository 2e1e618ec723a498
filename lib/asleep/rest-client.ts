/**
 * A client for the two Asleep REST endpoints reconciliation needs
 * (../shared/asleep-rest-api.md):
 * - `GET /data/v3/sessions/{session_id}` (one session with its stages and stat),
 * - `GET /data/v1/sessions?date_gte&date_lte&order_by&offset&limit` (a user's
 *   sessions, paged, at most 100 a page),
 * both with `x-api-key` and `x-user-id` (and an optional `timezone` header).
 *
 * Manners: requests are spaced to at most `requestsPerSecond` (an interval
 * limiter shared by every call on one client); every request has its own
 * timeout (AbortSignal.timeout); 403 "Rate limit exceeded", 429 (its
 * Retry-After is honoured), 5xx, timeouts and network errors are retried with
 * exponential backoff and full jitter (delay = random() x min(cap, base x 2^n)),
 * at most `maxRetries` times. 401 and 404 are never retried: 404 is a result
 * (null / an empty list: Asleep does not know the session or user), 401 throws
 * {@link AsleepUnauthorizedError}, which a reconciliation run treats as fatal.
 */
import type { z } from "zod";

import {
  asleepEnvelope,
  asleepErrorSchema,
  asleepSessionListResultSchema,
  asleepSessionResultSchema,
  type AsleepSessionListItem,
  type AsleepSessionResult,
} from "./rest-schema";

/** Why a request to Asleep failed. */
export type AsleepApiErrorKind = "unauthorized" | "forbidden" | "rate-limited" | "server" | "client" | "timeout" | "network" | "invalid-answer" | "aborted";

/** A request to Asleep that failed (after its retries, for the retried kinds). */
export class AsleepApiError extends Error {
  constructor(
    message: string,
    readonly kind: AsleepApiErrorKind,
    /** HTTP status, null when no answer came (timeout, network, aborted). */
    readonly status: number | null,
    /** Asleep's `detail`, when it sent one. */
    readonly detail: string | null,
    /** The request's path (without the query). */
    readonly path: string,
  ) {
    super(message);
    this.name = "AsleepApiError";
  }
}

/** 401: Asleep refused the API key. A reconciliation run stops on it. */
export class AsleepUnauthorizedError extends AsleepApiError {
  constructor(path: string, detail: string | null) {
    super("Asleep refused the API key (401): check ASLEEP_REST_API_KEY", "unauthorized", 401, detail, path);
    this.name = "AsleepUnauthorizedError";
  }
}

export interface AsleepRestClientOptions {
  /** Base URL, e.g. `https://api.asleep.ai` (ASLEEP_API_URL). */
  baseUrl: string;
  /** Sent in `x-api-key`. */
  apiKey: string;
  /** Requests started per second at most (ASLEEP_API_RPS). */
  requestsPerSecond: number;
  /** Timeout of one request attempt, in milliseconds (ASLEEP_API_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries after the first attempt for retryable failures (default 4). */
  maxRetries?: number;
  /** Backoff base in milliseconds (default 500): attempt n waits up to base x 2^n. */
  backoffBaseMs?: number;
  /** Longest wait between attempts, in milliseconds (default 30,000); also caps Retry-After. */
  backoffMaxMs?: number;
  /** Uniform [0, 1) source for the jitter (default Math.random). */
  random?: () => number;
  /** Told about every retry (logs): the failure and the wait in milliseconds. */
  onRetry?: (info: { path: string; attempt: number; waitMs: number; error: AsleepApiError }) => void;
}

/** Options of one call. */
export interface RequestOptions {
  /** IANA zone sent in the `timezone` header: the zone of the times in the answer (Asleep's default is UTC). */
  timezone?: string | null;
  /** Aborts the call (and its waits) early, e.g. on shutdown. */
  signal?: AbortSignal;
}

export interface ListSessionsQuery extends RequestOptions {
  /** First day, `YYYY-MM-DD` (inclusive). */
  dateGte: string;
  /** Last day, `YYYY-MM-DD` (inclusive). */
  dateLte: string;
  /** Newest first (DESC, Asleep's default) or oldest first. */
  orderBy?: "ASC" | "DESC";
  /** Page size, 1-100 (default 100, the API's maximum). */
  pageSize?: number;
}

/** Pages read at most by one {@link AsleepRestClient.listSessions} call (10,000 sessions at 100 a page). */
export const MAX_LIST_PAGES = 100;

/** What the client exposes (a test or a dry run may wrap it). */
export interface AsleepRestClient {
  /**
   * `GET /data/v3/sessions/{sessionId}` for `userId`.
   * @returns the session (its `session.state` says whether it is COMPLETE), or null on 404 (unknown to Asleep)
   * @throws AsleepUnauthorizedError on 401; AsleepApiError for other failures after the retries
   */
  getSession(userId: string, sessionId: string, options?: RequestOptions): Promise<AsleepSessionResult | null>;
  /**
   * Every session of `userId` from `dateGte` to `dateLte`, all pages (offset/limit), in the order asked.
   * @returns the list; empty on 404 (Asleep does not know the user)
   * @throws AsleepUnauthorizedError on 401; AsleepApiError for other failures after the retries
   */
  listSessions(userId: string, query: ListSessionsQuery): Promise<AsleepSessionListItem[]>;
}

/** Sleeps `ms`, or rejects early with an aborted AsleepApiError when `signal` fires. */
function wait(ms: number, signal: AbortSignal | undefined, path: string): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(new AsleepApiError(`request to ${path} aborted`, "aborted", null, null, path));
    };
    if (signal?.aborted) return aborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", aborted);
      resolve();
    }, ms);
    signal?.addEventListener("abort", aborted, { once: true });
  });
}

/**
 * An interval limiter: each call reserves the next free slot, slots
 * `1000 / perSecond` ms apart, and resolves when its slot comes.
 * @returns a function that waits for the next slot (rejects when its signal aborts)
 */
export function createIntervalLimiter(perSecond: number): (signal?: AbortSignal) => Promise<void> {
  const gapMs = 1000 / perSecond;
  let next = 0;
  return (signal) => {
    const now = Date.now();
    const slot = Math.max(now, next);
    next = slot + gapMs;
    return wait(slot - now, signal, "(rate limiter)");
  };
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

function isRetryable(err: AsleepApiError): boolean {
  return err.kind === "rate-limited" || err.kind === "server" || err.kind === "timeout" || err.kind === "network";
}

function detailOf(json: unknown): string | null {
  const r = asleepErrorSchema.safeParse(json);
  const d = r.success ? r.data.detail : undefined;
  return typeof d === "string" ? d : d === undefined ? null : JSON.stringify(d);
}

/** The typed error for a non-2xx answer (404 is handled by the caller before this). */
function answerError(status: number, detail: string | null, path: string): AsleepApiError {
  const said = detail ? `: ${detail}` : "";
  if (status === 401) return new AsleepUnauthorizedError(path, detail);
  if (status === 429 || (status === 403 && /rate limit/i.test(detail ?? ""))) {
    return new AsleepApiError(`Asleep rate limit on ${path} (${status}${said})`, "rate-limited", status, detail, path);
  }
  if (status === 403) return new AsleepApiError(`Asleep refused ${path} (403${said})`, "forbidden", status, detail, path);
  if (status >= 500) return new AsleepApiError(`Asleep failed on ${path} (${status}${said})`, "server", status, detail, path);
  return new AsleepApiError(`Asleep refused ${path} (${status}${said})`, "client", status, detail, path);
}

/** Builds a client over global fetch. */
export function createAsleepRestClient(options: AsleepRestClientOptions): AsleepRestClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const maxRetries = options.maxRetries ?? 4;
  const baseMs = options.backoffBaseMs ?? 500;
  const capMs = options.backoffMaxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const limit = createIntervalLimiter(options.requestsPerSecond);

  /** One attempt: the parsed JSON of a 2xx, null for 404; throws AsleepApiError otherwise (with the Retry-After wait, if any). */
  async function attempt(path: string, search: URLSearchParams | null, userId: string, opts: RequestOptions): Promise<{ json: unknown } | null> {
    await limit(opts.signal);
    const headers: Record<string, string> = { accept: "application/json", "x-api-key": options.apiKey, "x-user-id": userId };
    if (opts.timezone) headers.timezone = opts.timezone;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${baseUrl}${path}${search ? `?${search}` : ""}`, { headers, signal });
      text = await res.text();
    } catch (err) {
      if (opts.signal?.aborted) throw new AsleepApiError(`request to ${path} aborted`, "aborted", null, null, path);
      if (timeout.aborted) throw new AsleepApiError(`Asleep did not answer ${path} within ${options.timeoutMs} ms`, "timeout", null, null, path);
      throw new AsleepApiError(`could not reach Asleep at ${baseUrl} (${(err as Error).message})`, "network", null, null, path);
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      if (res.ok) throw new AsleepApiError(`Asleep answered ${path} with text that is not JSON`, "invalid-answer", res.status, null, path);
    }
    if (res.ok) return { json };
    if (res.status === 404) return null;
    const err = answerError(res.status, detailOf(json), path);
    const after = retryAfterMs(res.headers.get("retry-after"));
    if (after !== null && err.kind === "rate-limited") Object.assign(err, { retryAfterMs: after });
    throw err;
  }

  /** Attempts with backoff: the parsed `result` of a 2xx, null on 404. */
  async function request<T extends z.ZodType>(
    path: string,
    search: URLSearchParams | null,
    userId: string,
    schema: T,
    opts: RequestOptions = {},
  ): Promise<z.infer<T> | null> {
    for (let n = 0; ; n++) {
      let answer: { json: unknown } | null;
      try {
        answer = await attempt(path, search, userId, opts);
      } catch (err) {
        const e = err as AsleepApiError & { retryAfterMs?: number };
        if (!(e instanceof AsleepApiError) || !isRetryable(e) || n >= maxRetries) throw e;
        const backoff = random() * Math.min(capMs, baseMs * 2 ** n);
        const waitMs = e.retryAfterMs !== undefined ? Math.min(capMs, Math.max(e.retryAfterMs, backoff)) : backoff;
        options.onRetry?.({ path, attempt: n + 1, waitMs, error: e });
        await wait(waitMs, opts.signal, path);
        continue;
      }
      if (answer === null) return null;
      const parsed = asleepEnvelope(schema).safeParse(answer.json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue ? `${issue.path.join(".") || "(body)"}: ${issue.message}` : "unexpected shape";
        throw new AsleepApiError(`Asleep's answer to ${path} does not match the documented shape (${where})`, "invalid-answer", 200, null, path);
      }
      return parsed.data.result as z.infer<T>;
    }
  }

  return {
    getSession(userId, sessionId, opts) {
      return request(`/data/v3/sessions/${encodeURIComponent(sessionId)}`, null, userId, asleepSessionResultSchema, opts);
    },
    async listSessions(userId, query) {
      const pageSize = Math.min(100, Math.max(1, Math.trunc(query.pageSize ?? 100)));
      const all: AsleepSessionListItem[] = [];
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const search = new URLSearchParams({
          date_gte: query.dateGte,
          date_lte: query.dateLte,
          order_by: query.orderBy ?? "DESC",
          offset: String(page * pageSize),
          limit: String(pageSize),
        });
        const result = await request("/data/v1/sessions", search, userId, asleepSessionListResultSchema, query);
        if (result === null) return all;
        all.push(...result.sleep_session_list);
        if (result.sleep_session_list.length < pageSize) return all;
      }
      return all;
    },
  };
}
