/**
 * The `reservations` table: an order's holds on stock (reserved while payment is pending, allocated
 * once confirmed, then shipped, released or expired) and what picking has taken of them. Queries
 * only, the caller's transaction first; every write of `reservations` goes through this file.
 */
import type { Selectable } from "kysely";
import { DomainError, HOLDING_STATES, heldUnits, isHolding, type HoldLine, type HoldState, type Reservation, type StockHold } from "@pickpack/core";
import type { ReservationsTable } from "../db/schema.js";
import { iso, ms, type Q } from "../db/unit-of-work.js";
import { stockedLocations, takeStock } from "./levels.js";

/** New payment-pending holds of an order, until `expiresAt`. */
export async function insertHolds(q: Q, orderId: number, holds: readonly HoldLine[], expiresAt: number, now: number): Promise<void> {
  await insertHoldRows(q, orderId, holds, "reserved", expiresAt, now);
}

/** New holds of an order in a given state (`reserved` with an expiry, `allocated` without). */
export async function insertHoldRows(
  q: Q,
  orderId: number,
  holds: readonly HoldLine[],
  state: "reserved" | "allocated",
  expiresAt: number | null,
  now: number,
): Promise<void> {
  if (holds.length === 0) return;
  await q
    .insertInto("reservations")
    .values(
      holds.map((h) => ({
        order_id: orderId,
        line_no: h.lineNo,
        warehouse: h.warehouse,
        sku: h.sku,
        quantity: h.quantity,
        state,
        expires_at: expiresAt === null ? null : iso(expiresAt),
        created_at: iso(now),
        updated_at: iso(now),
      })),
    )
    .execute();
}

/** These holds stop holding (an order re-split, a short pick that found nothing). */
export async function releaseHoldsById(q: Q, ids: readonly number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await q.updateTable("reservations").set({ state: "released", updated_at: iso(now) }).where("id", "in", [...ids]).execute();
}

/** A hold now covers fewer units (a short pick moved the rest elsewhere). */
export async function resizeHold(q: Q, id: number, quantity: number, now: number): Promise<void> {
  await q.updateTable("reservations").set({ quantity, updated_at: iso(now) }).where("id", "=", id).execute();
}

/** How many of a hold's units picking has taken off their location. */
export async function recordPicked(q: Q, id: number, pickedQuantity: number, now: number): Promise<void> {
  await q.updateTable("reservations").set({ picked_quantity: pickedQuantity, updated_at: iso(now) }).where("id", "=", id).execute();
}


/** An order line's allocation in one warehouse. */
export interface AllocationKey {
  readonly orderId: number;
  readonly lineNo: number;
  readonly warehouse: string;
}

const allocatedRows = (q: Q, key: AllocationKey) =>
  q
    .selectFrom("reservations")
    .select(["id", "quantity", "picked_quantity"])
    .where("order_id", "=", key.orderId)
    .where("line_no", "=", key.lineNo)
    .where("warehouse", "=", key.warehouse)
    .where("state", "=", "allocated");

/** Book picked units on the line's allocation (oldest rows first); returns the units no allocation had room for. */
export async function bookPicked(q: Q, key: AllocationKey, quantity: number, now: number): Promise<number> {
  let left = quantity;
  for (const r of await allocatedRows(q, key).orderBy("id").execute()) {
    if (left === 0) break;
    const take = Math.min(left, r.quantity - r.picked_quantity);
    if (take <= 0) continue;
    await recordPicked(q, r.id, r.picked_quantity + take, now);
    left -= take;
  }
  return left;
}

/** Reduce the line's unpicked allocation in the warehouse by `quantity` (newest rows first; a row cut whole is released). */
export async function shrinkAllocation(q: Q, key: AllocationKey, quantity: number, now: number): Promise<void> {
  let left = quantity;
  for (const r of await allocatedRows(q, key).orderBy("id", "desc").execute()) {
    if (left === 0) break;
    const cut = Math.min(left, r.quantity - r.picked_quantity);
    if (cut <= 0) continue;
    if (cut === r.quantity) await releaseHoldsById(q, [r.id], now);
    else await resizeHold(q, r.id, r.quantity - cut, now);
    left -= cut;
  }
}

/** A hold row of an order as planning reads it. */
export interface HoldRow extends StockHold {
  readonly id: number;
  readonly lineNo: number;
  readonly warehouse: string;
  readonly sku: string;
}

