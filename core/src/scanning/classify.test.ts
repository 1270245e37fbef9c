import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyScan, interpretScan, parseScanRulesConfig, skuLookupFromList } from "./classify.js";
import { describeAim, splitAim } from "./aim.js";
import { sanitizeScan, showScan, unescapeScanArgument } from "./sanitize.js";

const skus = skuLookupFromList([
  { sku: "MUG-01", name: "Mug", barcodes: ["4006381333931", "MUG01-OWN"] },
  { sku: "TEE-M", name: "T-shirt M", barcodes: ["036000291452"] },
  { sku: "PEN", name: "Pen", barcodes: ["96385074"] },
  { sku: "BOX", name: "Box of pens", barcodes: ["10012345678902"] },
]);

const kindOf = (raw: string, config?: Parameters<typeof classifyScan>[1]["config"]) => {
  const r = classifyScan(raw, config ? { skus, config } : { skus });
  if (!r.ok) throw r.error;
  return r.value.classification;
};

describe("classifyScan", () => {
  it("finds a SKU by any GTIN length, normalised to GTIN-14", () => {
    expect(kindOf("4006381333931")).toMatchObject({ kind: "sku", sku: "MUG-01", via: "gtin", gtin14: "04006381333931" });
    expect(kindOf("]E04006381333931")).toMatchObject({ kind: "sku", sku: "MUG-01" });
    expect(kindOf("036000291452")).toMatchObject({ kind: "sku", sku: "TEE-M", gtin14: "00036000291452" });
    expect(kindOf("00036000291452")).toMatchObject({ kind: "sku", sku: "TEE-M" });
    expect(kindOf("96385074")).toMatchObject({ kind: "sku", sku: "PEN" });
    expect(kindOf("10012345678902")).toMatchObject({ kind: "sku", sku: "BOX" });
    expect(kindOf("MUG01-OWN")).toMatchObject({ kind: "sku", sku: "MUG-01", via: "code" });
  });

  it("reads a GS1 GTIN and an SSCC", () => {
    expect(kindOf("]C10104006381333931\x1d10LOT7")).toMatchObject({ kind: "sku", sku: "MUG-01", via: "gs1" });
    expect(kindOf("(00)106141411234567897")).toEqual({ kind: "carton", sscc: "106141411234567897", via: "gs1", code: "(00)106141411234567897" });
    expect(kindOf("106141411234567897")).toMatchObject({ kind: "carton", via: "sscc" });
  });

  it("applies the default site rules", () => {
    expect(kindOf("LOC-A1-02-03")).toEqual({ kind: "location", id: "LOC-A1-02-03", via: "rule", rule: 0 });
    expect(kindOf("TOTE-0042")).toMatchObject({ kind: "tote", id: "TOTE-0042" });
    expect(kindOf("BADGE-alice")).toMatchObject({ kind: "badge" });
    expect(kindOf("SO-1001")).toMatchObject({ kind: "order", id: "SO-1001" });
  });

  it("applies a site's own rules in order, with prefix stripping", () => {
    const config = parseScanRulesConfig({ rules: [{ kind: "tote", prefix: "T", stripPrefix: true }, { kind: "location", pattern: "^[A-Z]\\d{2}-\\d{2}$" }, { kind: "sku", prefix: "MUG" }] });
    if (!config.ok) throw config.error;
    expect(kindOf("T0042", config.value)).toMatchObject({ kind: "tote", id: "0042" });
    expect(kindOf("A01-02", config.value)).toMatchObject({ kind: "location", id: "A01-02" });
    expect(kindOf("MUG01-OWN", config.value)).toMatchObject({ kind: "sku", sku: "MUG-01" });
    expect(kindOf("LOC-A1", config.value)).toMatchObject({ kind: "unknown", reason: "matches no site rule and no SKU barcode" });
  });

  it("says why a valid GTIN is unknown", () => {
    expect(kindOf("5412345000013")).toEqual({ kind: "unknown", code: "5412345000013", reason: "no SKU has GTIN 05412345000013" });
  });

  it("does not take a lot named 10D9T on plain Code 128 for GS1", () => {
    expect(kindOf("]C010D9T")).toMatchObject({ kind: "unknown", code: "10D9T" });
  });

  it("refuses control characters and over-long scans with the reason", () => {
    const r = classifyScan("LOC-1\x1b[2J", { skus });
    expect(!r.ok && r.error.code).toBe("SCAN_CONTROL_CHARACTER");
    expect(!r.ok && r.error.message).toContain("ESC");
    const long = classifyScan("A".repeat(40), { skus, config: { rules: [], maxLength: 32 } });
    expect(!long.ok && long.error.message).toBe("the scan is 40 characters; the limit is 32");
  });

  it("validates configuration and names each bad field", () => {
    const r = parseScanRulesConfig({ rules: [{ kind: "shelf", prefix: "S" }, { kind: "tote" }, { kind: "order", pattern: "(" }] }, "site.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues.map((i) => i.field)).toEqual(["rules[0].kind", "rules[1]", "rules[2].pattern"]);
  });
});

describe("sanitiser", () => {
  it("allows GS and printable text, refuses every other control", () => {
    expect(sanitizeScan("01\x1d10A").ok).toBe(true);
    for (const c of ["\x00", "\x07", "\x1b", "\r", "\n", "\x7f", "\x9b", "\u202e"]) expect(sanitizeScan(`A${c}B`).ok).toBe(false);
    expect(sanitizeScan("[)>\x1e01\x1d96\x04", { allowControls: "\x1e\x04" }).ok).toBe(true);
    expect(sanitizeScan("").ok).toBe(false);
  });
  it("anything it accepts prints without control characters once GS is shown", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        const r = sanitizeScan(s);
        if (r.ok) expect([...showScan(r.value)].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it("unescapes GS written on a command line", () => {
    expect(unescapeScanArgument("01\\x1d10A<GS>21B{GS}x\\u001dy")).toBe("01\x1d10A\x1d21B\x1dx\x1dy");
    expect(showScan("01\x1d10\x1b")).toBe("01<GS>10<ESC>");
  });
});

describe("AIM identifiers", () => {
  it("names symbologies and their GS1 flag", () => {
    expect(describeAim("]C1")).toMatchObject({ symbology: "GS1-128", gs1: true });
    expect(describeAim("]C0")).toMatchObject({ symbology: "Code 128", gs1: false });
    expect(describeAim("]d2")).toMatchObject({ symbology: "GS1 DataMatrix", gs1: true });
    expect(describeAim("]Q3")).toMatchObject({ gs1: true });
    expect(describeAim("]E0")).toMatchObject({ gtin: true, gs1: false });
    expect(describeAim("]#1")).toBeUndefined();
    expect(splitAim("]x9abc")).toEqual({ aim: undefined, data: "]x9abc" });
  });
  it("interpretScan never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expect(typeof interpretScan(s).ok).toBe("boolean");
      }),
    );
  });
});
