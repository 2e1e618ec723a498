"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";

/** The counts POST /api/users/:userId/delete answers with (lib/store/delete-user.ts). */
interface Deleted {
  user: boolean;
  nights: number;
  chunks: number;
  reports: number;
  deliveryBodies: number;
  links: number;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/**
 * "Delete all of this user's data": enabled once the operator types the user
 * id; then shows what was deleted. The delivery log keeps its rows without
 * their bodies (see lib/store/delete-user.ts).
 */
export function DeleteUserData({ userId }: { userId: string }) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Deleted | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/users/${encodeURIComponent(userId)}/delete`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ confirm: typed }),
      });
      const body = (await res.json().catch(() => null)) as (Deleted & { error?: string }) | null;
      if (res.ok && body) setDeleted(body);
      else setError(body?.error ?? `HTTP ${res.status}`);
    } catch (err) {
      setError(`Not reached: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  if (deleted) {
    return (
      <div
        role="status"
        data-testid="deleted"
        className="rounded-lg border border-slate-300 p-3 text-sm dark:border-slate-700"
      >
        <p className="font-medium">Deleted all of {userId}&apos;s data.</p>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          {plural(deleted.nights, "night", "nights")} ({plural(deleted.chunks, "chunk", "chunks")},{" "}
          {plural(deleted.reports, "report", "reports")}), {plural(deleted.links, "link", "links")},{" "}
          {plural(deleted.deliveryBodies, "delivery body", "delivery bodies")}
          {deleted.user ? " and the user" : ""}. Every sign-in of the user has ended.
        </p>
        <Link href="/" className="mt-2 inline-block font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          Back to users
        </Link>
      </div>
    );
  }
  return (
    <form
      onSubmit={submit}
      aria-label="Delete all of this user's data"
      className="rounded-lg border border-red-300 p-3 text-sm dark:border-red-900"
    >
      <p className="text-slate-700 dark:text-slate-300">
        Deletes every night (hypnograms, reports), the user&apos;s settings and links, and the bodies of their
        deliveries; the delivery log keeps each delivery&apos;s time, event, status and ids. Everyone signed in as this
        user is signed out. This cannot be undone; a later delivery from Asleep starts the user afresh.
      </p>
      <label className="mt-3 flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-500 dark:text-slate-400">
          Type <span className="font-mono break-all text-slate-800 dark:text-slate-200">{userId}</span> to confirm
        </span>
        <input
          name="confirm"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 sm:max-w-md dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      <button
        type="submit"
        disabled={busy || typed !== userId}
        className="mt-3 rounded-md bg-red-600 px-3 py-1.5 font-medium text-white hover:bg-red-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400 focus-visible:ring-offset-2 disabled:opacity-50"
      >
        Delete all of this user&apos;s data
      </button>
      {error ? (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}
