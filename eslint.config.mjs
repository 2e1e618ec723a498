/**
 * ESLint: Next's rules, plus the layer boundaries (README, "Layout"):
 *   lib/sleep (pure domain)  <- lib/asleep (wire contract)  <- lib/store (database)
 *   <- lib/realtime (sockets out) <- lib/webhooks (ingest in);
 *   lib/view (chart and page shaping) and lib/simulator (tools) sit beside them;
 *   app -> components -> lib; lib never imports app or components.
 * Only lib/store touches Prisma or a database driver; client components import
 * no server-only module (types from the read model are fine).
 */
import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const lib = (...names) => names.map((n) => `./lib/${n}`);

/** import/no-restricted-paths zones: files in `target` may not import from `from`. */
const zones = [
  { target: "./lib", from: ["./app", "./components"], message: "lib/ never imports app/ or components/." },
  {
    target: "./lib/sleep",
    from: "./lib",
    except: ["./sleep"],
    message: "lib/sleep is the pure domain: it imports only lib/sleep.",
  },
  {
    target: "./lib/asleep",
    from: "./lib",
    except: ["./asleep", "./sleep"],
    message: "lib/asleep (Asleep's wire contract) imports only the domain.",
  },
  {
    target: "./lib/store",
    from: lib("realtime", "webhooks", "view", "simulator", "auth", "reconcile"),
    message: "lib/store sits below realtime, webhooks, view and simulator.",
  },
  {
    target: lib("webhooks", "realtime", "view", "simulator", "auth"),
    from: "./lib/reconcile",
    message: "lib/reconcile sits above the ingest pipeline: app/, server.ts and scripts/ use it.",
  },
  {
    target: "./lib/realtime",
    from: lib("webhooks", "view", "simulator", "store"),
    except: ["./read-model.ts"],
    message: "lib/realtime may use the store's read-model types only; server.ts injects the queries.",
  },
  {
    target: "./lib/view",
    from: lib("store", "webhooks", "simulator", "auth", "env.ts", "log.ts"),
    except: ["./read-model.ts"],
    message: "lib/view is pure shaping: domain, wire and read-model types only.",
  },
  {
    target: "./lib/view",
    from: "./lib/realtime",
    except: ["./events.ts"],
    message: "lib/view may use the realtime event types only.",
  },
  {
    target: "./lib/simulator",
    from: lib("store", "realtime", "webhooks", "view", "auth"),
    message: "lib/simulator builds nights and Asleep payloads from the domain and the contract only.",
  },
  {
    target: "./components",
    from: lib("store", "webhooks", "auth", "env.ts", "log.ts", "local-env.ts", "next-build.ts", "startup-banner.ts"),
    except: ["./read-model.ts"],
    message: "components render props: no server-only modules (the store's read-model types are fine).",
  },
  {
    target: "./components",
    from: "./lib/realtime",
    except: ["./events.ts"],
    message: "components may use the realtime event types only.",
  },
];

const databasePackages = {
  patterns: [
    {
      group: ["@prisma/*", "prisma", "pg", "better-sqlite3", "**/store/generated/**", "**/generated/prisma/**"],
      message: "Only lib/store talks to the database (open it with lib/store/client.ts, read with lib/store/queries.ts).",
    },
  ],
};

const config = [
  ...next,
  ...nextTs,
  { ignores: ["lib/store/generated/**", ".next/**", ".scratch/**", ".e2e/**", "data/**", "test-results/**", "bench/results/**", "next-env.d.ts"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: { "import/no-restricted-paths": ["error", { zones }] },
  },
  {
    files: ["app/**", "components/**", "lib/**", "server.ts", "scripts/**"],
    ignores: ["lib/store/**"],
    rules: { "no-restricted-imports": ["error", databasePackages] },
  },
  {
    files: ["lib/sleep/**", "lib/view/**", "lib/asleep/**", "lib/simulator/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "crypto", "http", "socket.io", "pino", ...databasePackages.patterns[0].group], message: "Isomorphic code: no Node, socket.io server or database imports." },
          ],
        },
      ],
    },
  },
];

export default config;
