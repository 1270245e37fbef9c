/**
 * Back-orders as workflows. When stock arrives (a cycle count or put-back here; a stock import or a
 * return restock is picked up by the next `waves plan`, or by `backorders allocate`), open
 * back-orders of the SKU are allocated again, oldest first, by core's short-pick cover (the allocator
 * over every warehouse's availability): the order line gets an allocation, its back-ordered count
 * drops, and the next wave plans the units. A back-order can also be cancelled: the order then packs
 * and ships without those units. Every step writes a pick event and an outbox message in the same
 * transaction.
 */
import { DomainError, InputError, coverElsewhere } from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { allocationNow, shipToPoint, warehouseCandidates } from "../planning/allocation-input.js";
import type { Actor } from "../planning/common.js";
import { cancelOrderInTx } from "../orders/cancel.js";
import { insertHoldRows } from "../stock/repository.js";
import { findBackorder, openBackorderRows, reduceBackordered, updateBackorder, writePickEvent } from "./repository.js";

/** Back-order statuses: open → allocated (stock found) | cancelled (by a person) | closed (the order moved on without it). */
export const BACKORDER_STATUS = { Open: "open", Allocated: "allocated", Cancelled: "cancelled", Closed: "closed" } as const;

/** Orders whose back-ordered units can still be allocated and picked. */
const ALLOCATABLE = ["Confirmed", "Processing"];

export interface BackorderReallocation {
  /** Back-orders (fully or partly) allocated again: the units and where. */
  readonly allocated: readonly { readonly id: number; readonly order: string; readonly lineNo: number; readonly sku: string; readonly quantity: number; readonly left: number; readonly warehouses: readonly { readonly warehouse: string; readonly quantity: number }[] }[];
  /** Back-orders closed because their order left picking (cancelled, packed, shipped …). */
  readonly closed: readonly { readonly id: number; readonly order: string; readonly status: string }[];
}

/** Allocate open back-orders (of these SKUs, or all) from the stock available now. */
export async function reallocateBackordersInTx(tx: StoreTransaction, filter: { readonly skus?: readonly string[] }, by: Actor): Promise<BackorderReallocation> {
  const allocated: BackorderReallocation["allocated"][number][] = [];
  const closed: BackorderReallocation["closed"][number][] = [];
  for (const b of await openBackorderRows(tx, filter.skus)) {
    const order = await tx.loadOrder(b.order_id, { lock: true });
    if (!order) continue;
    if (!ALLOCATABLE.includes(order.status)) {
      await updateBackorder(tx.db, b.id, { status: BACKORDER_STATUS.Closed });
      await writePickEvent(tx.db, { orderId: b.order_id, type: "backorder-closed", detail: { backorder: b.id, orderStatus: order.status, sku: b.sku, quantity: b.quantity } }, by);
      closed.push({ id: b.id, order: order.number, status: order.status });
      continue;
    }
    const availability = await tx.availability([b.sku], by.now);
    if (!availability.some((w) => (w.available.get(b.sku) ?? 0) > 0)) continue;
    const cover = coverElsewhere({
      orderNumber: order.number,
      lineNo: b.line_no,
      sku: b.sku,
      missing: b.quantity,
      warehouses: await warehouseCandidates(tx.db, availability),
      shipTo: shipToPoint(order.shipTo),
      now: allocationNow(by.now),
    });
    const got = b.quantity - cover.backordered;
    if (got <= 0) continue;
    await insertHoldRows(tx.db, b.order_id, cover.moved.map((m) => ({ lineNo: b.line_no, warehouse: m.warehouse, sku: b.sku, quantity: m.quantity })), "allocated", null, by.now);
    await reduceBackordered(tx.db, b.order_id, b.line_no, got);
    await updateBackorder(tx.db, b.id, cover.backordered === 0 ? { status: BACKORDER_STATUS.Allocated } : { quantity: cover.backordered });
    const detail = { backorder: b.id, orderNumber: order.number, lineNo: b.line_no, sku: b.sku, quantity: got, left: cover.backordered, to: cover.moved };
    await tx.writeOutbox(b.order_id, "inventory.backorder.allocated.v1", detail, by.now);
    await writePickEvent(tx.db, { orderId: b.order_id, type: "backorder-allocated", detail }, by);
    allocated.push({ id: b.id, order: order.number, lineNo: b.line_no, sku: b.sku, quantity: got, left: cover.backordered, warehouses: cover.moved });
  }
  return { allocated, closed };
}

export function reallocateBackorders(store: SqlStore, filter: { readonly skus?: readonly string[] }, by: Actor): Promise<BackorderReallocation> {
  return store.transaction((tx) => reallocateBackordersInTx(tx, filter, by));
}

export interface BackorderCancellation {
  readonly id: number;
  readonly order: string;
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  readonly reason: string;
  /** The order had nothing else to ship (every unit back-ordered, none awaited any more): it was cancelled. */
  readonly orderCancelled: boolean;
}

/**
 * Cancel an open back-order: its units are no longer awaited, the order packs and ships without them
 * (audited). When that leaves the order nothing to ship (every unit was back-ordered and no other
 * back-order of it is open), the order is cancelled in the same transaction, with the reason.
 */
export async function cancelBackorderInTx(tx: StoreTransaction, id: number, reason: string, by: Actor): Promise<BackorderCancellation> {
  if (reason.trim() === "") throw new InputError("BACKORDER_REASON_REQUIRED", "say why the back-order is cancelled (--reason)", [{ field: "--reason", message: "required" }]);
  const b = await findBackorder(tx, id);
  if (!b) throw new InputError("BACKORDER_NOT_FOUND", `no back-order ${id} (see \`pickpack backorders\`)`);
  if (b.status !== BACKORDER_STATUS.Open) throw new DomainError("BACKORDER_NOT_OPEN", `back-order ${id} is ${b.status}; only an open back-order can be cancelled`);
  const order = (await tx.loadOrder(b.order_id, { lock: true }))!;
  await updateBackorder(tx.db, b.id, { status: BACKORDER_STATUS.Cancelled });
  const detail = { backorder: b.id, orderNumber: order.number, lineNo: b.line_no, sku: b.sku, quantity: b.quantity, reason: reason.trim() };
  await tx.writeOutbox(b.order_id, "inventory.backorder.cancelled.v1", detail, by.now);
  await writePickEvent(tx.db, { orderId: b.order_id, type: "backorder-cancelled", detail }, by);
  const shippable = order.lines.some((l) => l.quantity - l.backorderedQuantity > 0);
  const awaited = (await openBackorderRows(tx)).some((o) => o.order_id === b.order_id);
  const orderCancelled = !shippable && !awaited;
  if (orderCancelled) await cancelOrderInTx(tx, order.number, `nothing left to ship: back-order ${b.id} cancelled (${reason.trim()})`, by);
  return { id: b.id, order: order.number, lineNo: b.line_no, sku: b.sku, quantity: b.quantity, reason: reason.trim(), orderCancelled };
}

export function cancelBackorder(store: SqlStore, id: number, reason: string, by: Actor): Promise<BackorderCancellation> {
  return store.transaction((tx) => cancelBackorderInTx(tx, id, reason, by));
}
