import { describe, expect, it } from "vitest";

import { mulberry32 } from "@/lib/simulator/seeded-random";

describe("mulberry32", () => {
  it("repeats its sequence for a seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
