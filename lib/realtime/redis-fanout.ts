/**
 * Fan-out across instances: with REDIS_URL set, socket.io uses the sharded
 * Redis adapter (`@socket.io/redis-adapter`, Redis 7 sharded pub/sub), so an
 * event emitted on the instance that received a delivery reaches viewers
 * connected to any instance. In "dynamic" subscription mode an instance
 * subscribes a user's channel only while one of that user's viewers is
 * connected to it, so an event for an unwatched user costs one SPUBLISH.
 *
 * Why this adapter and not the streams one: the streams adapter's only extra
 * is connection-state recovery, and Nocturne already guarantees that a
 * (re)connecting viewer misses nothing through the database snapshot sent on
 * every connect; pub/sub keeps Redis memory flat (nothing is stored).
 *
 * Redis away: commands fail at once (no offline queue), socket.io still
 * delivers to the instance's own viewers, deliveries are unaffected, readiness
 * reports Redis down, and the clients reconnect by themselves (subscriptions
 * are restored), so cross-instance events resume without a restart.
 */
import { createHash } from "node:crypto";

import { createShardedAdapter } from "@socket.io/redis-adapter";
import type { Logger } from "pino";
import { createClient } from "redis";
import type { Server } from "socket.io";

export interface RedisFanout {
  /** Resolves when Redis answers PING within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Waits for a connection attempt, at most `ms` (Redis may be down at start: the client keeps retrying). */
function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    p.then(
      () => (clearTimeout(t), resolve()),
      () => (clearTimeout(t), resolve()),
    );
  });
}

/**
 * The channel prefix of one deployment: derived from its shared NOCTURNE_SECRET
 * (the same on every instance of a cluster, different between deployments), so
 * two deployments sharing one Redis never see each other's events.
 */
export function deploymentChannel(secret: string): string {
  return `nocturne:${createHash("sha256").update(`socket.io channel\0${secret}`).digest("hex").slice(0, 16)}`;
}

/**
 * Connects to Redis and installs the sharded adapter on `io`, on the channels
 * under `channelPrefix` ({@link deploymentChannel}). Never throws for an unreachable Redis.
 */
export async function attachRedisFanout(io: Server, url: string, log: Logger, channelPrefix: string): Promise<RedisFanout> {
  const pub = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  const sub = pub.duplicate();
  let lastError = "";
  for (const [name, client] of [
    ["publisher", pub],
    ["subscriber", sub],
  ] as const) {
    client.on("error", (err: Error) => {
      // One line per distinct failure, not one per reconnect attempt.
      if (err.message !== lastError) log.warn({ err: err.message, client: name }, "redis unavailable");
      lastError = err.message;
    });
    client.on("ready", () => {
      if (lastError) log.info({ client: name }, "redis connected again");
      lastError = "";
    });
  }
  await settleWithin(Promise.all([pub.connect(), sub.connect()]), 3000);
  io.adapter(createShardedAdapter(pub, sub, { subscriptionMode: "dynamic", channelPrefix }));
  return {
    async ping(timeoutMs) {
      if (!pub.isReady) throw new Error("not connected");
      await Promise.race([
        pub.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
      ]);
    },
    async close() {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
