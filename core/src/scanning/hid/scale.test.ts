import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHex } from "./bytes.js";
import { StableWeightFilter, decodeScaleReport, scaleZeroReport } from "./scale.js";
import type { ScaleReading } from "./scale.js";

interface Fixture {
  hex: string;
  source: string;
  expect?: Partial<ScaleReading>;
  error?: string;
}
const fixtures = (JSON.parse(readFileSync(new URL("../../../test/fixtures/scale-reports.json", import.meta.url), "utf8")) as { reports: Fixture[] }).reports;

const hex = (h: string) => {
  const r = parseHex(h);
  if (!r.ok) throw r.error;
  return r.value;
};

describe("decodeScaleReport: recorded and documented reports", () => {
  it.each(fixtures.map((f) => [f.hex, f.source, f] as const))("%s (%s)", (_h, _s, f) => {
    const r = decodeScaleReport(hex(f.hex));
    if (f.error) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(f.error);
        expect(r.error.message).toContain(f.hex);
      }
      return;
    }
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { grams, value, ...rest } = f.expect ?? {};
    expect(r.value).toMatchObject(rest);
    if (grams !== undefined) expect(r.value.grams).toBeCloseTo(grams, 6);
    if (value !== undefined) expect(r.value.value).toBeCloseTo(value, 9);
  });

  it("gives 878 g for the sanmai capture 030402006e03 and 7.8 oz exactly for 03040bff4e00", () => {
    const a = decodeScaleReport(hex("030402006e03"));
    const b = decodeScaleReport(hex("03040bff4e00"));
    expect(a.ok && a.value.grams).toBe(878);
    expect(b.ok && b.value.value).toBe(7.8);
  });

  it("accepts number[] as node-hid's sync API returns", () => {
    const r = decodeScaleReport([3, 4, 2, 0, 0x6e, 0x03]);
    expect(r.ok && r.value.grams).toBe(878);
  });

  it("never throws on random bytes and always returns a typed result", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        const r = decodeScaleReport(bytes);
        if (r.ok) {
          expect(Number.isFinite(r.value.grams)).toBe(true);
          expect(r.value.grams).toBeGreaterThanOrEqual(0);
        } else expect(r.error.code).toMatch(/^SCALE_/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("scale zero report", () => {
  it("is output report 2 with the zero-scale bit", () => {
    expect([...scaleZeroReport()]).toEqual([0x02, 0x02]);
    expect([...scaleZeroReport({ enforcedZeroReturn: true })]).toEqual([0x02, 0x03]);
  });
});

describe("StableWeightFilter", () => {
  const push = (f: StableWeightFilter, h: string) => f.push(decodeScaleReport(hex(h)));

  it("discards the first (stale) report, emits settled weights once, and ignores in-motion readings", () => {
    const f = new StableWeightFilter();
    expect(push(f, "030402006e03")).toEqual([]); // stale report from before the parcel was placed
    expect(push(f, "03030bff2300")).toEqual([]); // in motion, nothing stable yet
    const settled = push(f, "03040bff4e00");
    expect(settled).toHaveLength(1);
    expect(settled[0]?.type === "stable" && settled[0].reading.value).toBe(7.8);
    expect(push(f, "03040bff4e00")).toEqual([]); // same weight again: no duplicate
    expect(f.current?.value).toBe(7.8);
    expect(push(f, "03030bff5000")).toEqual([{ type: "unsettled", status: "in-motion" }]);
    expect(f.current).toBeUndefined();
    expect(push(f, "03030bff5100")).toEqual([]);
    const next = push(f, "03040bff5100");
    expect(next[0]?.type === "stable" && next[0].reading.raw).toBe(81);
  });

  it("emits a stable zero and skips decode errors", () => {
    const f = new StableWeightFilter({ discardFirst: 0 });
    expect(push(f, "030400009000")).toEqual([]);
    const z = push(f, "03020bff0000");
    expect(z[0]?.type === "stable" && z[0].reading.grams).toBe(0);
  });
});
