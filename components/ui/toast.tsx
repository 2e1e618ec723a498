"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

type ShowToast = (message: string) => void;

const ToastContext = createContext<ShowToast>(() => {});
const TOAST_MS = 10_000;
let nextId = 0;

/**
 * Holds toasts above the page, so one survives a router.refresh() that swaps
 * the page below it (the live view turning into the report). The region is
 * always rendered, empty or not, so screen readers announce what appears.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Array<{ id: number; message: string }>>([]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback<ShowToast>(
    (message) => {
      const id = ++nextId;
      setToasts((list) => [...list.slice(-2), { id, message }]);
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  return (
    <ToastContext value={show}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 print:hidden"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            className="pointer-events-auto flex max-w-md items-start gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900"
          >
            <span>{t.message}</span>
            <button
              type="button"
              onClick={() => dismiss(t.id)}
              className="-my-1 -mr-2 rounded px-2 py-1 text-slate-300 hover:text-white dark:text-slate-600 dark:hover:text-slate-900"
              aria-label="Dismiss"
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 16 16"
                className="size-3.5"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
              >
                <path d="M4 4l8 8M12 4l-8 8" />
              </svg>
            </button>
          </div>
        ))}
      </div>
    </ToastContext>
  );
}

/** Shows a short message in the page's status region. */
export function useToast(): ShowToast {
  return useContext(ToastContext);
}
