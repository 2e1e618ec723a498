/**
 * `npm run link -- <userId> [--days 30] [--url http://localhost:3000]`
 * Prints a sign-in URL for one Asleep user: a signed, expiring viewer token
 * (NOCTURNE_SECRET, from the environment or .env.local) that /auth/link turns
 * into an httpOnly cookie.
 */
import { parseArgs } from "node:util";

import { signAccessToken } from "../lib/auth/tokens";
import { loadLocalEnv } from "../lib/local-env";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { days: { type: "string", default: "30" }, url: { type: "string" } },
});
const userId = positionals[0];
const days = Number(values.days);
if (!userId || !Number.isFinite(days) || days <= 0 || days > 3650) {
  console.error("usage: npm run link -- <asleep user id> [--days 30] [--url http://localhost:3000]");
  process.exit(2);
}
loadLocalEnv();
const secret = process.env.NOCTURNE_SECRET;
if (!secret || secret.length < 32) {
  console.error("NOCTURNE_SECRET is not set: start Nocturne once with `npm start` (it writes .env.local) or set it (32+ characters).");
  process.exit(1);
}
const base = (values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
void signAccessToken({ role: "viewer", userId }, secret, Math.round(days * 86400)).then((token) => {
  console.log(`${base}/auth/link?token=${token}`);
});
