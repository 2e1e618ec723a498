"use client";

import { useState, useSyncExternalStore } from "react";

import {
  disableReportNotifications,
  enableReportNotifications,
  readNotifyState,
  subscribeNotifyState,
  type NotifyState,
} from "./report-notifications";

const button =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800";

/**
 * "Notify me when a report is ready": the opt-in for a browser notification
 * when a night's report arrives while this tab is in the background. The
 * permission prompt comes only from this button's click. Shows the state:
 * on, blocked by the browser, or not supported. Nothing on the server render.
 */
export function ReportNotifyToggle() {
  const state = useSyncExternalStore<NotifyState | null>(subscribeNotifyState, readNotifyState, () => null);
  const [asking, setAsking] = useState(false);
  if (state === null) return null;
  return (
    <div data-testid="notify-toggle" data-state={state} className="mt-3 flex flex-wrap items-center gap-2 text-sm print:hidden">
      {state === "off" ? (
        <button
          type="button"
          className={button}
          disabled={asking}
          onClick={() => {
            setAsking(true);
            void enableReportNotifications().finally(() => setAsking(false));
          }}
        >
          Notify me when a report is ready
        </button>
      ) : state === "on" ? (
        <>
          <span className="inline-flex items-start gap-1.5 text-slate-600 dark:text-slate-300">
            <svg
              aria-hidden="true"
              viewBox="0 0 16 16"
              className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
            >
              <path d="M4 11V7a4 4 0 0 1 8 0v4l1.5 1.5h-11zM6.5 13.5a1.5 1.5 0 0 0 3 0" />
            </svg>
            <span>
              Notifications on: a report that arrives while this tab is in the background shows a notification.
            </span>
          </span>
          <button type="button" className={button} onClick={disableReportNotifications}>
            Turn off
          </button>
        </>
      ) : (
        <span className="text-slate-600 dark:text-slate-300">
          {state === "blocked"
            ? "Report notifications are blocked by the browser; allow notifications for this site in its settings to get them."
            : "This browser does not support notifications; the page still shows a message when a report arrives."}
        </span>
      )}
    </div>
  );
}
