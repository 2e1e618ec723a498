import { describe, expect, it } from "vitest";

import { describePlannedNight } from "../../../scripts/simulate/summary";

describe("the simulator's night lines", () => {
  it("date a night by the dashboard's rule", () => {
    // 00:40 on Thu 26 Nov in Paris (23:40Z on the 25th) is the night of Wed 25 Nov, as the dashboard says;
    // the CLI used to print "Thu 26 Nov".
    const start = Date.parse("2026-11-25T23:40:00Z");
    expect(describePlannedNight(start, start + 8 * 3600_000, "Europe/Paris")).toBe("Night of Wed, 25 Nov 2026 00:40");
  });
});
