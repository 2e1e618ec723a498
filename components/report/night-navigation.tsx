"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** A neighbouring night: where it is and how it reads ("Mon, 14 Jan 2026"). */
export interface NightLink {
  href: string;
  date: string;
}

/** Whether a key press belongs to something being typed in (then shortcuts stay out of the way). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Previous / next night links of a report, with `[` and `]` as keyboard
 * shortcuts (not ← →: the hypnogram uses those to step through its stages).
 * At the first or last night the link is shown disabled.
 */
export function NightNavigation({ previous, next }: { previous: NightLink | null; next: NightLink | null }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const to = e.key === "[" ? previous : e.key === "]" ? next : null;
      if (!to) return;
      e.preventDefault();
      router.push(to.href);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [previous, next, router]);

  const item = (link: NightLink | null, dir: "previous" | "next") => {
    const text = dir === "previous" ? "Previous night" : "Next night";
    const key = dir === "previous" ? "[" : "]";
    const body = (
      <>
        <span className="font-medium">
          {dir === "previous" ? "← " : ""}
          {text}
          {dir === "next" ? " →" : ""}
        </span>
        <span className="block text-xs text-slate-500 dark:text-slate-400">
          {link ? link.date : dir === "previous" ? "this is the first night" : "this is the latest night"}
        </span>
      </>
    );
    const align = dir === "previous" ? "text-left" : "text-right";
    return link ? (
      <Link
        href={link.href}
        rel={dir === "previous" ? "prev" : "next"}
        aria-keyshortcuts={key}
        title={`${text} (${key})`}
        data-testid={`${dir}-night`}
        className={`rounded-md px-2 py-1 text-sm text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950 ${align}`}
      >
        {body}
      </Link>
    ) : (
      <span aria-disabled="true" data-testid={`${dir}-night`} className={`cursor-not-allowed rounded-md px-2 py-1 text-sm text-slate-400 opacity-70 dark:text-slate-500 ${align}`}>
        {body}
      </span>
    );
  };
  return (
    <nav aria-label="Nights" className="mb-6 flex items-start justify-between gap-2 print:hidden">
      {item(previous, "previous")}
      <span className="hidden self-center text-xs text-slate-400 sm:block dark:text-slate-500">
        <kbd className="rounded border border-slate-300 px-1 dark:border-slate-600">[</kbd> /{" "}
        <kbd className="rounded border border-slate-300 px-1 dark:border-slate-600">]</kbd> to move between nights
      </span>
      {item(next, "next")}
    </nav>
  );
}
