"use client";

/**
 * "Replay the failed deliveries in this filter": walks them in id order in
 * batches of 20 through POST /api/deliveries/replay and shows the progress
 * (n of N) and each result as it comes.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";

import { ReplayOutcome } from "./replay-button";
import { replayDeliveries, type ReplayResultView } from "./replay-client";

const BATCH = 20;

export function BulkReplay({ filter, description }: { filter: Record<string, string>; description: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ running: boolean; done: number; total: number | null; results: ReplayResultView[]; error: string | null }>({
    running: false,
    done: 0,
    total: null,
    results: [],
    error: null,
  });
  const run = async () => {
    setState({ running: true, done: 0, total: null, results: [], error: null });
    let after = 0;
    let upTo: number | undefined;
    let total: number | null = null;
    const results: ReplayResultView[] = [];
    try {
      for (;;) {
        const answer = await replayDeliveries({ filter, after, limit: BATCH, ...(upTo === undefined ? {} : { upTo }) });
        if (answer.total !== undefined) total = answer.total;
        upTo = answer.upTo;
        results.push(...answer.results);
        setState({ running: true, done: results.length, total, results: [...results], error: null });
        if (answer.next === null || answer.next === undefined) break;
        after = answer.next;
      }
      setState({ running: false, done: results.length, total, results, error: null });
      router.refresh();
    } catch (err) {
      setState({ running: false, done: results.length, total, results, error: (err as Error).message });
    }
  };
  const { running, done, total, results, error } = state;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-3 text-sm shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={run}
          disabled={running}
          className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2 disabled:opacity-50 dark:focus-visible:ring-offset-slate-900"
        >
          {running ? "Replaying…" : "Replay failed deliveries"}
        </button>
        <span className="text-slate-600 dark:text-slate-300">{description}</span>
      </div>
      {total !== null || running ? (
        <div className="mt-3">
          <p role="status" aria-live="polite" className="font-medium">
            {total === null ? "Counting…" : total === 0 ? "No failed deliveries to replay." : `${done} of ${total} replayed`}
          </p>
          {total ? (
            <progress className="mt-1 h-2 w-full accent-indigo-600" max={total} value={done} aria-label="Replay progress" />
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {results.length ? (
        <ol className="mt-2 max-h-64 space-y-1 overflow-y-auto text-xs" aria-label="Replay results">
          {results.map((r) => (
            <li key={r.id} data-replayed={r.id}>
              <span className="font-mono">#{r.id}</span>: <ReplayOutcome result={r} />
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
