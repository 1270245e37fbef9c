import { describe, expect, expectTypeOf, it } from "vitest";
import { ERROR_CODES, errorKindOf, isErrorCode, type ErrorCode, type InputCode, type RefusalCode } from "./error-codes.js";
import { DomainError, InputError, PickpackError } from "./errors.js";

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe("the error-code catalogue", () => {
  it("declares every code once, in UPPER_SNAKE, unique ignoring case", () => {
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    const folded = codes.map((c) => c.toLowerCase().replace(/[^a-z0-9]/g, ""));
    expect(new Set(folded).size).toBe(codes.length);
  });

  it("gives every code a kind and a one-line meaning", () => {
    for (const code of codes) {
      const { kind, means } = ERROR_CODES[code];
      expect(["refused", "input", "internal"]).toContain(kind);
      expect(means.trim(), code).not.toBe("");
      expect(means, code).not.toContain("\n");
    }
  });

  it("has one ORDER_NOT_FOUND, an input error, and no synonyms of it", () => {
    expect(errorKindOf("ORDER_NOT_FOUND")).toBe("input");
    for (const gone of ["PACK_ORDER_NOT_FOUND", "WAREHOUSE_UNKNOWN", "PACK_WAREHOUSE_UNKNOWN", "pack.no-tty"]) expect(isErrorCode(gone)).toBe(false);
    expect(errorKindOf("WAREHOUSE_NOT_FOUND")).toBe("input");
    expect(errorKindOf("INTERNAL")).toBe("internal");
    expect(errorKindOf("PICK_WRONG_ITEM")).toBe("refused");
    expect(errorKindOf("NO_SUCH_CODE")).toBeUndefined();
    expect(errorKindOf("toString")).toBeUndefined();
  });

  it("types the constructors by kind", () => {
    expectTypeOf<"PICK_WRONG_ITEM">().toExtend<RefusalCode>();
    expectTypeOf<"ORDER_NOT_FOUND">().toExtend<InputCode>();
    expectTypeOf<"ORDER_NOT_FOUND">().not.toExtend<RefusalCode>();
    expectTypeOf<"INTERNAL">().not.toExtend<RefusalCode | InputCode>();
    // @ts-expect-error an input code is not a refusal
    void new DomainError("ORDER_NOT_FOUND", "x");
    // @ts-expect-error a refusal is not an input error
    void new InputError("PICK_WRONG_ITEM", "x");
    // @ts-expect-error an undeclared code does not compile
    void new PickpackError("pack.no-tty", "x");
    expect(new InputError("ORDER_NOT_FOUND", "no order").code).toBe("ORDER_NOT_FOUND");
  });
});
