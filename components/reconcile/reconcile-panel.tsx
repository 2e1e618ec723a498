"use client";

/**
 * The operator's "Reconcile now" button, the progress of the run under way
 * (polled from GET /api/reconcile every second while one runs) and the last
 * runs' summaries. Starting posts to POST /api/reconcile.
 */
import { useCallback, useEffect, useState } from "react";

import type { ReconcileSummary } from "@/lib/reconcile/reconcile";
import type { ReconcileStatus } from "@/lib/reconcile/runs";
import { TableHead } from "@/components/ui/table-head";

const POLL_MS = 1000;

const TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** `2 Dec, 13:20:05 UTC`. */
function formatStarted(iso: string): string {
  return `${TIME.format(new Date(iso))} UTC`;
}

/** Seconds a run took, `0.4 s` / `12 s` / `3 min 5 s`. */
function formatTook(s: ReconcileSummary): string {
  const seconds = Math.max(0, (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000);
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

const TRIGGERS: Record<string, string> = { timer: "Timer", operator: "Operator", cli: "Command line" };

function Counts({ s }: { s: ReconcileSummary }) {
  const items: Array<[string, number]> = [
    ["Checked", s.checked],
    ["Fetched", s.fetched],
    [s.dryRun ? "Would store" : "Stored", s.stored],
    ["Already there", s.alreadyThere],
    ["Not complete at Asleep", s.pending],
    ["Failed", s.failed.length],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-lg border border-slate-200 px-3 py-2 dark:border-slate-800">
          <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
          <dd className={`text-xl font-semibold tabular-nums ${label === "Failed" && value > 0 ? "text-red-700 dark:text-red-400" : ""}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The newest run, in full: its counts, why it stopped, each failure. */
function LatestRun({ s }: { s: ReconcileSummary }) {
  return (
    <div data-testid="latest-run" className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Last run {formatStarted(s.startedAt)}, {TRIGGERS[s.trigger] ?? s.trigger}
        {s.dryRun ? ", dry run (nothing stored)" : ""}, {s.userId ? `user ${s.userId}` : "every known user"}, last {s.days} days, took {formatTook(s)}.
      </p>
      <Counts s={s} />
      {s.stoppedBy ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-300">
          Stopped early: {s.stoppedBy}
        </p>
      ) : null}
      {s.failed.length ? (
        <ul className="space-y-1 text-sm text-red-800 dark:text-red-300">
          {s.failed.map((f, i) => (
            <li key={i} className="break-words">
              {f.sessionId ? <>Session <code>{f.sessionId}</code></> : "Session list"} of <code>{f.userId}</code>: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The button, the run under way and the last runs. */
export function ReconcilePanel({ initial }: { initial: ReconcileStatus }) {
  const [status, setStatus] = useState(initial);
  const [dryRun, setDryRun] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const running = status.current !== null;

  const refresh = useCallback(async () => {
    const res = await fetch("/api/reconcile", { cache: "no-store" });
    if (res.ok) setStatus((await res.json()) as ReconcileStatus);
  }, []);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh().catch(() => {}), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const start = async () => {
    setPosting(true);
    setMessage(null);
    try {
      const res = await fetch("/api/reconcile", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ dryRun }) });
      const body = (await res.json()) as ReconcileStatus & { error?: string };
      if (res.status === 202) setStatus(body);
      else setMessage(body.error ?? `the server answered ${res.status}`);
    } catch (err) {
      setMessage(`could not reach Nocturne: ${(err as Error).message}`);
    } finally {
      setPosting(false);
    }
  };

  const p = status.current?.progress;
  const latest = status.runs[0];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          onClick={() => void start()}
          disabled={!status.settings.configured || running || posting}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50 dark:bg-indigo-500 dark:hover:bg-indigo-400 dark:focus-visible:ring-offset-slate-950"
        >
          {running ? "Reconciling…" : "Reconcile now"}
        </button>
        <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} disabled={running} className="h-4 w-4 accent-indigo-600" />
          Dry run (fetch and report, store nothing)
        </label>
      </div>
      {message ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
          {message}
        </p>
      ) : null}
      <div aria-live="polite" className="space-y-6">
        {running ? (
          <div className="space-y-2" data-testid="run-progress">
            <div className="flex justify-between text-sm text-slate-600 dark:text-slate-300">
              <span>
                {p ? `${p.phase === "quiet-nights" ? "Quiet nights" : "Session lists"}: ${p.done} of ${p.total} steps` : "Starting…"}
              </span>
              <span className="tabular-nums">{p ? `${p.counts.stored} stored, ${p.counts.failed} failed` : ""}</span>
            </div>
            <div
              role="progressbar"
              aria-label="Reconciliation progress"
              aria-valuemin={0}
              aria-valuemax={p?.total || 1}
              aria-valuenow={p?.done ?? 0}
              className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
            >
              <div className="h-full bg-indigo-600 transition-[width] dark:bg-indigo-400" style={{ width: `${p && p.total ? (100 * p.done) / p.total : 0}%` }} />
            </div>
          </div>
        ) : latest ? (
          <LatestRun s={latest} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">No run yet since this instance started.</p>
        )}
      </div>
      {status.runs.length ? <RunTable runs={status.runs} /> : null}
    </div>
  );
}

function RunTable({ runs }: { runs: ReconcileSummary[] }) {
  const cell = "px-3 py-2";
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm tabular-nums">
        <caption className="sr-only">Last runs on this instance, newest first</caption>
        <TableHead
          className="bg-slate-50 text-slate-500 dark:bg-slate-800/60 dark:text-slate-400"
          cell={cell}
          columns={[
            { label: "Started" },
            { label: "By", className: "hidden sm:table-cell" },
            { label: "Checked", className: "text-right hidden sm:table-cell" },
            { label: "Fetched", className: "text-right hidden sm:table-cell" },
            { label: "Stored", className: "text-right" },
            { label: "Already there", className: "text-right hidden md:table-cell" },
            { label: "Failed", className: "text-right" },
          ]}
        />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {runs.map((r) => (
            <tr key={r.startedAt + r.trigger}>
              <td className={`${cell} whitespace-nowrap`}>
                {formatStarted(r.startedAt)}
                {r.dryRun ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">dry run</span> : null}
                {r.stoppedBy ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800 dark:bg-red-950 dark:text-red-300">stopped</span> : null}
              </td>
              <td className={`${cell} hidden sm:table-cell`}>{TRIGGERS[r.trigger] ?? r.trigger}</td>
              <td className={`${cell} hidden text-right sm:table-cell`}>{r.checked}</td>
              <td className={`${cell} hidden text-right sm:table-cell`}>{r.fetched}</td>
              <td className={`${cell} text-right`}>{r.stored}</td>
              <td className={`${cell} hidden text-right md:table-cell`}>{r.alreadyThere}</td>
              <td className={`${cell} text-right ${r.failed.length ? "text-red-700 dark:text-red-400" : ""}`}>{r.failed.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
