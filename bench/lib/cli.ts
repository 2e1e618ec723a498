/** The bench's command line (node:util parseArgs). */
import path from "node:path";
import { parseArgs } from "node:util";

export const SCENARIOS = ["history", "ingest", "live", "fanout", "growth"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
const USAGE = "usage: npm run bench -- [--quick] [--scenario ingest|live|fanout|history|growth]... [--json FILE]";

/** Parsed options; prints usage and exits on --help (0) or an unknown scenario (2). */
export function parseCli(): { quick: boolean; scenarios: ScenarioName[]; jsonFile: string } {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      scenario: { type: "string", multiple: true },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const asked = (values.scenario ?? []).flatMap((s) => s.split(","));
  const unknown = asked.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length) {
    console.error(`unknown scenario ${unknown.join(", ")}\n${USAGE}`);
    process.exit(2);
  }
  const chosen = asked.length ? SCENARIOS.filter((s) => asked.includes(s)) : [...SCENARIOS];
  return {
    quick: values.quick,
    scenarios: chosen,
    jsonFile: values.json ?? path.join("bench", "results", "latest.json"),
  };
}
