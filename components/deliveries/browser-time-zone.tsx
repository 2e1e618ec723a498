"use client";

/**
 * The browser's IANA time zone for the delivery log: fills the filter form's
 * hidden `tz` field, and, when the page was rendered without `tz` and the
 * browser is not on UTC, reloads it with `tz` so times and the form's
 * datetime-local fields read in the operator's own zone.
 */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";

export function BrowserTimeZone({ rendered }: { rendered: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    if (field.current) field.current.value = tz;
    if (!params.get("tz") && tz !== rendered) {
      const next = new URLSearchParams(params);
      next.set("tz", tz);
      router.replace(`${pathname}?${next}`);
    }
  }, [params, pathname, rendered, router]);
  return <input ref={field} type="hidden" name="tz" defaultValue={rendered} />;
}
