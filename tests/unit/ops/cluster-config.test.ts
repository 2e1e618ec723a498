/** Cluster configuration: when an instance must not generate its own secrets. */
import { describe, expect, it } from "vitest";

import { clusterReason, missingSecretsMessage, missingSharedSecrets } from "@/lib/cluster-config";

describe("clusterReason", () => {
  it("is null for the embedded SQLite default and says why otherwise", () => {
    expect(clusterReason({})).toBeNull();
    expect(clusterReason({ DATABASE_URL: "file:./data/x.db" })).toBeNull();
    expect(clusterReason({ DATABASE_URL: "postgresql://u@h/db" })).toBe("DATABASE_URL is PostgreSQL");
    expect(clusterReason({ REDIS_URL: "redis://h:6379" })).toBe("REDIS_URL is set");
    expect(clusterReason({ DATABASE_URL: "postgres://u@h/db", REDIS_URL: "redis://h" })).toBe("DATABASE_URL is PostgreSQL and REDIS_URL is set");
  });
});

describe("missingSharedSecrets", () => {
  it("names each missing secret; either Asleep key variable counts", () => {
    expect(missingSharedSecrets({})).toEqual(["NOCTURNE_SECRET", "NOCTURNE_ADMIN_TOKEN", "ASLEEP_API_KEYS"]);
    expect(missingSharedSecrets({ NOCTURNE_SECRET: "s", NOCTURNE_ADMIN_TOKEN: "t", ASLEEP_API_KEY: "k" })).toEqual([]);
    expect(missingSharedSecrets({ NOCTURNE_SECRET: "s", ASLEEP_API_KEYS: "k" })).toEqual(["NOCTURNE_ADMIN_TOKEN"]);
  });

  it("the refusal names the variables and how to make them", () => {
    const text = missingSecretsMessage("REDIS_URL is set", ["NOCTURNE_SECRET"]);
    expect(text).toContain("REDIS_URL is set");
    expect(text).toContain("Missing: NOCTURNE_SECRET.");
    expect(text).toContain("npm run -s secrets > .env.local");
  });
});

describe("deploymentChannel", () => {
  it("is the same for instances sharing a secret and differs between deployments", async () => {
    const { deploymentChannel } = await import("@/lib/realtime/redis-fanout");
    const a = deploymentChannel("s".repeat(40));
    expect(deploymentChannel("s".repeat(40))).toBe(a);
    expect(deploymentChannel("t".repeat(40))).not.toBe(a);
    expect(a).toMatch(/^nocturne:[0-9a-f]{16}$/);
    expect(a).not.toContain("ssss"); // the secret itself never appears in Redis
  });
});
