/**
 * The PostgreSQL schema is generated from the SQLite one (prisma/schema.prisma):
 * Prisma's `provider` is a literal, so each engine needs its own file, and the
 * models must never drift. Only the datasource provider, the generator's
 * output folder and the header comment differ.
 */

/** Where the PostgreSQL schema lives, relative to the project root. */
export const POSTGRES_SCHEMA_PATH = "prisma/postgres/schema.prisma";

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:schema\`; do not edit.
// Nocturne's storage, PostgreSQL flavour: the same models as the SQLite schema.
`;

/**
 * Turns the SQLite schema's text into the PostgreSQL schema's text.
 * @throws Error when the input lacks the `provider = "sqlite"` datasource or the generator output it rewrites
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const body = sqliteSchema.replace(/^(\/\/.*\n)+\n?/, "");
  const withProvider = body.replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  if (withProvider === body) throw new Error('prisma/schema.prisma: datasource db with provider = "sqlite" not found');
  const withOutput = withProvider.replace(
    /(output\s*=\s*)"\.\.\/lib\/store\/generated\/sqlite"/,
    '$1"../../lib/store/generated/postgres"',
  );
  if (withOutput === withProvider) throw new Error("prisma/schema.prisma: generator output ../lib/store/generated/sqlite not found");
  return HEADER + "\n" + withOutput;
}
