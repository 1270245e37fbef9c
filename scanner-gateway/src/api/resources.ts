/** What the API answers with: an order as an order system sees it (times ISO-8601 UTC), stock per warehouse. */
import type { StockPosition, TransitionOutput } from "@pickpack/core";
import type { ApiOrderDetails, ChangedOrder } from "@pickpack/data";

const iso = (ms: number) => new Date(ms).toISOString();

export function orderResource(d: ApiOrderDetails): Record<string, unknown> {
  const o = d.order;
  return {
    number: o.number,
    status: o.status,
    payment: o.payment === "paid" ? "paid" : "pending",
    customer: o.customer,
    shipTo: o.shipTo,
    priority: o.priority,
    carrier: o.carrier,
    service: o.service,
    shipBy: o.shipBy ?? null,
    trackingNumber: o.trackingNumber ?? null,
    reservationExpiresAt: o.reservationExpiresAt !== undefined ? iso(o.reservationExpiresAt) : null,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
    lines: o.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, picked: l.pickedQuantity, packed: l.packedQuantity, backordered: l.backorderedQuantity ?? 0 })),
    shipments: d.shipments.map((s) => ({ ...s, createdAt: iso(s.createdAt) })),
    history: d.history.map((h) => ({ at: iso(h.at), from: h.from, to: h.to, event: h.event, reason: h.reason, actor: h.actor })),
  };
}

export function transitionResource(t: TransitionOutput): Record<string, unknown> {
  return { number: t.order.number, from: t.from, to: t.to, status: t.order.status, reason: t.reason };
}

export function changedResource(c: ChangedOrder): Record<string, unknown> {
  return { number: c.number, status: c.status, payment: c.payment, trackingNumber: c.trackingNumber, updatedAt: iso(c.updatedAt) };
}

export function stockResource(sku: string, positions: readonly StockPosition[]): Record<string, unknown> {
  return {
    sku,
    available: positions.reduce((n, p) => n + p.available, 0),
    warehouses: positions.map((p) => ({ warehouse: p.warehouse, onHand: p.onHand, allocated: p.allocated, reserved: p.reserved, available: p.available })),
  };
}
