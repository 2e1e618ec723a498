/** Sign-in helpers: redirect targets stay on this site; cookies that cannot be decoded count as none. */
import { describe, expect, it } from "vitest";

import { readCookie } from "@/lib/auth/authenticate-request";
import { safeNext } from "@/lib/auth/sign-in";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/users/alice?page=2#top")).toBe("/users/alice?page=2#top");
    expect(safeNext("/sessions/a%20b")).toBe("/sessions/a%20b");
  });

  it.each([
    ["//evil.example/"],
    ["/..//evil.example"],
    ["/.//evil.example"],
    ["/a/..//evil.example"],
    ["/%2e%2e//evil.example"],
    ["/./%2e//evil.example"],
    ["/\\evil.example"],
    ["/\t/evil.example/"],
    ["https://evil.example/"],
    ["evil.example"],
    [""],
  ])("refuses %j", (next) => {
    expect(safeNext(next)).toBe("/");
  });
});

describe("readCookie", () => {
  it("reads one cookie among several", () => {
    expect(readCookie("a=1; nocturne_session=abc.def; b=2", "nocturne_session")).toBe("abc.def");
  });

  it("returns null for a value that is not valid percent-encoding", () => {
    expect(readCookie("nocturne_session=%E0%A4%A", "nocturne_session")).toBeNull();
  });
});

describe("verifyAccessToken", () => {
  const secret = "x".repeat(40);

  it("accepts a viewer token it signed and refuses one without an expiry", async () => {
    const { SignJWT } = await import("jose");
    const { signAccessToken, verifyAccessToken } = await import("@/lib/auth/tokens");
    const good = await signAccessToken({ role: "viewer", userId: "alice" }, secret, 60);
    expect(await verifyAccessToken(good, secret)).toEqual({ role: "viewer", userId: "alice" });
    const forever = await new SignJWT({ role: "viewer" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("nocturne")
      .setSubject("alice")
      .sign(new TextEncoder().encode(secret));
    expect(await verifyAccessToken(forever, secret)).toBeNull();
    expect(await verifyAccessToken(good, "y".repeat(40))).toBeNull();
  });
});

describe("operator sessions", () => {
  const secret = "x".repeat(40);

  it("are bound to the operator token in force: rotating it ends them", async () => {
    const { signAccessToken, verifyAccessToken } = await import("@/lib/auth/tokens");
    const session = await signAccessToken({ role: "admin" }, secret, 60, "operator-token-1");
    expect(await verifyAccessToken(session, secret, "operator-token-1")).toEqual({ role: "admin" });
    expect(await verifyAccessToken(session, secret, "operator-token-2")).toBeNull();
    expect(await verifyAccessToken(session, secret, undefined)).toBeNull();
    await expect(signAccessToken({ role: "admin" }, secret, 60)).rejects.toThrow(/operator token/);
  });
});
