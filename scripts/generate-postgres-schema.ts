/**
 * `npm run db:schema`: writes prisma/postgres/schema.prisma from prisma/schema.prisma.
 * Run it after changing the models, then write both engines' migrations (README, "Changing the schema").
 */
import fs from "node:fs";
import path from "node:path";

import { POSTGRES_SCHEMA_PATH, postgresSchemaFrom } from "../lib/store/postgres-schema";

const root = path.join(__dirname, "..");
const out = path.join(root, POSTGRES_SCHEMA_PATH);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, postgresSchemaFrom(fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8")));
console.log(`wrote ${POSTGRES_SCHEMA_PATH}`);
