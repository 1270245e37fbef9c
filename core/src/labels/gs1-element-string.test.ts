import { describe, expect, it } from "vitest";
import { InputError } from "../shared/errors.js";
import { buildGs1ElementString, isValidGs1Date, logisticLabelElementString, shippingLabel2dElementString } from "./gs1-element-string.js";

const SSCC = "106141411234567897";

describe("GS1 element strings", () => {
  it("builds HRI and transmitted data with GS only after variable-length AIs that are not last", () => {
    const es = logisticLabelElementString({ sscc: SSCC, content: { gtin: "12345678901231", count: 24 }, batch: "LOT-7", expiry: "2027-05-00", shipToPostalCode: "sw1a 1aa" });
    expect(es.hri).toBe("(00)106141411234567897(02)12345678901231(17)270500(37)24(10)LOT-7(420)SW1A1AA");
    expect(es.transmitted).toBe("00106141411234567897021234567890123117270500" + "3724\u001d10LOT-7\u001d420SW1A1AA");
  });

  it("refuses invalid combinations and values, naming each problem", () => {
    const bad = (els: Parameters<typeof buildGs1ElementString>[0]) => {
      try {
        buildGs1ElementString(els);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).issues.map((i) => i.message);
      }
      throw new Error("expected a refusal");
    };
    expect(bad([{ ai: "00", value: SSCC }, { ai: "37", value: "24" }])).toEqual(["AI (37) COUNT requires AI (02) CONTENT"]);
    expect(bad([{ ai: "00", value: SSCC }, { ai: "02", value: "12345678901231" }])).toEqual(["AI (02) CONTENT requires AI (37) COUNT"]);
    expect(bad([{ ai: "00", value: SSCC }, { ai: "10", value: "A" }])[0]).toMatch(/\(10\).*requires AI \(02\)/);
    expect(bad([{ ai: "00", value: "106141411234567890" }])[0]).toMatch(/wrong check digit \(expected 7\)/);
    expect(bad([{ ai: "00", value: "1234" }])[0]).toMatch(/exactly 18/);
    expect(bad([{ ai: "00", value: SSCC }, { ai: "420", value: "AB CD" }])[0]).toMatch(/character set 82/);
    expect(bad([{ ai: "00", value: SSCC }, { ai: "00", value: SSCC }])[0]).toMatch(/twice/);
  });

  it("validates YYMMDD dates (DD=00 is end of month)", () => {
    expect(isValidGs1Date("240229")).toBe(true);
    expect(isValidGs1Date("250229")).toBe(false);
    expect(isValidGs1Date("251300")).toBe(false);
    expect(isValidGs1Date("250500")).toBe(true);
  });

  it("leaves out optional 2D parts that are not GS1-encodable", () => {
    const es = shippingLabel2dElementString({ sscc: SSCC, orderNumber: "SO 1001 ü", shipToPostalCode: "75008", trackingNumber: "LC00000000018" });
    expect(es.hri).toBe("(00)106141411234567897(420)75008(90)LC00000000018");
  });
});
