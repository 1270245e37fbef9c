import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isValidTimeZone, zonedDateTime } from "./local-time.js";

describe("zonedDateTime", () => {
  it("gives the wall clock of an instant in a zone, DST included", () => {
    expect(zonedDateTime(Date.parse("2026-11-22T23:30:00Z"), "Europe/Berlin")).toEqual({ date: "2026-11-23", time: "00:30", minutes: 30 });
    expect(zonedDateTime(Date.parse("2026-07-01T14:00:00Z"), "Europe/Berlin")).toEqual({ date: "2026-07-01", time: "16:00", minutes: 960 });
    // the hour that does not exist (02:00–03:00 on 29 March) is skipped; the repeated one (02:00–03:00 on 25 October) appears twice
    expect(zonedDateTime(Date.parse("2026-03-29T01:00:00Z"), "Europe/Berlin").time).toBe("03:00");
    expect(zonedDateTime(Date.parse("2026-10-25T00:30:00Z"), "Europe/Berlin").time).toBe("02:30");
    expect(zonedDateTime(Date.parse("2026-10-25T01:30:00Z"), "Europe/Berlin").time).toBe("02:30");
    expect(zonedDateTime(Date.parse("2026-11-22T00:00:00Z"), "UTC")).toEqual({ date: "2026-11-22", time: "00:00", minutes: 0 });
  });

  it("agrees with ISO strings in UTC for any instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("1971-01-01T00:00:00Z"), max: Date.parse("2099-12-31T23:59:59Z") }), (t) => {
        const iso = new Date(t).toISOString();
        const z = zonedDateTime(t, "UTC");
        expect(z.date).toBe(iso.slice(0, 10));
        expect(z.time).toBe(iso.slice(11, 16));
      }),
    );
  });

  it("refuses unknown zones with an input error", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Europe/Nowhere")).toBe(false);
    expect(() => zonedDateTime(0, "Europe/Nowhere")).toThrow(/unknown time zone "Europe\/Nowhere"/);
  });
});
