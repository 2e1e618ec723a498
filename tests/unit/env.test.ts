/** lib/env.ts: the audit retention setting (issue 9, item 13). */
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