/** An order's holds, reserved or allocated (expired reservations included), oldest first. */
export async function holdRowsOf(q: Q, orderId: number): Promise<HoldRow[]> {
  const rows = await q
    .selectFrom("reservations")
    .select(["id", "line_no", "warehouse", "sku", "quantity", "picked_quantity", "state", "expires_at"])
    .where("order_id", "=", orderId)
    .where("state", "in", [...HOLDING_STATES])
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    lineNo: r.line_no,
    warehouse: r.warehouse,
    sku: r.sku,
    quantity: r.quantity,
    pickedQuantity: r.picked_quantity,
    state: r.state as HoldState,
    expiresAt: r.expires_at ? ms(r.expires_at) : undefined,
  }));
}

/** The order's reservations become allocations (payment confirmed): held until shipped. */
export async function allocateHolds(q: Q, orderId: number, now: number): Promise<void> {
  await q.updateTable("reservations").set({ state: "allocated", expires_at: null, updated_at: iso(now) }).where("order_id", "=", orderId).where("state", "=", "reserved").execute();
}

/** The order's holds stop holding (`released`, or `expired` when the reservation ran out). */
export async function endHolds(q: Q, orderId: number, state: "released" | "expired", now: number): Promise<void> {
  await q
    .updateTable("reservations")
    .set({ state, updated_at: iso(now) })
    .where("order_id", "=", orderId)
    .where("state", "in", [...HOLDING_STATES])
    .execute();
}

/**
 * The order's allocated stock leaves the warehouse: what picking has not yet taken off a location is
 * taken from the fullest locations (STOCK_MISSING_AT_SHIPPING when there is not enough); the
 * allocations become `shipped`.
 */
export async function shipAllocations(q: Q, orderId: number, now: number): Promise<void> {
  const held = await q.selectFrom("reservations").select(["id", "warehouse", "sku", "quantity", "picked_quantity"]).where("order_id", "=", orderId).where("state", "=", "allocated").orderBy("id").execute();
  for (const r of held) {
    // Picking already took `picked_quantity` off its location; only the rest leaves stock here.
    let need = heldUnits({ state: "allocated", quantity: r.quantity, pickedQuantity: r.picked_quantity }, now).allocated;
    for (const loc of await stockedLocations(q, r.warehouse, r.sku)) {
      if (need === 0) break;
      const take = Math.min(need, loc.onHand);
      await takeStock(q, { warehouse: r.warehouse, location: loc.location, sku: r.sku }, take);
      need -= take;
    }
    if (need > 0) throw new DomainError("STOCK_MISSING_AT_SHIPPING", `warehouse ${r.warehouse} is missing ${need} × ${r.sku} to ship this order`);
    await q.updateTable("reservations").set({ state: "shipped", updated_at: iso(now) }).where("id", "=", r.id).execute();
  }
}
/** Reservations with their order's number, oldest first; `activeAt` keeps those holding stock then. */
export async function listReservations(q: Q, filter: { activeAt?: number; orderId?: number }): Promise<(Reservation & { orderNumber: string })[]> {
  let rq = q.selectFrom("reservations").innerJoin("orders", "orders.id", "reservations.order_id").selectAll("reservations").select("orders.number as order_number").orderBy("reservations.id");
  if (filter.orderId !== undefined) rq = rq.where("reservations.order_id", "=", filter.orderId);
  if (filter.activeAt !== undefined) rq = rq.where("reservations.state", "in", [...HOLDING_STATES]);
  const rows = await rq.execute();
  const at = filter.activeAt;
  return rows
    .filter((r) => at === undefined || isHolding({ state: r.state as HoldState, expiresAt: r.expires_at ? ms(r.expires_at) : undefined }, at))
    .map((r) => ({ ...toReservation(r), orderNumber: r.order_number }));
}

/** The reservations of one order, oldest first. */
export async function reservationsOf(q: Q, orderId: number): Promise<Reservation[]> {
  return (await q.selectFrom("reservations").selectAll().where("order_id", "=", orderId).orderBy("id").execute()).map(toReservation);
}

export function toReservation(r: Selectable<ReservationsTable>): Reservation {
  return {
    id: r.id,
    orderId: r.order_id,
    lineNo: r.line_no,
    warehouse: r.warehouse,
    sku: r.sku,
    quantity: r.quantity,
    state: r.state as Reservation["state"],
    ...(r.expires_at ? { expiresAt: ms(r.expires_at) } : {}),
    createdAt: ms(r.created_at),
  };
}
