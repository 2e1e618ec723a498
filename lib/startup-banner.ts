/**
 * What `npm start` prints once listening: where the dashboard is, how the
 * operator signs in, the webhook URL to register in Asleep, and a ready curl.
 *
 * Secrets (NOCTURNE_ADMIN_TOKEN, the Asleep API key) are printed only on the
 * start that generated them and only to a terminal, so they never land in a
 * log file or a process manager's journal; otherwise the banner says where
 * they are (`.env.local` or the environment) and the curl reads the key from
 * there itself.
 */
import path from "node:path";

import type { Env } from "./env";

/** Where this start's secrets came from (lib/local-env.ts's result, and the terminal). */
export interface BannerSecrets {
  /** Names generated into the local env file by this start. */
  generated: readonly string[];
  /** Names whose value came from the local env file rather than the environment. */
  fromFile: readonly string[];
  /** Whether stdout is a terminal (`process.stdout.isTTY`); false for pipes, files and journals. */
  tty: boolean;
  /** The local env file's name as shown to the user; default `.env.local`. */
  file?: string;
}

/**
 * The banner text for a server listening on `port`. A secret's value appears
 * only when it is in `secrets.generated` and `secrets.tty` is true.
 */
export function startupBanner(env: Env, port: number, secrets: BannerSecrets, root: string = process.cwd()): string {
  const base = `http://localhost:${port}`;
  const file = secrets.file ?? ".env.local";
  const show = (name: string) => secrets.tty && secrets.generated.includes(name);
  const where = (name: string) => (secrets.fromFile.includes(name) ? `in ${file}` : "in the environment");

  const tokenText = !env.adminToken
    ? "(set NOCTURNE_ADMIN_TOKEN)"
    : show("NOCTURNE_ADMIN_TOKEN")
      ? `token: ${env.adminToken}   (just generated, saved in ${file}; shown this once)`
      : `token: NOCTURNE_ADMIN_TOKEN ${where("NOCTURNE_ADMIN_TOKEN")}`;

  const keyVar = process.env.ASLEEP_API_KEYS || !process.env.ASLEEP_API_KEY ? "ASLEEP_API_KEYS" : "ASLEEP_API_KEY";
  let keyHeader: string;
  if (env.asleepApiKeys.length === 0) keyHeader = "'x-api-key: <ASLEEP_API_KEYS>'";
  else if (show("ASLEEP_API_KEYS")) keyHeader = `'x-api-key: ${env.asleepApiKeys[0]}'`;
  else if (secrets.fromFile.includes(keyVar)) keyHeader = `"x-api-key: $(sed -n 's/^${keyVar}=\\([^,]*\\).*/\\1/p' ${file})"`;
  else keyHeader = `"x-api-key: \${${keyVar}%%,*}"`;

  const fixture = path.relative(root, path.join(root, "tests", "fixtures", "asleep", "official_session_complete.json"));
  return [
    "",
    "  Nocturne is running",
    "",
    `  Dashboard        ${base}/`,
    `  Operator sign-in ${base}/login   ${tokenText}`,
    `  Viewer links     npm run link -- <asleep user id>`,
    `  Webhook URL      ${base}/asleep-webhook   (register the public HTTPS address of this in the Asleep Dashboard)`,
    `  Webhook key      ${keyVar} ${show("ASLEEP_API_KEYS") ? `(just generated, saved in ${file})` : where(keyVar)}`,
    `  Database         ${env.databaseUrl}`,
    "",
    "  Try it: post the docs' SESSION_COMPLETE example",
    `    curl -X POST ${base}/asleep-webhook \\`,
    `      -H 'content-type: application/json' -H ${keyHeader} \\`,
    `      -H 'x-user-id: G-20250115025029-vLErWBfQNtnfvgDccFOQ' --data @${fixture}`,
    `  then open ${base}/sessions/20250115025029_fvivn`,
    "",
  ].join("\n");
}
