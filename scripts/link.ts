/**
 * `npm run link -- <userId> [--days 30] [--label "Mum's phone"] [--url https://your.host]`
 * Prints a sign-in URL for one Asleep user: a signed, expiring viewer token
 * (NOCTURNE_SECRET, from the environment or .env.local) that /auth/link turns
 * into an httpOnly cookie. The link is recorded in the database (ViewerLink,
 * DATABASE_URL as the server reads it), so the operator sees it on the user's
 * settings page and can revoke it there. The URL's origin is `--url`, else
 * NOCTURNE_PUBLIC_URL, else http://localhost:$PORT.
 */
import { parseArgs } from "node:util";

import { issueViewerLink } from "../lib/auth/viewer-links";
import { getEnv } from "../lib/env";
import { loadLocalEnv } from "../lib/local-env";
import { closeStore, getStore } from "../lib/store/client";
import { MAX_VIEWER_LINK_DAYS } from "../lib/store/viewer-links";

const USAGE = `usage: npm run link -- <asleep user id> [--days 30] [--label "text"] [--url http://localhost:3000]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { days: { type: "string", default: "30" }, url: { type: "string" }, label: { type: "string" } },
});
const userId = positionals[0];
const days = Number(values.days);
if (!userId || !Number.isFinite(days) || days <= 0 || days > MAX_VIEWER_LINK_DAYS) {
  console.error(USAGE);
  process.exit(2);
}
loadLocalEnv();
const env = getEnv();
if (!env.secret) {
  console.error(
    "NOCTURNE_SECRET is not set: start Nocturne once with `npm start` (it writes .env.local) or set it (32+ characters).",
  );
  process.exit(1);
}
const base = (values.url ?? env.publicUrl ?? `http://localhost:${env.port}`).replace(/\/$/, "");

async function main(userId: string, secret: string): Promise<void> {
  try {
    const { url } = await issueViewerLink(await getStore(), secret, {
      userId,
      days,
      label: values.label ?? null,
      base,
    });
    console.log(url);
  } catch (err) {
    if (err instanceof RangeError) {
      console.error(`${err.message}\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(
        `could not record the link in the database (${env.databaseUrl}): ${(err as Error).message}\n` +
          "Start Nocturne once, or run `npm run db:migrate`, so the database is migrated.",
      );
      process.exitCode = 1;
    }
  } finally {
    await closeStore();
  }
}

void main(userId, env.secret);
