import Link from "next/link";

/** The nights left out of the trends and averages, each with its reason and a link to its report. */
export function ExcludedNights({ nights }: { nights: Array<{ sessionId: string; label: string; reason: string }> }) {
  if (nights.length === 0) return null;
  return (
    <div data-testid="excluded-nights" className="mt-3 text-xs text-slate-600 dark:text-slate-300">
      <p className="font-medium">Left out of the averages and trends (no measurable sleep):</p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {nights.map((n) => (
          <li key={n.sessionId} data-session-id={n.sessionId}>
            <Link
              href={`/sessions/${encodeURIComponent(n.sessionId)}`}
              className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
            >
              {n.label}
            </Link>
            : {n.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
