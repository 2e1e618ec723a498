import Link from "next/link";

import { TableHead } from "@/components/ui/table-head";
import type { DeliveryLogEntry } from "@/lib/store/read-model";
import { formatLogTime, formatMs } from "@/lib/view/delivery-log";

import { OutcomeBadge } from "./outcome-badge";
import { ReplayButton } from "./replay-button";

const link = "text-indigo-700 hover:underline dark:text-indigo-300";

/** Where a delivery came from; a replay links to the delivery it replays. */
export function SourceLabel({ entry }: { entry: Pick<DeliveryLogEntry, "source" | "replayOf"> }) {
  if (entry.source === "replay" && entry.replayOf !== null) {
    return (
      <span>
        replay of{" "}
        <Link href={`/deliveries/${entry.replayOf}`} className={link}>
          #{entry.replayOf}
        </Link>
      </span>
    );
  }
  return <span>{entry.source}</span>;
}

/** An event name that may wrap after its underscores ("INFERENCE_<wbr>COMPLETE") on a narrow screen. */
function EventName({ name }: { name: string }) {
  const parts = name.split("_");
  return (
    <>
      {parts.map((p, i) => (
        <span key={i}>
          {p}
          {i < parts.length - 1 ? (
            <>
              _<wbr />
            </>
          ) : null}
        </span>
      ))}
    </>
  );
}

/** The user (link to their page) and session (link to the night) of a row, one above the other. */
function UserAndSession({ entry: e, cells = false }: { entry: DeliveryLogEntry; cells?: boolean }) {
  const none = <span className="text-slate-400">—</span>;
  return (
    <>
      <div data-cell={cells ? "user" : undefined}>
        {e.userId ? (
          <Link href={`/users/${encodeURIComponent(e.userId)}`} className={link}>
            {e.userId}
          </Link>
        ) : (
          none
        )}
      </div>
      <div className="text-xs" data-cell={cells ? "session" : undefined}>
        {e.sessionId ? (
          <Link href={`/sessions/${encodeURIComponent(e.sessionId)}`} className={link}>
            {e.sessionId}
          </Link>
        ) : (
          none
        )}
      </div>
    </>
  );
}

/**
 * The delivery log's rows, newest first: time (link to the detail), event,
 * user and session (links to their pages), outcome with HTTP status and
 * reason, milliseconds, source; failed rows get a Replay button.
 */
export function DeliveryTable({ entries, timeZone, now }: { entries: DeliveryLogEntry[]; timeZone: string; now: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm tabular-nums">
        <caption className="sr-only">Deliveries, newest first</caption>
        <TableHead
          className="bg-slate-50 text-slate-500 dark:bg-slate-800/60 dark:text-slate-400"
          cell="px-3 py-2"
          columns={[
            { label: "Time / event" },
            { label: "User / session", className: "hidden sm:table-cell" },
            { label: "Outcome" },
            { label: "ms", className: "hidden text-right md:table-cell" },
            { label: "Source", className: "hidden md:table-cell" },
            { label: <span className="sr-only">Actions</span> },
          ]}
        />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {entries.map((e) => (
            <tr key={e.id} data-delivery-id={e.id} data-outcome={e.outcome} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/40">
              <td className="px-3 py-2">
                <Link href={`/deliveries/${e.id}`} className={`whitespace-nowrap ${link}`} data-cell="time">
                  {formatLogTime(e.receivedAt, timeZone, now)}
                </Link>
                <div className="text-xs [overflow-wrap:anywhere] text-slate-500 dark:text-slate-400" data-cell="event">
                  <EventName name={e.event} />
                </div>
                <div className="mt-1 text-xs [overflow-wrap:anywhere] sm:hidden">
                  <UserAndSession entry={e} />
                </div>
              </td>
              <td className="hidden px-3 py-2 [overflow-wrap:anywhere] sm:table-cell">
                <UserAndSession entry={e} cells />
              </td>
              <td className="px-3 py-2">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <OutcomeBadge outcome={e.outcome} />
                  <span className="text-xs text-slate-600 dark:text-slate-300" data-cell="status">
                    HTTP {e.httpStatus}
                  </span>
                </div>
                {e.error && e.outcome !== "accepted" ? (
                  <div className="mt-1 line-clamp-2 max-w-xs text-xs break-words text-slate-600 dark:text-slate-300" data-cell="reason">
                    {e.error}
                  </div>
                ) : null}
                <div className="mt-1 text-xs text-slate-500 md:hidden dark:text-slate-400">
                  {formatMs(e.durationMs)} · <SourceLabel entry={e} />
                </div>
              </td>
              <td className="hidden px-3 py-2 text-right whitespace-nowrap md:table-cell" data-cell="ms">
                {formatMs(e.durationMs)}
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap md:table-cell" data-cell="source">
                <SourceLabel entry={e} />
              </td>
              <td className="px-3 py-2 text-right">{e.outcome === "failed" ? <ReplayButton id={e.id} compact /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
