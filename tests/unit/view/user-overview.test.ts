/** The overview's URL state (lib/view/user-overview.ts): what a query string means and which links the headers carry. */
import { describe, expect, it } from "vitest";

import {
  ariaSort,
  formatLastSeen,
  formatUtcInstant,
  isReversed,
  overviewHref,
  parseOverviewParams,
  sortHref,
} from "@/lib/view/user-overview";

describe("parseOverviewParams", () => {
  it("defaults to last seen, newest first, page 1, no search", () => {
    expect(parseOverviewParams({})).toEqual({ q: "", sort: "lastSeen", dir: "desc", page: 1 });
  });

  it("reads q (trimmed, at most 100 characters), sort, dir and page; unknown values fall back", () => {
    expect(parseOverviewParams({ q: "  Ann ", sort: "efficiency", dir: "asc", page: "3" })).toEqual({
      q: "Ann",
      sort: "efficiency",
      dir: "asc",
      page: 3,
    });
    expect(parseOverviewParams({ q: "x".repeat(150) }).q).toHaveLength(100);
    expect(parseOverviewParams({ sort: "DROP TABLE", dir: "sideways", page: "-2" })).toEqual({
      q: "",
      sort: "lastSeen",
      dir: "desc",
      page: 1,
    });
    expect(parseOverviewParams({ page: "2.5" }).page).toBe(1);
    expect(parseOverviewParams({ sort: "name" }).dir).toBe("asc");
    expect(parseOverviewParams({ q: ["first", "second"] }).q).toBe("first");
  });

  it("caps the page at the last reachable one", () => {
    expect(parseOverviewParams({ page: "999" }, 201).page).toBe(201);
  });
});

describe("links", () => {
  const base = parseOverviewParams({ q: "a&b", page: "4" });

  it("the default state is / and other states keep only what differs from the defaults", () => {
    expect(overviewHref(parseOverviewParams({}))).toBe("/");
    expect(overviewHref(base)).toBe("/?q=a%26b&page=4");
    expect(overviewHref({ ...base, sort: "name", dir: "desc", page: 1 })).toBe("/?q=a%26b&sort=name&dir=desc");
  });

  it("a header sorts in its natural direction from page 1, and flips when it is already the sort", () => {
    expect(sortHref(base, "efficiency")).toBe("/?q=a%26b&sort=efficiency");
    expect(sortHref(base, "lastSeen")).toBe("/?q=a%26b&dir=asc");
    expect(sortHref(parseOverviewParams({ sort: "name" }), "name")).toBe("/?sort=name&dir=desc");
  });

  it("aria-sort names the sorted column's direction; the store reverses only against the natural direction", () => {
    expect(ariaSort(base, "lastSeen")).toBe("descending");
    expect(ariaSort(base, "name")).toBe("none");
    expect(isReversed(base)).toBe(false);
    expect(isReversed(parseOverviewParams({ sort: "efficiency", dir: "asc" }))).toBe(true);
    expect(ariaSort(parseOverviewParams({ sort: "efficiency", dir: "asc" }), "efficiency")).toBe("ascending");
  });
});

describe("times", () => {
  it("last seen: the time alone on the same UTC day, else the date too", () => {
    const now = new Date("2026-12-02T23:30:00Z");
    expect(formatLastSeen("2026-12-02T00:05:00Z", now)).toBe("00:05 UTC");
    expect(formatLastSeen("2026-12-01T23:59:00Z", now)).toBe("1 Dec 2026, 23:59 UTC");
    expect(formatLastSeen("garbage", now)).toBe("—");
  });

  it("instants read in UTC with their date", () => {
    expect(formatUtcInstant("2027-01-01T13:40:00.000Z")).toBe("1 Jan 2027, 13:40 UTC");
    expect(formatUtcInstant(null)).toBe("—");
  });
});
