import { describe, expect, it } from "vitest";
import { buildSscc } from "../labels/sscc.js";
import { ssccOfScan } from "./label-scan.js";

describe("the SSCC of a scanned carton label (core's GS1 parsing)", () => {
  const sscc = buildSscc({ extensionDigit: 0, companyPrefix: "0614141" }, 42);
  it("reads every form a scanner sends", () => {
    for (const code of [sscc, `(00)${sscc}`, `00${sscc}`, `]C1\x1d00${sscc}`, `]C100${sscc}`]) expect(ssccOfScan(code), code).toBe(sscc);
  });
  it("is undefined for anything else (bad check digit, a GTIN, text)", () => {
    const bad = sscc.slice(0, 17) + String((Number(sscc[17]) + 1) % 10);
    for (const code of [bad, `(00)${bad}`, "(01)00036000291452", "4006381333931", "TOTE-1T2", ""]) expect(ssccOfScan(code), code).toBeUndefined();
  });
});
