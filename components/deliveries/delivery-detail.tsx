import Link from "next/link";
import type { ReactNode } from "react";

import { Section } from "@/components/ui/section";
import type { DeliveryDetail } from "@/lib/store/read-model";
import { formatLogTime, formatMs, prettyBody } from "@/lib/view/delivery-log";

import { SourceLabel } from "./delivery-table";
import { OutcomeBadge } from "./outcome-badge";
import { ReplayButton } from "./replay-button";

const link = "text-indigo-700 hover:underline dark:text-indigo-300";
const panel = "rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900";

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2 px-3 py-2 sm:grid-cols-[9rem_1fr]">
      <dt className="text-slate-500 dark:text-slate-400">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** What the delivery changed, in words with links. */
function Change({ change }: { change: DeliveryDetail["change"] }) {
  switch (change.kind) {
    case "chunk":
      return (
        <span>
          Chunk {change.inferenceSeqNum} (epochs {change.startEpoch}–{change.endEpoch}) stored in{" "}
          <Link href={`/sessions/${encodeURIComponent(change.sessionId)}`} className={link}>
            {change.sessionId}
          </Link>
        </span>
      );
    case "report":
      return (
        <span>
          Report stored for{" "}
          <Link href={`/sessions/${encodeURIComponent(change.sessionId)}`} className={link}>
            {change.sessionId}
          </Link>
        </span>
      );
    default:
      return <span>Nothing: {change.reason}.</span>;
  }
}

/** Why a body cannot be shown or replayed, or null when it can. */
function bodyNote(d: DeliveryDetail): string | null {
  if (d.body === null) return "The body was pruned (kept NOCTURNE_AUDIT_RETENTION_DAYS days): it cannot be shown or replayed.";
  if (d.body === "") return "No body was stored for this delivery.";
  if (d.bodyTruncated) return "Only the first 64 KiB of the body were stored: what follows is cut, and it cannot be replayed.";
  return null;
}

/** One delivery: summary, what it changed, headers, body, replays. */
export function DeliveryDetailView({ detail: d, timeZone, now }: { detail: DeliveryDetail; timeZone: string; now: string }) {
  const note = bodyNote(d);
  const replayable = note === null || (d.body !== null && d.body !== "" && !d.bodyTruncated);
  const headers = d.headers ? Object.entries(d.headers).sort(([a], [b]) => a.localeCompare(b)) : [];
  return (
    <>
      <Section title="Summary" id="summary" aside={replayable ? <ReplayButton id={d.id} /> : null}>
        <dl className={`${panel} divide-y divide-slate-100 text-sm dark:divide-slate-800`}>
          <Row term="Received">{formatLogTime(d.receivedAt, timeZone, now)} <span className="text-slate-500 dark:text-slate-400">({timeZone})</span></Row>
          <Row term="Event">{d.event}</Row>
          <Row term="User">
            {d.userId ? (
              <Link href={`/users/${encodeURIComponent(d.userId)}`} className={`break-all ${link}`}>
                {d.userId}
              </Link>
            ) : (
              "—"
            )}
          </Row>
          <Row term="Session">
            {d.sessionId ? (
              <Link href={`/sessions/${encodeURIComponent(d.sessionId)}`} className={`break-all ${link}`}>
                {d.sessionId}
              </Link>
            ) : (
              "—"
            )}
          </Row>
          <Row term="Outcome">
            <span className="inline-flex flex-wrap items-center gap-2">
              <OutcomeBadge outcome={d.outcome} /> <span data-detail="status">HTTP {d.httpStatus}</span>
            </span>
          </Row>
          {d.error ? <Row term="Error">{d.error}</Row> : null}
          <Row term="Time taken">{formatMs(d.durationMs)}</Row>
          <Row term="Source">
            <SourceLabel entry={d} />
          </Row>
          <Row term="Changed">
            <Change change={d.change} />
          </Row>
        </dl>
      </Section>

      {d.original || d.replays.length ? (
        <Section title="Replays" id="replays">
          <ul className={`${panel} divide-y divide-slate-100 text-sm dark:divide-slate-800`} aria-label="Linked deliveries">
            {d.original ? (
              <li className="flex flex-wrap items-center gap-2 px-3 py-2" data-linked="original">
                <span className="text-slate-500 dark:text-slate-400">Original:</span>
                <Link href={`/deliveries/${d.original.id}`} className={link}>
                  #{d.original.id}
                </Link>
                <span>{formatLogTime(d.original.receivedAt, timeZone, now)}</span>
                <OutcomeBadge outcome={d.original.outcome} />
                <span>HTTP {d.original.httpStatus}</span>
              </li>
            ) : null}
            {d.replays.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-2 px-3 py-2" data-linked="replay">
                <span className="text-slate-500 dark:text-slate-400">Replay:</span>
                <Link href={`/deliveries/${r.id}`} className={link}>
                  #{r.id}
                </Link>
                <span>{formatLogTime(r.receivedAt, timeZone, now)}</span>
                <OutcomeBadge outcome={r.outcome} />
                <span>HTTP {r.httpStatus}</span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section title="Headers" id="headers">
        {headers.length ? (
          <dl className={`${panel} divide-y divide-slate-100 font-mono text-xs dark:divide-slate-800`} aria-label="Request headers">
            {headers.map(([name, value]) => (
              <div key={name} className="grid grid-cols-1 gap-1 px-3 py-1.5 sm:grid-cols-[14rem_1fr] sm:gap-3">
                <dt className="text-slate-500 dark:text-slate-400">{name}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">No headers were recorded for this delivery.</p>
        )}
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          The x-api-key, authorization and cookie headers are never stored.
        </p>
      </Section>

      <Section title="Body" id="body">
        {note ? (
          <p role="note" className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
            {note}
          </p>
        ) : null}
        {d.body ? (
          <pre
            data-detail="body"
            tabIndex={0}
            className={`${panel} max-h-[32rem] overflow-auto p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap`}
          >
            {d.bodyTruncated ? d.body : prettyBody(d.body)}
          </pre>
        ) : null}
      </Section>
    </>
  );
}
