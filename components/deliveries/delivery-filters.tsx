import Link from "next/link";
import { Suspense } from "react";

import { OUTCOME_ORDER } from "@/lib/view/delivery-log";

import { BrowserTimeZone } from "./browser-time-zone";

const field =
  "w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:bg-slate-900 dark:[color-scheme:dark]";

/** The log's filters as a GET form: outcome, event, user, session, source, time range (in the browser's zone). */
export function DeliveryFilters({ form, timeZone }: { form: Record<string, string>; timeZone: string }) {
  const label = "flex min-w-0 flex-col gap-1";
  const caption = "text-xs font-medium text-slate-500 dark:text-slate-400";
  return (
    <form method="get" action="/deliveries" aria-label="Filter deliveries" className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-7">
      <label className={label}>
        <span className={caption}>Outcome</span>
        <select name="outcome" defaultValue={form.outcome} className={field}>
          <option value="">any</option>
          {OUTCOME_ORDER.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        <span className={caption}>Event</span>
        <input name="event" list="delivery-events" defaultValue={form.event} placeholder="any" className={field} />
        <datalist id="delivery-events">
          <option value="INFERENCE_COMPLETE" />
          <option value="SESSION_COMPLETE" />
        </datalist>
      </label>
      <label className={label}>
        <span className={caption}>User</span>
        <input name="user" defaultValue={form.userId} placeholder="user id" className={field} />
      </label>
      <label className={label}>
        <span className={caption}>Session</span>
        <input name="session" defaultValue={form.sessionId} placeholder="session id" className={field} />
      </label>
      <label className={label}>
        <span className={caption}>Source</span>
        <select name="source" defaultValue={form.source} className={field}>
          <option value="">any</option>
          <option value="webhook">webhook</option>
          <option value="replay">replay</option>
          <option value="reconcile">reconcile</option>
        </select>
      </label>
      <label className={label}>
        <span className={caption}>From ({timeZone})</span>
        <input type="datetime-local" step="1" name="from" defaultValue={form.from} className={field} />
      </label>
      <label className={label}>
        <span className={caption}>To ({timeZone})</span>
        <input type="datetime-local" step="1" name="to" defaultValue={form.to} className={field} />
      </label>
      <Suspense fallback={<input type="hidden" name="tz" defaultValue={timeZone} />}>
        <BrowserTimeZone rendered={timeZone} />
      </Suspense>
      <div className="col-span-2 flex items-end gap-3 sm:col-span-4 lg:col-span-7">
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-slate-900"
        >
          Filter
        </button>
        <Link href="/deliveries" className="py-1.5 text-slate-600 hover:underline dark:text-slate-300">
          Clear
        </Link>
      </div>
    </form>
  );
}
