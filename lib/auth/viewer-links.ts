/**
 * Issuing viewers' sign-in links: a ViewerLink row (lib/store/viewer-links.ts)
 * and a viewer token that names it (claim `lnk`, lib/auth/tokens.ts) and
 * expires with it. The settings page (POST /api/users/:userId/links) and
 * `npm run link` both come here, so every link is listed and revocable.
 */
import type { Store } from "../store/client";
import { createViewerLink, type ViewerLinkView } from "../store/viewer-links";
import { signAccessToken } from "./tokens";

/** A link just made: its row, and the URL that signs the viewer in (shown once; only its token's digest is ever stored, on sign-out). */
export interface IssuedViewerLink {
  link: ViewerLinkView;
  /** `<base>/auth/link?token=<JWT>` */
  url: string;
}

/**
 * Makes a link for `userId` valid `days` days.
 * @param base the origin the URL points at, e.g. `https://sleep.example.com` (see {@link linkBaseUrl})
 * @throws RangeError for bad input (lib/store/viewer-links.ts createViewerLink)
 */
export async function issueViewerLink(
  store: Store,
  secret: string,
  input: { userId: string; days: number; label?: string | null; base: string },
): Promise<IssuedViewerLink> {
  const link = await createViewerLink(store, input);
  const ttlSeconds = Math.round((Date.parse(link.expiresAt) - Date.now()) / 1000);
  // exp = the row's expiry (to the second): sign with the seconds left until it.
  const token = await signAccessToken(
    { role: "viewer", userId: input.userId, linkId: link.id },
    secret,
    Math.max(1, ttlSeconds),
  );
  return { link, url: `${input.base.replace(/\/$/, "")}/auth/link?token=${token}` };
}

/**
 * The origin a link made from a request points at: NOCTURNE_PUBLIC_URL when set
 * (`publicUrl`), else the request's own origin as the browser saw it
 * (`X-Forwarded-Proto` / `X-Forwarded-Host` from a proxy, else the Host header
 * and the request URL's scheme).
 */
export function linkBaseUrl(request: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, "");
  const url = new URL(request.url);
  const first = (v: string | null) => v?.split(",")[0]?.trim() || null;
  const proto = first(request.headers.get("x-forwarded-proto")) ?? url.protocol.replace(/:$/, "");
  const host = first(request.headers.get("x-forwarded-host")) ?? request.headers.get("host") ?? url.host;
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
