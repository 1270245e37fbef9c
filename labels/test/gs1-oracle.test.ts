// bwip-js (BWIPP) lints GS1 data independently of our builder: everything we build must pass it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSscc, gs1CheckDigit, logisticLabelElementString, shippingLabel2dElementString } from "@pickpack/core";
import { encodeBarcode } from "../src/barcode/bwip.js";

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));
const withCheck = (n: number) => digits(n - 1).map((b) => b + gs1CheckDigit(b));
const cset82 = fc.array(fc.constantFrom(..."ABCXYZabc0189-./_%&*+"), { minLength: 1, maxLength: 20 }).map((a) => a.join(""));

describe("GS1 element strings pass bwip-js's GS1 linter", () => {
  it("logistic label data, any valid combination", () => {
    fc.assert(
      fc.property(
        withCheck(18),
        fc.option(fc.record({ gtin: withCheck(14), count: fc.integer({ min: 1, max: 99_999_999 }) }), { nil: undefined }),
        fc.option(cset82, { nil: undefined }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 28 })), { nil: undefined }),
        fc.option(fc.stringMatching(/^[A-Z0-9]{3,10}$/), { nil: undefined }),
        (sscc, content, batch, date, postal) => {
          const withContent = content !== undefined;
          const es = logisticLabelElementString({
            sscc,
            ...(content ? { content } : {}),
            ...(withContent && batch !== undefined ? { batch } : {}),
            ...(withContent && date ? { expiry: date.map((x) => String(x).padStart(2, "0")).join("") } : {}),
            ...(postal !== undefined ? { shipToPostalCode: postal } : {}),
          });
          expect(() => encodeBarcode("gs1-128", es.hri)).not.toThrow();
          expect(() => encodeBarcode("gs1datamatrix", es.hri)).not.toThrow();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the shipping label's 2D content", () => {
    const es = shippingLabel2dElementString({ sscc: buildSscc({ extensionDigit: 1, companyPrefix: "0614141" }, 123456789), orderNumber: "SO-1001/A", shipToPostalCode: "SW1A 1AA", trackingNumber: "1Z999AA10123456784" });
    expect(() => encodeBarcode("gs1datamatrix", es.hri)).not.toThrow();
  });

  it("bwip-js refuses what the builder refuses (a wrong SSCC check digit)", () => {
    expect(() => encodeBarcode("gs1-128", "(00)106141411234567890")).toThrow(/BARCODE_DATA_INVALID|checksum/i);
  });
});
