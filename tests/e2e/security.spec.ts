/**
 * Security headers in a real browser against the real server (issue 9 items 6
 * and 10): the nonce-based CSP must not stop Next's inline scripts (pages still
 * hydrate and socket.io still connects over its WebSocket), answers outside
 * Next (the webhook's fast path) carry nosniff, and signing out ends the
 * session in the browser.
 */
import { expect, test, type Page } from "@playwright/test";

import { E2E_ADMIN_TOKEN } from "./e2e-env";
import { deliver, inferenceChunk, viewerLink } from "./support";

/** Records every CSP violation the page reports, from before its first script. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

test("with the CSP on, a viewer's page hydrates, its socket connects over WebSocket and live data draws", async ({ page }) => {
  const user = "e2e-csp-viewer";
  const violations = await watchViolations(page);
  const sockets: string[] = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));

  const res = await page.goto(await viewerLink(user));
  const csp = res?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res?.headers()["referrer-policy"]).toBe("same-origin");

  // Only hydrated React code can show this: the socket connected and the client component re-rendered.
  await expect(page.locator("[data-connection]").first()).toHaveAttribute("data-connection", "connected");
  expect(sockets.some((url) => url.includes("/socket.io/") && url.includes("transport=websocket"))).toBe(true);
  expect((await deliver(inferenceChunk(user, "csp-night", 0, [0, 0, 1, 1, 2, 2, 3, 3, 1, 0]), user)).status).toBe(200);
  await expect(page.getByTestId("live-hypnogram")).toHaveAttribute("data-known-epochs", "10");
  expect(await violations()).toEqual([]);
});

test("the operator's sign-in form works under the CSP, and sign-out ends the session", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/login");
  await page.getByLabel("Operator token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  const cookie = (await page.context().cookies()).find((c) => c.name === "nocturne_session")!;
  expect(cookie).toBeDefined();

  const out = await page.request.post("/api/auth/logout", { maxRedirects: 0, headers: { origin: new URL(page.url()).origin } });
  expect(out.status()).toBe(303);
  // A copy of the old cookie no longer works.
  const replay = await page.request.get("/api/users/anyone/sessions", { headers: { cookie: `nocturne_session=${cookie.value}` } });
  expect(replay.status()).toBe(401);
  expect(await violations()).toEqual([]);
});

test("answers outside Next and API answers carry the headers too; HSTS only over HTTPS", async ({ request }) => {
  // The webhook's fast path in server.ts never reaches Next.
  const webhook = await request.post("/asleep-webhook", { headers: { "content-type": "application/json", "x-api-key": "wrong" }, data: "{}" });
  expect(webhook.status()).toBe(401);
  expect(webhook.headers()["x-content-type-options"]).toBe("nosniff");

  const api = await request.get("/api/sessions/nope");
  expect(api.status()).toBe(401);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(api.headers()["strict-transport-security"]).toBeUndefined();

  const proxied = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(proxied.headers()["strict-transport-security"]).toBe("max-age=31536000");
});
