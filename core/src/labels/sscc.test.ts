import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gs1CheckDigit } from "../scanning/check-digit.js";
import { DomainError, InputError } from "../shared/errors.js";
import { InMemorySerialSequence, SsccAllocator, buildSscc, isValidSscc } from "./sscc.js";

describe("SSCC", () => {
  it("matches the GS1 General Specifications example 106141411234567897", () => {
    // GS1 GenSpecs §2.2.1 / ZPL ^BC mode D example: (00)106141411234567897
    expect(buildSscc({ extensionDigit: 1, companyPrefix: "0614141" }, 123456789)).toBe("106141411234567897");
  });

  it("is always 18 digits with a valid check digit, for every prefix length", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 6, max: 12 }), fc.nat(), (ext, len, seed) => {
        const prefix = String(seed).padStart(len, "7").slice(0, len);
        const serial = seed % 10 ** (16 - len);
        const s = buildSscc({ extensionDigit: ext, companyPrefix: prefix }, serial);
        expect(s).toMatch(/^\d{18}$/);
        expect(s.startsWith(`${ext}${prefix}`)).toBe(true);
        expect(Number(s[17])).toBe(gs1CheckDigit(s.slice(0, 17)));
        expect(isValidSscc(s)).toBe(true);
      }),
    );
  });

  it("refuses serials that do not fit and bad configuration", () => {
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: "123456789012" }, 10_000)).toThrow(DomainError);
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: "123456789012" }, 9_999)).not.toThrow();
    expect(() => buildSscc({ extensionDigit: 10, companyPrefix: "12345" }, 1)).toThrow(InputError);
    try {
      buildSscc({ extensionDigit: 10, companyPrefix: "12a45" }, 1);
    } catch (e) {
      expect((e as InputError).issues.map((i) => i.field)).toEqual(["extensionDigit", "companyPrefix"]);
    }
  });

  it("allocates unique SSCCs from the sequence, never reusing one", async () => {
    const alloc = new SsccAllocator({ extensionDigit: 3, companyPrefix: "5412345" }, new InMemorySerialSequence());
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(await alloc.next());
    expect(seen.size).toBe(500);
    expect([...seen][0]).toBe(buildSscc({ extensionDigit: 3, companyPrefix: "5412345" }, 1));
    expect(alloc.sequenceName).toBe("sscc:35412345");
  });
});
