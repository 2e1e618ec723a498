/**
 * A local HTTP server (node:http, loopback, a free port) that answers the two
 * Asleep REST endpoints reconciliation uses with the documented shapes
 * (../shared/asleep-rest-api.md): `{"detail", "result"}`, errors with only
 * `detail`. Tests hold its sessions in memory, script faults per path
 * (a status, a Retry-After, a slow answer) and read back every request it got.
 * Nothing here reaches the internet: point ASLEEP_API_URL at {@link FakeAsleep.url}.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** A session as `GET /data/v3/sessions/{id}` answers it (`result`). */
export interface FakeSession {
  timezone?: string;
  peculiarities?: string[];
  missing_data_ratio?: number;
  session: {
    id: string;
    state: "OPEN" | "CLOSED" | "COMPLETE";
    start_time: string;
    end_time: string | null;
    unexpected_end_time?: string | null;
    created_timezone?: string;
    sleep_stages: number[];
    snoring_stages?: number[];
    breath_stages?: number[] | null;
  };
  stat?: Record<string, unknown>;
}

/** One scripted answer, used once, for the next request whose path starts with `path`. */
export interface FakeFault {
  path: string;
  status?: number;
  detail?: string;
  retryAfter?: string;
  /** Wait this long before answering (a slow Asleep); then answer normally unless `status` is set. */
  delayMs?: number;
}

export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
}

export interface FakeAsleep {
  url: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Adds (or replaces) a user's session. */
  putSession(userId: string, session: FakeSession): void;
  /** Queues faults, answered in order before the normal answers. */
  fail(...faults: FakeFault[]): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The calendar day (UTC) of an ISO instant, `YYYY-MM-DD`. */
function utcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/**
 * Starts the fake Asleep on 127.0.0.1.
 * @param options.apiKey the only key accepted (anything else: 401 "Unauthorized")
 * @param options.port a port to listen on (default: a free one)
 */
export async function startFakeAsleep(options: { apiKey: string; port?: number }): Promise<FakeAsleep> {
  const users = new Map<string, Map<string, FakeSession>>();
  const faults: FakeFault[] = [];
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake.asleep");
    const headers = { "x-api-key": req.headers["x-api-key"] as string | undefined, "x-user-id": req.headers["x-user-id"] as string | undefined, timezone: req.headers.timezone as string | undefined };
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers });
    const i = faults.findIndex((f) => url.pathname.startsWith(f.path));
    const fault = i >= 0 ? faults.splice(i, 1)[0] : undefined;
    if (fault?.delayMs) {
      await new Promise((r) => setTimeout(r, fault.delayMs));
      if (res.destroyed) return;
    }
    if (fault?.status) {
      send(res, fault.status, { detail: fault.detail ?? "fault" }, fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
      return;
    }
    if (headers["x-api-key"] !== options.apiKey) return send(res, 401, { detail: "Unauthorized" });
    const userId = headers["x-user-id"];
    if (!userId) return send(res, 400, { detail: "x-user-id header is required" });
    const sessions = users.get(userId);
    const one = /^\/data\/v3\/sessions\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && one) {
      const s = sessions?.get(decodeURIComponent(one[1]!));
      if (!s) return send(res, 404, { detail: "Session not found" });
      // The `timezone` header names the zone of the answer's times (default UTC); the instants here keep their +00:00 offset.
      return send(res, 200, { detail: "success", result: { ...s, timezone: headers.timezone ?? "UTC" } });
    }
    if (req.method === "GET" && url.pathname === "/data/v1/sessions") {
      if (!sessions) return send(res, 404, { detail: "user does not exist" });
      const gte = url.searchParams.get("date_gte") ?? "0000-00-00";
      const lte = url.searchParams.get("date_lte") ?? "9999-99-99";
      const desc = (url.searchParams.get("order_by") ?? "DESC") === "DESC";
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 20);
      if (!(limit >= 0 && limit <= 100)) return send(res, 400, { detail: "limit must be 0-100" });
      const list = [...sessions.values()]
        .filter((s) => utcDay(s.session.start_time) >= gte && utcDay(s.session.start_time) <= lte)
        .sort((a, b) => (desc ? -1 : 1) * (Date.parse(a.session.start_time) - Date.parse(b.session.start_time)))
        .slice(offset, offset + limit)
        .map((s) => ({
          session_id: s.session.id,
          state: s.session.state,
          session_start_time: s.session.start_time,
          session_end_time: s.session.end_time,
          created_timezone: s.session.created_timezone ?? "UTC",
          unexpected_end_time: s.session.unexpected_end_time ?? null,
          last_received_seq_num: s.session.sleep_stages.length - 1,
          time_in_bed: s.session.sleep_stages.length * 30,
        }));
      return send(res, 200, { detail: "success", result: { sleep_session_list: list } });
    }
    send(res, 404, { detail: "Not Found" });
  };

  const server = createServer((req, res) => {
    open.add(res);
    res.on("close", () => open.delete(res));
    req.resume();
    void handle(req, res);
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    putSession(userId, session) {
      if (!users.has(userId)) users.set(userId, new Map());
      users.get(userId)!.set(session.session.id, session);
    },
    fail: (...f) => void faults.push(...f),
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An instant the way Asleep writes it in UTC: `2025-01-15T02:50:29+00:00` (no milliseconds). */
export function asleepTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/**
 * A COMPLETE session of `stages` (30-second epochs) starting at `startIso`
 * (UTC), with a hand-written `stat` so tests can check the values that were
 * stored came from Asleep and not from Nocturne's own computation.
 */
export function completeSession(id: string, startIso: string, stages: number[], stat: Record<string, unknown>): FakeSession {
  const end = asleepTime(Date.parse(startIso) + stages.length * 30_000);
  return {
    timezone: "UTC",
    peculiarities: [],
    missing_data_ratio: 0,
    session: {
      id,
      state: "COMPLETE",
      start_time: asleepTime(Date.parse(startIso)),
      end_time: end,
      unexpected_end_time: null,
      created_timezone: "UTC",
      sleep_stages: stages,
      snoring_stages: stages.map(() => 0),
      breath_stages: null,
    },
    stat,
  };
}
