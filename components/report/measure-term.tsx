import { useId, type ReactNode } from "react";

/**
 * A measure's name with its one-line definition, shown on hover and on
 * keyboard focus (the name is focusable and described by the definition).
 * `place` "container": the hint spans the nearest positioned ancestor (a stat
 * card), so it never leaves the screen; "end": it is right-aligned to the name.
 */
export function MeasureTerm({
  children,
  definition,
  place = "end",
}: {
  children: ReactNode;
  definition: string;
  place?: "container" | "end";
}) {
  const id = useId();
  const where = place === "container" ? "inset-x-2 top-8" : "top-full right-0 mt-1 w-56";
  return (
    <span className={`group inline-block ${place === "container" ? "" : "relative"}`}>
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
        className={`pointer-events-none absolute ${where} z-20 hidden rounded-md border border-slate-200 bg-white px-2 py-1 text-xs font-normal text-slate-700 shadow-md group-focus-within:block group-hover:block dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200`}
      >
        {definition}
      </span>
    </span>
  );
}
