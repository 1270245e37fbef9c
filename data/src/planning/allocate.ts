/**
 * `allocate`: re-split Confirmed and PaymentPending orders across warehouses with a chosen strategy
 * and move their holds atomically. Availability is read inside the transaction (`tx.availability`
 * locks the stock rows on PostgreSQL) with the order's own holds added back, so the new holds can
 * never exceed what is really free: allocation never oversells.
 */
import { PICK_LINE_STATUS, heldUnits, isHolding, InputError, type AllocationResult, type AllocationStrategy, type HoldLine, type WarehouseAvailability } from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { holdsOf, splitOrder } from "./allocation-input.js";
import { writePickEvent, type Actor } from "./common.js";
import { holdRowsOf, insertHoldRows, releaseHoldsById, type HoldRow } from "../stock/repository.js";

export interface AllocateOptions extends Actor {
  /** Default `fewest-shipments`. */
  readonly strategy?: AllocationStrategy;
}

export interface OrderAllocation {
  readonly order: string;
  readonly status: string;
  /** `moved`: holds changed; `unchanged`: the split equals the current holds; `skipped`: not allocatable now (see reason). */
  readonly outcome: "moved" | "unchanged" | "skipped";
  readonly reason?: string;
  /** The holds before and after (equal unless moved). */
  readonly before: readonly HoldLine[];
  readonly after: readonly HoldLine[];
  /** The allocator's result (absent when skipped before splitting). */
  readonly result?: AllocationResult;
}

const key = (h: HoldLine) => `${h.lineNo}\u0000${h.warehouse}\u0000${h.sku}`;
const normalise = (holds: readonly HoldLine[]) => {
  const m = new Map<string, HoldLine>();
  for (const h of holds) {
    const k = key(h);
    const prev = m.get(k);
    m.set(k, { lineNo: h.lineNo, sku: h.sku, warehouse: h.warehouse, quantity: (prev?.quantity ?? 0) + h.quantity });
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, h]) => h);
};

/** Re-split one order in the given transaction. */
export async function allocateOrderInTx(tx: StoreTransaction, ref: string, options: AllocateOptions): Promise<OrderAllocation> {
  const strategy = options.strategy ?? "fewest-shipments";
  const order = await tx.loadOrder(ref, { lock: true });
  if (!order) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)} (give its number or id)`);
  const rows = await holdRowsOf(tx.db, order.id);
  const active = rows.filter((r) => isHolding(r, options.now));
  const before = normalise(active.map((r) => ({ lineNo: r.lineNo, warehouse: r.warehouse, sku: r.sku, quantity: r.quantity })));
  const skip = (reason: string): OrderAllocation => ({ order: order.number, status: order.status, outcome: "skipped", reason, before, after: before });

  if (order.status === "Pending") return skip("Pending: no stock held yet; reserve it with `pickpack orders reserve`");
  if (order.status !== "Confirmed" && order.status !== "PaymentPending") return skip(`${order.status}: only Confirmed and PaymentPending orders are allocated`);
  if (order.status === "PaymentPending" && (order.reservationExpiresAt === undefined || order.reservationExpiresAt <= options.now)) {
    return skip("PaymentPending but its reservation has expired");
  }
  const onList = await tx.db
    .selectFrom("pick_list_lines")
    .select("pick_list_id")
    .where("order_id", "=", order.id)
    .where("status", "!=", PICK_LINE_STATUS.Cancelled)
    .executeTakeFirst();
  if (onList) return skip(`already on pick list ${onList.pick_list_id}; holds stay as planned`);
  if (rows.some((r) => r.pickedQuantity > 0)) return skip("items already picked");

  const skus = [...new Set(order.lines.map((l) => l.sku))].sort();
  const availability = addBack(await tx.availability(skus, options.now), active, options.now);
  const result = await splitOrder(tx.db, order, order.lines, availability, strategy, options.now);
  if (!result.complete) {
    return { ...skip(`cannot cover the order now (${result.missing.map((m) => `${m.sku} short ${m.quantity}`).join(", ")}); holds kept`), result };
  }
  const after = normalise(holdsOf(result));
  if (JSON.stringify(after) === JSON.stringify(before)) {
    return { order: order.number, status: order.status, outcome: "unchanged", before, after, result };
  }
  const state = order.status === "Confirmed" ? "allocated" : "reserved";
  const expiresAt = state === "reserved" && order.reservationExpiresAt !== undefined ? order.reservationExpiresAt : null;
  await releaseHoldsById(tx.db, active.map((r) => r.id), options.now);
  await insertHoldRows(tx.db, order.id, holdsOf(result), state, expiresAt, options.now);
  const detail = { orderNumber: order.number, strategy, from: before, to: after, shipments: result.summary.shipments, splitLines: result.summary.splitLines };
  await tx.writeOutbox(order.id, "inventory.reallocated.v1", detail, options.now);
  await writePickEvent(tx.db, { orderId: order.id, type: "reallocated", detail }, options);
  return { order: order.number, status: order.status, outcome: "moved", before, after, result };
}

/** Availability with the order's own active holds added back (what the order could use). */
function addBack(availability: readonly WarehouseAvailability[], own: readonly HoldRow[], now: number): WarehouseAvailability[] {
  return availability.map((w) => {
    const m = new Map(w.available);
    for (const r of own) {
      if (r.warehouse !== w.warehouse) continue;
      const held = heldUnits(r, now);
      m.set(r.sku, (m.get(r.sku) ?? 0) + held.allocated + held.reserved);
    }
    return { ...w, available: m };
  });
}

/** The orders `allocate --all` considers: Confirmed and PaymentPending, oldest first. */
export async function allocatableOrders(store: SqlStore): Promise<string[]> {
  const rows = [...(await store.listOrders({ status: "Confirmed" })), ...(await store.listOrders({ status: "PaymentPending" }))];
  return rows.sort((a, b) => a.id - b.id).map((r) => r.number);
}

/** Re-split each order in its own transaction (one order's refusal does not undo the others). */
export async function allocateOrders(store: SqlStore, refs: readonly string[], options: AllocateOptions): Promise<OrderAllocation[]> {
  const out: OrderAllocation[] = [];
  for (const ref of refs) out.push(await store.transaction((tx) => allocateOrderInTx(tx, ref, options)));
  return out;
}
