/**
 * The allocation strategies as the store's `HoldPlanner` port (core/src/domain/holds.ts), so order
 * reservations can use `fewest-shipments` instead of the plain priority fill.
 */
import type { HoldLine } from "../orders/order-machine.js";
import type { HoldPlanner } from "../orders/holds.js";
import { allocateOrder } from "./split.js";
import type { AllocationStrategy, GeoPoint } from "./types.js";

export interface HoldPlannerOptions {
  /** Default `fewest-shipments`. */
  readonly strategy?: AllocationStrategy | undefined;
  /** Extra facts per warehouse code the port does not carry (shipment cost; location is unused without a ship-to). */
  readonly warehouses?: Readonly<Record<string, { readonly costPerShipment?: number; readonly location?: GeoPoint }>> | undefined;
}

/** A HoldPlanner backed by `allocateOrder`. Holds never exceed the availability it is given. */
export function allocationHoldPlanner(options: HoldPlannerOptions = {}): HoldPlanner {
  return (lines, warehouses) => {
    const result = allocateOrder({
      strategy: options.strategy ?? "fewest-shipments",
      lines: lines.map((l) => ({ lineId: String(l.lineNo), sku: l.sku, quantity: l.quantity })),
      warehouses: warehouses.map((w) => ({
        code: w.warehouse,
        priority: w.priority,
        available: Object.fromEntries(w.available),
        costPerShipment: options.warehouses?.[w.warehouse]?.costPerShipment,
        location: options.warehouses?.[w.warehouse]?.location,
      })),
    });
    if (!result.complete)
      return { ok: false, missing: result.missing.map((m) => ({ lineNo: Number(m.lineId), sku: m.sku, missing: m.quantity })) };
    const holds: HoldLine[] = result.shipments.flatMap((s) =>
      s.lines.map((l) => ({ lineNo: Number(l.lineId), sku: l.sku, warehouse: s.warehouse, quantity: l.quantity })),
    );
    return { ok: true, holds };
  };
}
