/**
 * Browser notifications for a finished report, opted into per browser. The
 * opt-in lives in localStorage; the permission is asked only from the
 * opt-in button's click (never on load). A notification is shown only while
 * the tab is hidden (document.visibilityState), since the in-page toast
 * already says it otherwise. Browser-only; every function is safe to call
 * where Notification does not exist.
 */
import type { SessionCompleteEvent } from "@/lib/realtime/events";
import { formatReportNotification } from "@/lib/view/format";

/** localStorage key of the opt-in ("1" when on). */
export const NOTIFY_OPT_IN_KEY = "nocturne:notify-reports";
const CHANGE_EVENT = "nocturne:notify-change";

/** on: opted in and allowed; off: not opted in (or permission not granted yet); blocked: the browser refused; unsupported: no Notification API. */
export type NotifyState = "on" | "off" | "blocked" | "unsupported";

function supported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

function optedIn(): boolean {
  try {
    return window.localStorage.getItem(NOTIFY_OPT_IN_KEY) === "1";
  } catch {
    return false;
  }
}

/** The current state, from the permission and the stored opt-in. */
export function readNotifyState(): NotifyState {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  return Notification.permission === "granted" && optedIn() ? "on" : "off";
}

/** useSyncExternalStore's subscribe: another tab's opt-in (storage) or this tab's (a custom event). */
export function subscribeNotifyState(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

/** From the opt-in button's click: asks for permission, and remembers the opt-in when granted. Resolves to the new state. */
export async function enableReportNotifications(): Promise<NotifyState> {
  if (!supported()) return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission === "granted") {
    try {
      window.localStorage.setItem(NOTIFY_OPT_IN_KEY, "1");
    } catch {
      // Storage refused (private mode): on for this page only.
    }
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
  return readNotifyState();
}

/** Forgets the opt-in (the browser's permission stays as the user set it). */
export function disableReportNotifications(): void {
  try {
    window.localStorage.removeItem(NOTIFY_OPT_IN_KEY);
  } catch {
    // Nothing stored.
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/**
 * Shows "Your sleep report is ready" with "7 h 33 min asleep, 94% efficiency"
 * when opted in and the tab is hidden; clicking it focuses the tab and opens
 * the report at `href`. Returns whether a notification was shown.
 */
export function notifyReportReady(event: SessionCompleteEvent, href: string): boolean {
  if (readNotifyState() !== "on" || document.visibilityState !== "hidden") return false;
  const { title, body } = formatReportNotification(event.summary);
  let n: Notification;
  try {
    n = new Notification(title, { body, tag: `report:${event.sessionId}`, icon: "/icon.svg" });
  } catch {
    // Some browsers (Chrome on Android) only show notifications from a service worker: the toast still says it.
    return false;
  }
  n.onclick = () => {
    window.focus();
    n.close();
    window.location.assign(href);
  };
  return true;
}
