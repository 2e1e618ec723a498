/**
 * Prometheus metrics (prom-client), one registry per process kept on
 * globalThis (registering a metric twice throws, and Next's bundles load their
 * own copy of this module). server.ts serves them at /metrics.
 *
 * Names and units (seconds, counts), all prefixed `nocturne_`:
 * - webhook_deliveries_total{event,outcome,status}: every delivery answered;
 * - ingest_duration_seconds: request received -> answer, per delivery;
 * - batch_size / batch_commit_seconds: group-commit batches and their transaction time;
 * - write_queue_depth: deliveries waiting for a batch;
 * - db_pool_connections{state=in_use|idle|waiting}: the PostgreSQL pool (SQLite: its one writer);
 * - sockets_connected, realtime_events_emitted_total{type};
 * plus prom-client's default process and Node metrics (CPU, memory, event-loop delay `nodejs_eventloop_lag_*`).
 */
import client from "prom-client";

export interface Metrics {
  registry: client.Registry;
  deliveries: client.Counter<"event" | "outcome" | "status">;
  ingestSeconds: client.Histogram;
  batchSize: client.Histogram;
  batchCommitSeconds: client.Histogram;
  eventsEmitted: client.Counter<"type">;
  /** Sets the callbacks the gauges read at scrape time. */
  gauges(read: { queueDepth: () => number; pool: () => { total: number; idle: number; waiting: number }; sockets: () => number }): void;
}

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const deliveries = new client.Counter({
    name: "nocturne_webhook_deliveries_total",
    help: "Webhook deliveries answered, by event, outcome and HTTP status",
    labelNames: ["event", "outcome", "status"] as const,
    registers: [registry],
  });
  const ingestSeconds = new client.Histogram({
    name: "nocturne_ingest_duration_seconds",
    help: "Time from receiving a delivery to answering it",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const batchSize = new client.Histogram({
    name: "nocturne_batch_size",
    help: "Deliveries written per group-commit transaction",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const batchCommitSeconds = new client.Histogram({
    name: "nocturne_batch_commit_seconds",
    help: "Time to write and commit one batch",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const eventsEmitted = new client.Counter({
    name: "nocturne_realtime_events_emitted_total",
    help: "Sleep events handed to socket.io (local viewers and other instances)",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  let read: Parameters<Metrics["gauges"]>[0] | null = null;
  new client.Gauge({
    name: "nocturne_write_queue_depth",
    help: "Deliveries waiting for a write batch",
    registers: [registry],
    collect() {
      this.set(read?.queueDepth() ?? 0);
    },
  });
  new client.Gauge({
    name: "nocturne_db_pool_connections",
    help: "Database connections by state (in_use, idle, waiting callers)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const p = read?.pool() ?? { total: 0, idle: 0, waiting: 0 };
      this.set({ state: "in_use" }, p.total - p.idle);
      this.set({ state: "idle" }, p.idle);
      this.set({ state: "waiting" }, p.waiting);
    },
  });
  new client.Gauge({
    name: "nocturne_sockets_connected",
    help: "socket.io connections open on this instance",
    registers: [registry],
    collect() {
      this.set(read?.sockets() ?? 0);
    },
  });
  return {
    registry,
    deliveries,
    ingestSeconds,
    batchSize,
    batchCommitSeconds,
    eventsEmitted,
    gauges(r) {
      read = r;
    },
  };
}

const SLOT = Symbol.for("nocturne.metrics");
type Slot = { [SLOT]?: Metrics };

/** The process's metrics, created on first use. */
export function getMetrics(): Metrics {
  const g = globalThis as Slot;
  g[SLOT] ??= create();
  return g[SLOT];
}
