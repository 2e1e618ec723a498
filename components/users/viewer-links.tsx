"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

import { TableHead } from "@/components/ui/table-head";
import { MAX_LINK_LABEL, VIEWER_LINK_DAYS, type ViewerLinkView } from "@/lib/store/read-model";
import { formatUtcInstant } from "@/lib/view/user-overview";

const button =
  "rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2 disabled:opacity-50";
const field =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:bg-slate-900";

/** The error text of a failed JSON answer (`{"error"}` or the status). */
async function errorOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: string; issues?: Array<{ message: string }> } | null;
  return [body?.error ?? `HTTP ${res.status}`, ...(body?.issues ?? []).map((i) => i.message)].join(": ");
}

async function postJson(url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The link just made, shown once: the full URL in a read-only field and a Copy button (clipboard, else the text is selected for Ctrl+C). */
function NewLink({ url, onDone }: { url: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"copied" | "select" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("copied");
    } catch {
      // No clipboard (plain HTTP on another host, or refused): select the text instead.
      input.current?.focus();
      input.current?.select();
      setCopied("select");
    }
  }
  return (
    <div
      className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/40"
      data-testid="new-link"
    >
      <p className="mb-2 font-medium text-emerald-900 dark:text-emerald-200">
        Link created. Copy it now: it is shown only this once.
      </p>
      <div className="flex flex-wrap gap-2">
        <label htmlFor="new-link-url" className="sr-only">
          Sign-in link
        </label>
        <input
          id="new-link-url"
          ref={input}
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className={`${field} min-w-0 flex-1 font-mono text-xs`}
        />
        <button type="button" onClick={copy} className={`${button} bg-indigo-600 text-white hover:bg-indigo-500`}>
          Copy
        </button>
        <button
          type="button"
          onClick={onDone}
          className={`${button} border border-slate-300 hover:bg-white dark:border-slate-700 dark:hover:bg-slate-800`}
        >
          Done
        </button>
      </div>
      <p role="status" className="mt-1 text-xs empty:mt-0 text-emerald-900 dark:text-emerald-200">
        {copied === "copied"
          ? "Copied to the clipboard."
          : copied === "select"
            ? "Selected: press Ctrl+C (⌘C) to copy."
            : ""}
      </p>
    </div>
  );
}

/**
 * The operator's viewer links for one user: make one (expiry, optional label;
 * the URL is shown once), the active ones with when they were made, expire and
 * were last opened, revoke one or all. Revoking refuses the link and every
 * session opened from it at once (lib/auth/revocation.ts).
 */
export function ViewerLinks({ userId, links }: { userId: string; links: ViewerLinkView[] }) {
  const router = useRouter();
  const base = `/api/users/${encodeURIComponent(userId)}`;
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<Response>, onOk?: (res: Response) => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      const res = await action();
      if (!res.ok) setError(await errorOf(res));
      else {
        await onOk?.(res);
        router.refresh();
      }
    } catch (err) {
      setError(`Not reached: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const target = e.currentTarget;
    void run(
      () =>
        postJson(`${base}/links`, { days: Number(form.get("days")), label: String(form.get("label") ?? "") || null }),
      async (res) => {
        setUrl(((await res.json()) as { url: string }).url);
        target.reset();
      },
    );
  }

  function revokeAll() {
    if (!window.confirm(`Revoke every link of ${userId}? Everyone signed in as ${userId} is signed out at once.`))
      return;
    void run(() => postJson(`${base}/revoke`));
  }

  return (
    <div>
      {url ? <NewLink url={url} onDone={() => setUrl(null)} /> : null}
      <form onSubmit={create} className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Create a viewer link">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500 dark:text-slate-400">Expires after</span>
          <select name="days" defaultValue="30" className={field}>
            {VIEWER_LINK_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? "1 day" : `${d} days`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-1 flex-col gap-1 sm:max-w-xs">
          <span className="text-xs font-medium text-slate-500 dark:text-slate-400">Label (optional)</span>
          <input name="label" maxLength={MAX_LINK_LABEL} placeholder="e.g. phone" className={field} />
        </label>
        <button type="submit" disabled={busy} className={`${button} bg-indigo-600 text-white hover:bg-indigo-500`}>
          Create link
        </button>
      </form>
      {error ? (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {links.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="no-links">
          No active links. Links made with <code>npm run link</code> are listed here too.
        </p>
      ) : (
        <>
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <table className="w-full text-left text-sm tabular-nums" data-testid="link-table">
              <caption className="sr-only">Active viewer links, newest first</caption>
              <TableHead
                className="bg-slate-50 text-slate-500 dark:bg-slate-800/60 dark:text-slate-400"
                cell="px-3 py-2"
                columns={[
                  { label: "Label" },
                  { label: "Created", className: "hidden sm:table-cell" },
                  { label: "Expires" },
                  { label: "Last used", className: "hidden sm:table-cell" },
                  { label: <span className="sr-only">Actions</span>, className: "text-right" },
                ]}
              />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {links.map((l) => (
                  <tr key={l.id} data-link-id={l.id} className="align-top">
                    <th scope="row" className="px-3 py-2 font-normal">
                      <span className="break-all">
                        {l.label ?? <span className="text-slate-500 dark:text-slate-400">No label</span>}
                      </span>
                      <div className="text-xs text-slate-500 sm:hidden dark:text-slate-400">
                        Made {formatUtcInstant(l.createdAt)}
                        <br />
                        Used {l.lastUsedAt ? formatUtcInstant(l.lastUsedAt) : "never"}
                      </div>
                    </th>
                    <td className="hidden px-3 py-2 sm:table-cell">{formatUtcInstant(l.createdAt)}</td>
                    <td className="px-3 py-2">{formatUtcInstant(l.expiresAt)}</td>
                    <td className="hidden px-3 py-2 sm:table-cell">
                      {l.lastUsedAt ? formatUtcInstant(l.lastUsedAt) : "Never"}
                    </td>
                    <td className="px-3 py-2 text-right">
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => void run(() => postJson(`${base}/links/${encodeURIComponent(l.id)}/revoke`))}
                        aria-label={`Revoke ${l.label ?? "the link"} made ${formatUtcInstant(l.createdAt)}`}
                        className={`${button} border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950/40`}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          disabled={busy}
          onClick={revokeAll}
          className={`${button} border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950/40`}
        >
          Revoke all links
        </button>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          Signs the user out everywhere, including links not listed here (older ones, or made by your own backend).
        </span>
      </div>
    </div>
  );
}
