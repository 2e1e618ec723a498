/**
 * What a scenario hands back (figures for the table and the JSON file, and
 * correctness checks) and the plain-text table printed at the end of a run.
 */

/** One printed figure. `value` is in `unit`; null means not measured. */
export interface Row {
  scenario: string;
  metric: string;
  value: number | string | null;
  unit: string;
  note?: string;
}

/** A correctness check: a failed one makes the run exit non-zero. Speed never does. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ScenarioResult {
  name: string;
  rows: Row[];
  checks: Check[];
  /** Every figure of the scenario, for the JSON file. */
  data: Record<string, unknown>;
}

/** Builds rows for one scenario without repeating its name. */
export function rowsFor(scenario: string): {
  rows: Row[];
  add: (metric: string, value: number | string | null | undefined, unit: string, note?: string) => void;
} {
  const rows: Row[] = [];
  return {
    rows,
    add: (metric, value, unit, note) =>
      rows.push({ scenario, metric, value: value ?? null, unit, ...(note ? { note } : {}) }),
  };
}

function cell(v: number | string | null): string {
  if (v === null) return "-";
  if (typeof v === "string") return v;
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** Several figures in one cell, "a / b / c" (missing ones as "-"), rounded like single figures. */
export function slash(...values: Array<number | null | undefined>): string {
  return values.map((v) => cell(v ?? null)).join(" / ");
}

/** Formats rows and checks as an aligned plain-text table. */
export function formatTable(rows: readonly Row[], checks: readonly Check[]): string {
  const header = ["scenario", "metric", "value", "unit", "note"];
  const body = rows.map((r) => [r.scenario, r.metric, cell(r.value), r.unit, r.note ?? ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cols: string[]) =>
    cols
      .map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")];
  let last = "";
  for (const b of body) {
    if (b[0] !== last && last !== "") out.push("");
    last = b[0] ?? "";
    out.push(line(b));
  }
  if (checks.length) {
    out.push("", "checks:");
    for (const c of checks) out.push(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  }
  return out.join("\n");
}
