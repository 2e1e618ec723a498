/** Which Asleep API key the simulator sends, and where it was found. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { LOCAL_ENV_FILE, parseEnvFile } from "../../lib/local-env";

/**
 * The first key of ASLEEP_API_KEYS, else ASLEEP_API_KEY, from the environment
 * and then the repository's `.env.local`; `source` names where it came from
 * ("environment" or ".env.local"). Null when neither has one.
 */
export function resolveApiKey(): { key: string; source: string } | null {
  const first = (list: string | undefined) =>
    list
      ?.split(",")
      .map((k) => k.trim())
      .find(Boolean);
  const envKey = first(process.env.ASLEEP_API_KEYS) ?? first(process.env.ASLEEP_API_KEY);
  if (envKey) return { key: envKey, source: "environment" };
  const file = path.resolve(import.meta.dirname, "..", "..", LOCAL_ENV_FILE);
  if (!existsSync(file)) return null;
  const vars = parseEnvFile(readFileSync(file, "utf8"));
  const fileKey = first(vars.ASLEEP_API_KEYS) ?? first(vars.ASLEEP_API_KEY);
  return fileKey ? { key: fileKey, source: LOCAL_ENV_FILE } : null;
}
