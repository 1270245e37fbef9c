// Human output helpers: lengths always carry their unit.
import { describe, expect, it } from "vitest";
import { formatLength, lengthHeader } from "../src/output/format.js";

describe("lengths in human output", () => {
  it("print with their unit, rounded, without trailing zeros", () => {
    expect(formatLength(40)).toBe("40 m");
    expect(formatLength(12.345)).toBe("12.35 m");
    expect(formatLength(135, 1)).toBe("135 m");
    expect(formatLength(0.1 + 0.2)).toBe("0.3 m");
    expect(lengthHeader("walked")).toBe("walked (m)");
  });
});
