/** RFC 4180 fields and records, the formula guard, and attachment names. */
import { describe, expect, it } from "vitest";

import { attachmentDisposition, csvField, csvRow } from "@/lib/view/csv";

describe("csvField", () => {
  it("quotes fields with a comma, a quote or a line break, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
  });

  it("guards text that a spreadsheet would read as a formula, not numbers", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+49 30")).toBe("'+49 30");
    expect(csvField("-x")).toBe("'-x");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField('=HYPERLINK("u","x")')).toBe(`"'=HYPERLINK(""u"",""x"")"`);
    expect(csvField(-5)).toBe("-5");
  });

  it("writes null as empty, booleans as 1/0 and non-finite numbers as empty", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(true)).toBe("1");
    expect(csvField(Number.NaN)).toBe("");
  });
});

describe("csvRow", () => {
  it("joins with commas and ends in CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});

describe("attachmentDisposition", () => {
  it("gives an ASCII-safe filename and the exact name in filename*", () => {
    expect(attachmentDisposition("nocturne-Zoë \"x\"-nights.csv")).toBe(
      `attachment; filename="nocturne-Zo___x_-nights.csv"; filename*=UTF-8''nocturne-Zo%C3%AB%20%22x%22-nights.csv`,
    );
  });
});
