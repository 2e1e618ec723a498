/**
 * CSV as RFC 4180 writes it, for the exports: fields separated by commas,
 * records ended by CRLF, a field quoted when it holds a comma, a double quote,
 * CR or LF, with its double quotes doubled. Pure, isomorphic.
 *
 * Text fields are guarded against formula injection (OWASP, "CSV Injection"):
 * a text cell that starts with `=`, `+`, `-`, `@`, a tab or a CR gets a leading
 * `'`, so a spreadsheet shows it as text instead of evaluating it. Numbers are
 * written as they are (a negative number stays a number).
 */

/** One cell: text (guarded), a number, a boolean (1/0), or empty for null/undefined. */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted and guarded as the module docstring says. Non-finite numbers are empty. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "1" : "0";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/**
 * A `Content-Disposition: attachment` value for a file name: `filename="…"`
 * with every character outside `A-Z a-z 0-9 . _ -` replaced by `_` (safe in
 * any browser and shell), plus `filename*=UTF-8''…` (RFC 6266 / RFC 8187) with
 * the exact name percent-encoded, which browsers prefer when they read it.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
