/**
 * Which warehouse holds what for a new order's reservation. The port is a plain function so the
 * planning strategies (fewest shipments, priority, closest) plug in; `priorityHolds` is the simple,
 * correct default: fill each line from warehouses in priority order (code breaks ties).
 */
import type { HoldLine } from "./order-machine.js";

export interface WarehouseAvailability {
  readonly warehouse: string;
  readonly priority: number;
  /** Units available now per SKU (on hand − allocated − active reservations). */
  readonly available: ReadonlyMap<string, number>;
}

export interface HoldRequestLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
}

export type HoldPlan =
  | { readonly ok: true; readonly holds: readonly HoldLine[] }
  | { readonly ok: false; readonly missing: readonly { readonly lineNo: number; readonly sku: string; readonly missing: number }[] };

export type HoldPlanner = (lines: readonly HoldRequestLine[], warehouses: readonly WarehouseAvailability[]) => HoldPlan;

export const priorityHolds: HoldPlanner = (lines, warehouses) => {
  const ordered = [...warehouses].sort((a, b) => a.priority - b.priority || (a.warehouse < b.warehouse ? -1 : a.warehouse > b.warehouse ? 1 : 0));
  const left = new Map(ordered.map((w) => [w.warehouse, new Map(w.available)]));
  const holds: HoldLine[] = [];
  const missing: { lineNo: number; sku: string; missing: number }[] = [];
  for (const line of lines) {
    let need = line.quantity;
    for (const w of ordered) {
      if (need === 0) break;
      const stock = left.get(w.warehouse);
      const have = stock?.get(line.sku) ?? 0;
      const take = Math.min(have, need);
      if (take > 0 && stock) {
        holds.push({ lineNo: line.lineNo, sku: line.sku, warehouse: w.warehouse, quantity: take });
        stock.set(line.sku, have - take);
        need -= take;
      }
    }
    if (need > 0) missing.push({ lineNo: line.lineNo, sku: line.sku, missing: need });
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, holds };
};
