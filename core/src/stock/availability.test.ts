import { describe, expect, it } from "vitest";
import { heldUnits, stockBalance, sumHeld } from "./availability.js";

describe("stock availability arithmetic", () => {
  it("an allocation holds its unpicked rest, an unexpired reservation all of it", () => {
    expect(heldUnits({ state: "allocated", quantity: 5, pickedQuantity: 2 }, 0)).toEqual({ allocated: 3, reserved: 0 });
    expect(heldUnits({ state: "reserved", quantity: 4, pickedQuantity: 0, expiresAt: 100 }, 99)).toEqual({ allocated: 0, reserved: 4 });
  });

  it("a reservation stops holding at its expiry instant; released, expired and shipped holds never hold", () => {
    expect(heldUnits({ state: "reserved", quantity: 4, pickedQuantity: 0, expiresAt: 100 }, 100)).toEqual({ allocated: 0, reserved: 0 });
    for (const state of ["released", "expired", "shipped"] as const) {
      expect(heldUnits({ state, quantity: 4, pickedQuantity: 0 }, 0)).toEqual({ allocated: 0, reserved: 0 });
    }
  });

  it("available is clamped at 0 and the excess reported as over-allocation", () => {
    const held = sumHeld(
      [
        { state: "allocated", quantity: 3, pickedQuantity: 0 },
        { state: "reserved", quantity: 2, pickedQuantity: 0, expiresAt: 10 },
      ],
      5,
    );
    expect(stockBalance(10, held)).toEqual({ onHand: 10, allocated: 3, reserved: 2, available: 5, overAllocated: 0 });
    expect(stockBalance(4, held)).toEqual({ onHand: 4, allocated: 3, reserved: 2, available: 0, overAllocated: 1 });
  });
});
