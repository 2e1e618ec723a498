/**
 * What `npm start` prints once listening: where the dashboard is, how the
 * operator signs in, the webhook URL to register in Asleep, and a ready curl.
 */
import path from "node:path";

import type { Env } from "./env";

/** The banner text for a server listening on `port`. */
export function startupBanner(env: Env, port: number, root: string = process.cwd()): string {
  const base = `http://localhost:${port}`;
  const key = env.asleepApiKeys[0] ?? "<ASLEEP_API_KEYS>";
  const fixture = path.relative(root, path.join(root, "tests", "fixtures", "asleep", "official_session_complete.json"));
  return [
    "",
    "  Nocturne is running",
    "",
    `  Dashboard        ${base}/`,
    `  Operator sign-in ${base}/login   token: ${env.adminToken ?? "(set NOCTURNE_ADMIN_TOKEN)"}`,
    `  Viewer links     npm run link -- <asleep user id>`,
    `  Webhook URL      ${base}/asleep-webhook   (register the public HTTPS address of this in the Asleep Dashboard)`,
    `  Database         ${env.databaseUrl}`,
    "",
    "  Try it: post the docs' SESSION_COMPLETE example",
    `    curl -X POST ${base}/asleep-webhook \\`,
    `      -H 'content-type: application/json' -H 'x-api-key: ${key}' \\`,
    `      -H 'x-user-id: G-20250115025029-vLErWBfQNtnfvgDccFOQ' --data @${fixture}`,
    `  then open ${base}/sessions/20250115025029_fvivn`,
    "",
  ].join("\n");
}
