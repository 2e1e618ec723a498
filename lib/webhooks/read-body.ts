/**
 * Reads a request body up to a byte limit, stopping as soon as the limit is
 * passed, so an oversized body is refused without being buffered whole.
 */
import type { Readable } from "node:stream";

/** Asleep bodies are a few KiB; a 48-hour SESSION_COMPLETE is about 60 KiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; reason: "too-large" | "unreadable" };

function isNodeReadable(body: unknown): body is Readable {
  return typeof (body as Readable).on === "function" && typeof (body as Readable).resume === "function";
}

/** Node streams: stop collecting past the limit and let the rest drain unbuffered (the socket stays usable for the answer). */
function readNode(stream: Readable, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    const done = (result: BodyResult) => {
      stream.off("data", onData).off("end", onEnd).off("error", onError);
      stream.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done({ ok: false, reason: "too-large" });
      else parts.push(chunk);
    };
    const onEnd = () => done({ ok: true, text: Buffer.concat(parts, size).toString("utf8") });
    const onError = () => done({ ok: false, reason: "unreadable" });
    stream.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/**
 * Collects a body from a web stream or a Node stream.
 * A declared Content-Length over the limit is refused before reading anything.
 */
export async function readBoundedBody(
  body: Readable | ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number = MAX_BODY_BYTES,
): Promise<BodyResult> {
  if (declaredLength !== null && Number(declaredLength) > limit) return { ok: false, reason: "too-large" };
  if (!body) return { ok: true, text: "" };
  if (isNodeReadable(body)) return readNode(body, limit);
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too-large" };
      }
      parts.push(value);
    }
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  return { ok: true, text: Buffer.concat(parts, size).toString("utf8") };
}
