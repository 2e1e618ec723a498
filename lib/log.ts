/**
 * The process-wide structured logger (pino, JSON lines on stdout).
 * Shared through globalThis so server.ts and Next's bundles write through one instance.
 */
import pino, { type Logger } from "pino";

const SLOT = Symbol.for("nocturne.logger");
type Slot = { [SLOT]?: Logger };

/** The logger; level from LOG_LEVEL (default "info"). */
export function getLogger(): Logger {
  const g = globalThis as Slot;
  g[SLOT] ??= pino({
    level: process.env.LOG_LEVEL ?? "info",
    base: { app: "nocturne" },
    redact: { paths: ["key", "apiKey", "headers['x-api-key']", "*.apiKey"], censor: "[redacted]" },
  });
  return g[SLOT];
}
