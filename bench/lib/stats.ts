/**
 * Percentiles, summaries and growth fits. Units are whatever the samples are
 * in (the bench records milliseconds everywhere).
 */

/** A latency summary; every figure in the samples' unit (ms in this bench). */
export interface Summary {
  n: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** The q-quantile (0..1) of sorted samples, nearest rank; null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}

/** Summarises samples (any order); figures rounded to 0.01. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : null;
  return {
    n: sorted.length,
    mean: r(mean),
    p50: r(quantile(sorted, 0.5)),
    p95: r(quantile(sorted, 0.95)),
    p99: r(quantile(sorted, 0.99)),
    max: r(sorted.length ? (sorted[sorted.length - 1] ?? null) : null),
  };
}

/** `a / b` rounded to 0.001, null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0) return null;
  return Math.round((a / b) * 1000) / 1000;
}

/** How a cost grows with size. */
export interface GrowthFit {
  /** "flat", "log" or "linear" (or "n/a" with fewer than two points). */
  shape: "flat" | "log" | "linear" | "n/a";
  /** Exponent k of cost ~ size^k from a log-log least-squares fit (0 flat, 1 linear). */
  exponent: number | null;
  /** Cost at the largest size divided by cost at the smallest. */
  growth: number | null;
}

function leastSquaresSse(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  const a = my - b * mx;
  return ys.reduce((s, y, i) => s + (y - (a + b * xs[i]!)) ** 2, 0);
}

/**
 * Classifies cost(size) from (size, cost) points: "flat" when the cost moves
 * less than `flatBand` (default 30 %, the noise of a shared 2-core box) across
 * the whole range or does not rise with size (log-log exponent <= 0.05), else
 * whichever of cost = a + b*log(size) and cost = a + b*size fits with the
 * smaller squared error (with two points: linear when the exponent is > 0.5).
 */
export function fitGrowth(points: ReadonlyArray<{ size: number; cost: number }>, flatBand = 0.3): GrowthFit {
  const pts = points.filter((p) => p.size > 0 && p.cost > 0 && Number.isFinite(p.cost)).sort((a, b) => a.size - b.size);
  if (pts.length < 2) return { shape: "n/a", exponent: null, growth: null };
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const lx = pts.map((p) => Math.log(p.size));
  const ly = pts.map((p) => Math.log(p.cost));
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((x, i) => {
    sxy += (x - mx) * (ly[i]! - my);
    sxx += (x - mx) ** 2;
  });
  const exponent = sxx === 0 ? null : Math.round((sxy / sxx) * 1000) / 1000;
  const growth = Math.round((last.cost / first.cost) * 1000) / 1000;
  const costs = pts.map((p) => p.cost);
  const spread = (Math.max(...costs) - Math.min(...costs)) / Math.min(...costs);
  if (spread < flatBand || exponent === null || exponent <= 0.05) return { shape: "flat", exponent, growth };
  if (pts.length < 3) return { shape: exponent > 0.5 ? "linear" : "log", exponent, growth };
  const logSse = leastSquaresSse(lx, costs);
  const linSse = leastSquaresSse(
    pts.map((p) => p.size),
    costs,
  );
  return { shape: logSse <= linSse ? "log" : "linear", exponent, growth };
}
