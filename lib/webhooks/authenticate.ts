/**
 * Webhook authentication: the `x-api-key` header must equal one of the
 * configured Asleep API keys (several allowed, for rotation).
 */
import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Constant-time check of a presented key against every configured key: both
 * sides are hashed to equal length and every key is compared, so neither the
 * key's length nor which key matched shows in the timing. False for a missing
 * key or an empty key list.
 */
export function isValidApiKey(presented: string | null | undefined, keys: readonly string[]): boolean {
  if (!presented || keys.length === 0) return false;
  const p = digest(presented);
  let ok = false;
  for (const key of keys) ok = timingSafeEqual(p, digest(key)) || ok;
  return ok;
}
