/** lib/env.ts: the audit retention setting (issue 9, item 13) and the public origin of viewer links (issue 13). */
import { describe, expect, it } from "vitest";

import { parseEnv } from "@/lib/env";

describe("NOCTURNE_AUDIT_RETENTION_DAYS", () => {
  it("defaults to 30 days and takes a whole number of days", () => {
    expect(parseEnv({}).auditRetentionDays).toBe(30);
    expect(parseEnv({ NOCTURNE_AUDIT_RETENTION_DAYS: "7" }).auditRetentionDays).toBe(7);
  });

  it("refuses 0, negative and fractional days, naming the variable", () => {
    for (const v of ["0", "-1", "1.5", "soon"]) {
      expect(() => parseEnv({ NOCTURNE_AUDIT_RETENTION_DAYS: v }), v).toThrow(/NOCTURNE_AUDIT_RETENTION_DAYS/);
    }
  });
});

describe("NOCTURNE_PUBLIC_URL", () => {
  it("is an origin, kept without its trailing slash; unset by default", () => {
    expect(parseEnv({}).publicUrl).toBeUndefined();
    expect(parseEnv({ NOCTURNE_PUBLIC_URL: "https://sleep.example.com/" }).publicUrl).toBe("https://sleep.example.com");
    expect(parseEnv({ NOCTURNE_PUBLIC_URL: "http://10.0.0.5:3000" }).publicUrl).toBe("http://10.0.0.5:3000");
  });

  it.each(["sleep.example.com", "https://sleep.example.com/app", "ftp://x", "https://a b"])(
    "refuses %s naming the variable",
    (v) => {
      expect(() => parseEnv({ NOCTURNE_PUBLIC_URL: v })).toThrow(/NOCTURNE_PUBLIC_URL/);
    },
  );
});
