/**
 * The speed targets of this machine (2 cores, load generator on the same
 * cores), set by the PostgreSQL issue: per database, ingest at least 2,000
 * deliveries/s with p99 at most 50 ms, and the history JSON endpoints at p95
 * at most 20 ms. Reported as rows ("met" / "missed"), never as failed checks:
 * speed goals live in the bench, correctness in its checks.
 */
import type { Row, ScenarioResult } from "./report";

export const TARGETS = { ingestPerS: 2000, ingestP99Ms: 50, historyJsonP95Ms: 20 } as const;

interface IngestData {
  product?: { deliveriesPerS: number; p99Ms: number };
}
interface HistoryData {
  endpoints?: Array<{ label: string; ms: { p95: number | null } }>;
}

/** One row per engine and target, from the "ingest <engine>" and "history <engine>" results. */
export function targetRows(results: readonly ScenarioResult[]): Row[] {
  const rows: Row[] = [];
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  for (const r of results) {
    const [scenario, ...rest] = r.name.split(" ");
    const engine = rest.join(" ");
    if (!engine) continue;
    if (scenario === "ingest") {
      const p = (r.data as IngestData).product;
      if (!p) continue;
      const ok = p.deliveriesPerS >= TARGETS.ingestPerS && p.p99Ms <= TARGETS.ingestP99Ms;
      rows.push({
        scenario: "targets",
        metric: `${engine}: ingest >= ${TARGETS.ingestPerS}/s, p99 <= ${TARGETS.ingestP99Ms} ms`,
        value: verdict(ok),
        unit: "",
        note: `${p.deliveriesPerS}/s, p99 ${p.p99Ms} ms`,
      });
    }
    if (scenario === "history") {
      const json = ((r.data as HistoryData).endpoints ?? []).filter((e) => !e.label.startsWith("page"));
      if (!json.length) continue;
      const worst = Math.max(...json.map((e) => e.ms.p95 ?? Infinity));
      rows.push({
        scenario: "targets",
        metric: `${engine}: history JSON p95 <= ${TARGETS.historyJsonP95Ms} ms`,
        value: verdict(worst <= TARGETS.historyJsonP95Ms),
        unit: "",
        note: `worst endpoint p95 ${worst} ms`,
      });
    }
  }
  return rows;
}
