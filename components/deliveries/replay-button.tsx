"use client";

/**
 * Replays one stored delivery through the ingest pipeline (POST
 * /api/deliveries/replay) and says what happened, with a link to the replay's
 * own log row; the page's data is refreshed after.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { replayDeliveries, type ReplayResultView } from "./replay-client";

export function ReplayButton({ id, compact = false }: { id: number; compact?: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReplayResultView | { error: string } | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(null);
    try {
      const [r] = (await replayDeliveries({ ids: [id] })).results;
      setResult(r ?? { error: "no answer" });
      router.refresh();
    } catch (err) {
      setResult({ error: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={run}
        disabled={busy}
        aria-label={compact ? `Replay delivery ${id}` : undefined}
        className={`rounded-md border border-indigo-300 font-medium text-indigo-700 hover:bg-indigo-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50 dark:border-indigo-500/50 dark:text-indigo-300 dark:hover:bg-indigo-500/10 ${compact ? "px-2 py-0.5 text-xs" : "px-3 py-1.5 text-sm"}`}
      >
        {busy ? "Replaying…" : "Replay"}
      </button>
      {result ? (
        <span role="status" className="text-xs text-slate-600 dark:text-slate-300">
          {"error" in result && !("ok" in result) ? (
            <span className="text-red-700 dark:text-red-300">{result.error}</span>
          ) : (
            <ReplayOutcome result={result as ReplayResultView} />
          )}
        </span>
      ) : null}
    </span>
  );
}

/** One replay's result in words: "accepted (200), row #12" or the reason it could not run. */
export function ReplayOutcome({ result }: { result: ReplayResultView }) {
  if (!result.ok) return <span className="text-red-700 dark:text-red-300">{result.error}</span>;
  return (
    <span>
      {result.answer} ({result.status})
      {result.replay ? (
        <>
          {", "}
          <Link href={`/deliveries/${result.replay.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
            row #{result.replay.id}
          </Link>
        </>
      ) : null}
    </span>
  );
}
