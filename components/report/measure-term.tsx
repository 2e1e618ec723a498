import { useId, type ReactNode } from "react";

/**
 * A measure's name with its one-line definition, shown on hover and on
 * keyboard focus (the name is focusable and described by the definition).
 */
export function MeasureTerm({ children, definition }: { children: ReactNode; definition: string }) {
  const id = useId();
  return (
    <span className="group relative inline-block">
      <span
        tabIndex={0}
        aria-describedby={id}
        className="cursor-help rounded-sm underline decoration-dotted underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {children}
      </span>
      <span
        id={id}
        role="tooltip"
        data-definition
        className="pointer-events-none absolute top-full left-0 z-20 mt-1 hidden w-56 rounded-md border border-slate-200 bg-white px-2 py-1 text-xs font-normal text-slate-700 shadow-md group-focus-within:block group-hover:block dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
      >
        {definition}
      </span>
    </span>
  );
}
