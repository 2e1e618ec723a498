/**
 * The operator's overview (app/page.tsx) as URL state: `q` (search), `sort`
 * (lastSeen | name | efficiency), `dir` (asc | desc) and `page` (1-based), read
 * from the query string and written back into links, so a search, a sort and a
 * page can be bookmarked and work without JavaScript. Pure and isomorphic.
 */
import type { UserSort } from "../store/read-model";

/** Users per overview page. */
export const OVERVIEW_PAGE_SIZE = 50;
/** Longest search text, in characters (longer is cut). */
export const MAX_SEARCH_LENGTH = 100;

export type SortDirection = "asc" | "desc";

/** Each sort's natural direction: newest seen first, names A-Z, best efficiency first. */
export const DEFAULT_DIRECTION: Record<UserSort, SortDirection> = { lastSeen: "desc", name: "asc", efficiency: "desc" };

export interface OverviewParams {
  q: string;
  sort: UserSort;
  dir: SortDirection;
  /** 1-based. */
  page: number;
}

const SORTS: readonly UserSort[] = ["lastSeen", "name", "efficiency"];

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Reads the overview's query string (Next's `searchParams`); anything unknown
 * or malformed falls back to the default (last seen, newest first, page 1).
 * @param maxPage the last page that may be asked for (pages past it read as it)
 */
export function parseOverviewParams(
  search: Record<string, string | string[] | undefined>,
  maxPage = Number.MAX_SAFE_INTEGER,
): OverviewParams {
  const q = (one(search.q) ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
  const sortText = one(search.sort);
  const sort = SORTS.includes(sortText as UserSort) ? (sortText as UserSort) : "lastSeen";
  const dirText = one(search.dir);
  const dir = dirText === "asc" || dirText === "desc" ? dirText : DEFAULT_DIRECTION[sort];
  const pageNumber = Number(one(search.page));
  const page = Number.isInteger(pageNumber) && pageNumber >= 1 ? Math.min(pageNumber, Math.max(1, maxPage)) : 1;
  return { q, sort, dir, page };
}

/** The overview URL for `params` (defaults left out: `/` is last seen, newest first, page 1). */
export function overviewHref(params: OverviewParams): string {
  const qs = new URLSearchParams();
  if (params.q) qs.set("q", params.q);
  if (params.sort !== "lastSeen") qs.set("sort", params.sort);
  if (params.dir !== DEFAULT_DIRECTION[params.sort]) qs.set("dir", params.dir);
  if (params.page > 1) qs.set("page", String(params.page));
  const text = qs.toString();
  return text ? `/?${text}` : "/";
}

/** A column header's link: sort by `sort` in its natural direction, or, when it is already the sort, the other way; back to page 1. */
export function sortHref(params: OverviewParams, sort: UserSort): string {
  const dir = params.sort === sort ? (params.dir === "asc" ? "desc" : "asc") : DEFAULT_DIRECTION[sort];
  return overviewHref({ ...params, sort, dir, page: 1 });
}

/** The `aria-sort` of a column header: "ascending"/"descending" on the sorted column, "none" elsewhere. */
export function ariaSort(params: OverviewParams, sort: UserSort): "ascending" | "descending" | "none" {
  if (params.sort !== sort) return "none";
  return params.dir === "asc" ? "ascending" : "descending";
}

/** Whether the store must reverse its natural order for these params. */
export function isReversed(params: OverviewParams): boolean {
  return params.dir !== DEFAULT_DIRECTION[params.sort];
}

const UTC_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const UTC_DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

/**
 * When a user was last seen, in UTC (the operator's zone is not known on the
 * server): "14:05 UTC" the same UTC day as `now`, else "2 Dec 2026, 14:05 UTC".
 */
export function formatLastSeen(at: string, now: Date = new Date()): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return "—";
  if (d.toISOString().slice(0, 10) !== now.toISOString().slice(0, 10)) return formatUtcInstant(at);
  return `${UTC_TIME.format(d)} UTC`;
}

/** An instant in UTC, "2 Dec 2026, 14:05 UTC" (the same on the server and in the browser, so hydration agrees); "—" when null or unreadable. */
export function formatUtcInstant(at: string | null): string {
  if (!at) return "—";
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return "—";
  return `${UTC_DATE.format(d)}, ${UTC_TIME.format(d)} UTC`;
}
