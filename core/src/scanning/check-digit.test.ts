import { describe, expect, it } from "vitest";
import { gs1CheckDigit, hasValidGs1CheckDigit, isValidGtin, toGtin14 } from "./check-digit.js";

describe("GS1 mod-10 check digit", () => {
  // Vectors from the GS1 General Specifications examples and well-known published codes.
  it.each([
    ["629104150021", 3], // GTIN-13 6291041500213 (GS1 check digit calculator example)
    ["9638507", 4], // EAN-8 96385074 (Wikipedia EAN-8 example)
    ["00614141123456789", 0], // SSCC 006141411234567890 (GS1 General Specifications example)
    ["400638133393", 1], // EAN-13 4006381333931
    ["03600029145", 2], // UPC-A 036000291452
  ])("body %s has check digit %i", (body, check) => {
    expect(gs1CheckDigit(body)).toBe(check);
  });

  it("validates GTINs of every length and rejects a wrong check digit", () => {
    expect(isValidGtin("4006381333931")).toBe(true);
    expect(isValidGtin("4006381333932")).toBe(false);
    expect(isValidGtin("036000291452")).toBe(true);
    expect(isValidGtin("12345")).toBe(false);
    expect(hasValidGs1CheckDigit("006141411234567890")).toBe(true);
    expect(toGtin14("036000291452")).toBe("00036000291452");
  });

  it("refuses a non-digit body", () => {
    expect(() => gs1CheckDigit("12a")).toThrow(RangeError);
  });
});
