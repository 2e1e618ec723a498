import type { ConnectionState } from "./use-live-nights";

const TEXT: Record<ConnectionState["status"], string> = {
  connecting: "Connecting…",
  connected: "Live updates on",
  reconnecting: "Reconnecting…",
  refused: "Live updates unavailable",
};

const DOT: Record<ConnectionState["status"], string> = {
  connecting: "bg-slate-400",
  connected: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-live-pulse",
  refused: "bg-red-500",
};

/** A discreet line saying whether the socket is connected. */
export function ConnectionStatus({ connection }: { connection: ConnectionState }) {
  return (
    <p
      className="inline-flex items-center gap-1.5 text-xs text-slate-500 print:hidden dark:text-slate-400"
      aria-live="polite"
      data-connection={connection.status}
      title={connection.status === "refused" ? connection.reason : undefined}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${DOT[connection.status]}`} />
      {TEXT[connection.status]}
    </p>
  );
}
