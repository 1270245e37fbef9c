import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gs1Date, parseGs1 } from "./gs1-parse.js";
import { interpretScan } from "./classify.js";

interface Vectors {
  valid: { scan: string; source: string; aim?: string; elements: Record<string, string>[]; hri?: string }[];
  invalid: { scan: string; code: string }[];
  notGs1: { scan: string; aim?: string }[];
}
const vectors = JSON.parse(readFileSync(new URL("../../test/fixtures/gs1-vectors.json", import.meta.url), "utf8")) as Vectors;
const unescape = (s: string) => s.replaceAll("<GS>", "\x1d");
const now = Date.parse("2026-11-22T08:00:00Z");

describe("GS1 element strings: vectors", () => {
  it.each(vectors.valid.map((v) => [v.scan, v.source, v] as const))("%s (%s)", (_s, _src, v) => {
    const r = interpretScan(unescape(v.scan), { now });
    if (!r.ok) throw r.error;
    expect(r.value.aim?.aim).toBe(v.aim);
    expect(r.value.gs1).toBeDefined();
    const els = r.value.gs1?.elements ?? [];
    expect(els.map((e) => e.ai)).toEqual(v.elements.map((e) => e.ai));
    v.elements.forEach((e, i) => expect(els[i]).toMatchObject(e));
    if (v.hri) expect(r.value.gs1?.hri).toBe(v.hri);
  });

  it.each(vectors.invalid.map((v) => [v.scan, v.code] as const))("rejects %s with %s", (scan, code) => {
    const r = parseGs1(unescape(scan), { now });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it.each(vectors.notGs1.map((v) => [v.scan, v] as const))("%s is not treated as GS1", (_s, v) => {
    const r = interpretScan(v.scan);
    if (!r.ok) throw r.error;
    expect(r.value.gs1).toBeUndefined();
    expect(r.value.aim?.aim).toBe(v.aim);
  });

  it("names the AI and the expected check digit", () => {
    const r = parseGs1("(01)09521234543214");
    expect(!r.ok && r.error.message).toBe("(01) GTIN: check digit of 09521234543214 is 4, expected 3");
    expect(!r.ok && r.error.issues[0]?.field).toBe("(01)");
  });

  it("round-trips: the bracketed form parses to the same elements as the raw form", () => {
    const raw = parseGs1("\x1d0104012345678901172512001012AB\x1d21X9");
    if (!raw.ok) throw raw.error;
    const again = parseGs1(raw.value.hri);
    expect(again.ok && again.value.elements).toEqual(raw.value.elements);
  });
});

describe("GS1 dates", () => {
  it("resolves DD = 00 to the last day of the month, leap years included", () => {
    expect(gs1Date("190500")).toBe("2019-05-31");
    expect(gs1Date("240200")).toBe("2024-02-29");
    expect(gs1Date("230200")).toBe("2023-02-28");
    expect(gs1Date("231200")).toBe("2023-12-31");
  });
  it("uses the GS1 sliding century window around now", () => {
    expect(gs1Date("991231", now)).toBe("1999-12-31"); // 99 − 26 = 73 ≥ 51 → previous century
    expect(gs1Date("760101", now)).toBe("2076-01-01"); // 50 ahead → this century
    expect(gs1Date("770101", now)).toBe("1977-01-01"); // 51 ahead → previous century
    expect(gs1Date("490101", Date.parse("2099-01-01"))).toBe("2149-01-01"); // −50 → next century
    expect(gs1Date("500101", Date.parse("2099-01-01"))).toBe("2050-01-01");
  });
  it("rejects impossible dates", () => {
    for (const d of ["251301", "250001", "250230", "2502", "25023a"]) expect(gs1Date(d)).toBeUndefined();
  });
});

describe("GS1 parser is total", () => {
  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.boolean(), (s, lead) => {
        const r = parseGs1(lead ? `\x1d${s}` : s);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });
  it("never throws on digit soup with separators", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("0", "1", "3", "7", "4", "9", "\x1d", "(", ")"), { maxLength: 60 }), (a) => {
        const r = parseGs1(a.join(""));
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });
});
