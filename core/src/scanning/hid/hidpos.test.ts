import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHex } from "./bytes.js";
import { HidPosAssembler, decodeHidPosReport, decodeHidPosReports, encodeHidPosReports } from "./hidpos.js";

interface Case {
  name: string;
  reports: string[];
  expect: { aim: string; text: string; reports: number }[];
}
const cases = (JSON.parse(readFileSync(new URL("../../../test/fixtures/hidpos-reports.json", import.meta.url), "utf8")) as { cases: Case[] }).cases;
const bytes = (h: string) => {
  const r = parseHex(h);
  if (!r.ok) throw r.error;
  return r.value;
};

describe("HID POS decoder", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const { scans, errors } = decodeHidPosReports(c.reports.map(bytes));
    expect(errors).toEqual([]);
    expect(scans.map((s) => ({ aim: s.aim, text: s.text, reports: s.reports }))).toEqual(c.expect);
  });

  it("reads the Access-IS manual's first report header: id 2, 0x38 data bytes, ]Q0, vendor 0x73, more follows", () => {
    const first = cases[0]?.reports[0] ?? "";
    expect(first.slice(0, 10)).toBe("02385d5130");
    const r = decodeHidPosReport(bytes(first));
    expect(r.ok && { id: r.value.reportId, len: r.value.data.length, aim: r.value.aim, v: r.value.vendorSymbology, more: r.value.more }).toEqual({ id: 2, len: 56, aim: "]Q0", v: 0x73, more: true });
  });

  it("refuses a length larger than the report", () => {
    const r = bytes("02405d4330" + "41".repeat(56) + "000000");
    const d = decodeHidPosReport(r);
    expect(!d.ok && d.error.code).toBe("HIDPOS_BAD_LENGTH");
  });

  it("names an unfinished continuation", () => {
    const [first] = encodeHidPosReports("x".repeat(80));
    const { errors } = decodeHidPosReports(first ? [first] : []);
    expect(errors.map((e) => e.code)).toEqual(["HIDPOS_UNFINISHED"]);
  });

  it("round-trips long data through continuation reports", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(..."AZaz09 -/\x1d]"), { maxLength: 300 }).map((a) => a.join("")), fc.boolean(), (text, offset) => {
        const { scans, errors } = decodeHidPosReports(encodeHidPosReports(text, { aim: "]d2", vendorOffset: offset }));
        expect(errors).toEqual([]);
        expect(scans.map((s) => s.text)).toEqual([text]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on random bytes", () => {
    const a = new HidPosAssembler();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
        const r = a.push(b);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });
});
