/**
 * The command line of `npm run simulate`: its usage text, and the zod schema
 * that turns the flags into validated {@link Options}.
 */
import { parseArgs } from "node:util";

import { z } from "zod";

import { resolveTimeZone } from "../../lib/view/format";

const USAGE = `Usage: npm run simulate -- --user <id> [options]

  --user <id>        Asleep user id the nights belong to (required)
  --url <url>        Nocturne's base URL (default http://127.0.0.1:$PORT, PORT defaulting to 3000)
  --hours <h>        time in bed per night, 0.05-24 (default 8; backfill varies it by +-10 %)
  --speed <x>        live playback speed (default 60: one chunk every 5 s)
  --start <iso>      live night start (default now); without an offset it is read in --tz
  --tz <Area/City>   IANA time zone of the nights (default this machine's)
  --seed <n>         seed, 0-4294967295 (default random; printed at the end)
  --backfill <n>     post n completed past nights, then stop (add --live to also play one)
  --live             play a live night (the default without --backfill)
  --shape <s>        official ({event, version, data}) or flat (default official)
  --overlap <k>      earlier frames each chunk re-sends, 0-20 (default 4)
  --help`;

function numberFlag(flag: string, min: number, max: number, int = false) {
  let n = z.coerce.number({ error: `${flag} must be a number` });
  if (int) n = n.int({ error: `${flag} must be a whole number` });
  return n.min(min, { error: `${flag} must be at least ${min}` }).max(max, { error: `${flag} must be at most ${max}` });
}

const optionsSchema = z.object({
  user: z
    .string({ error: "--user <id> is required: the Asleep user id the nights belong to" })
    .trim()
    .min(1, { error: "--user must not be empty" })
    .max(200, { error: "--user is longer than 200 characters" }),
  url: z
    .url({ protocol: /^https?$/, error: "--url must be an http(s) URL, e.g. http://127.0.0.1:3000" })
    .default(`http://127.0.0.1:${process.env.PORT || 3000}`),
  hours: numberFlag("--hours", 0.05, 24).default(8),
  speed: numberFlag("--speed", 0.1, 1_000_000).default(60),
  start: z.iso
    .datetime({ offset: true, local: true, error: "--start must be an ISO date-time, e.g. 2025-01-15T23:00:00+01:00" })
    .optional(),
  tz: z
    .string()
    // resolveTimeZone falls back to "UTC" for a zone the runtime does not know.
    .refine((tz) => resolveTimeZone(tz) === tz, { error: "--tz must be an IANA time zone such as Europe/Paris" })
    .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  seed: numberFlag("--seed", 0, 2 ** 32 - 1, true).default(() => Math.floor(Math.random() * 2 ** 32)),
  backfill: numberFlag("--backfill", 0, 366, true).default(0),
  live: z.boolean().default(false),
  shape: z.enum(["official", "flat"], { error: "--shape must be official or flat" }).default("official"),
  overlap: numberFlag("--overlap", 0, 20, true).default(4),
});

/**
 * The validated command line: `hours` of time in bed, playback `speed` (x real
 * time), `start` as given (ISO, maybe without offset), `tz` an IANA zone,
 * `seed` a uint32, `backfill` a count of nights, `overlap` frames re-sent.
 */
export type Options = z.infer<typeof optionsSchema>;

/**
 * Reads and validates argv (the arguments after the script name). Prints the
 * usage and exits 0 on `--help`; exits 2 with a message on a bad command line.
 */
export function readOptions(argv: string[]): Options {
  const fail = (message: string): never => {
    console.error(`${message}\n\n${USAGE}`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          ["user", "url", "hours", "speed", "start", "tz", "seed", "backfill", "shape", "overlap"].map((k) => [
            k,
            { type: "string" as const },
          ]),
        ),
        live: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    return fail((err as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const r = optionsSchema.safeParse(values);
  if (!r.success) return fail(r.error.issues.map((i) => i.message).join("\n"));
  if (r.data.start && r.data.backfill > 0 && !r.data.live) {
    return fail("--start sets the live night's start: with --backfill, add --live to play one");
  }
  return r.data;
}
