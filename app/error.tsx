"use client";

/**
 * What a page shows when rendering it failed. A database that cannot be
 * reached (its errors carry the digest lib/store/errors.ts sets) gets its own
 * plain message and a retry; anything else a generic one. Never a stack.
 */
import { useEffect } from "react";

/** Mirrors DATABASE_UNAVAILABLE_DIGEST in lib/store/errors.ts (client code cannot import the store). */
const DATABASE_UNAVAILABLE = "NOCTURNE_DATABASE_UNAVAILABLE";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const unavailable = error.digest === DATABASE_UNAVAILABLE;
  useEffect(() => {
    document.title = unavailable ? "Database unavailable · Nocturne" : "Something went wrong · Nocturne";
  }, [unavailable]);
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center" role="alert">
      <p className="text-sm font-semibold text-amber-700 dark:text-amber-300">{unavailable ? "503" : "Error"}</p>
      <h1 className="mt-2 text-2xl font-semibold">{unavailable ? "Database unavailable" : "Something went wrong"}</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-300">
        {unavailable
          ? "Nocturne cannot reach its database right now. Nothing is lost: Asleep retries its deliveries, and this page works again as soon as the database is back."
          : "This page could not be shown. Try again in a moment."}
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Try again
      </button>
    </main>
  );
}
