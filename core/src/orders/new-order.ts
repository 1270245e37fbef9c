/** A new order as it is created from an imported or posted one: Pending, nothing picked or packed yet. */
import type { NewOrder } from "./ports.js";
import type { Order } from "./types.js";

export function newOrder(id: number, o: NewOrder, now: number): Order {
  return {
    id,
    number: o.number,
    status: "Pending",
    customer: o.customer,
    shipTo: o.shipTo,
    lines: o.lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, pickedQuantity: 0, packedQuantity: 0, backorderedQuantity: 0 })),
    priority: o.priority,
    carrier: o.carrier,
    service: o.service,
    ...(o.shipBy ? { shipBy: o.shipBy } : {}),
    ...(o.payment === "paid" ? { payment: "paid" as const } : {}),
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
}
