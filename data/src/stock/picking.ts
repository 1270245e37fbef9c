/**
 * Stock and reservation writes of planning and picking: units leaving a location, the record
 * corrected after a short pick or a count, picked units booked on the order's allocation, an
 * allocation shrunk, moved or re-split. The only place outside the store's own port where these two
 * tables are written by planning, picking and tasks. Every function takes the caller's transaction.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";

type Q = Kysely<Database>;

/** A SKU at a location of a warehouse. */
export interface StockKey {
  readonly warehouse: string;
  readonly location: string;
  readonly sku: string;
}

const at = (q: Q, key: StockKey) => q.selectFrom("stock").where("warehouse", "=", key.warehouse).where("location", "=", key.location).where("sku", "=", key.sku);

/** Units on hand at the location on record (0 when there is no row). */
export async function onHandAt(q: Q, key: StockKey): Promise<number> {
  const row = await at(q, key).select("on_hand").executeTakeFirst();
  return row?.on_hand ?? 0;
}

/** Take `quantity` units off the location if it holds them on record; false (nothing changed) otherwise. */
export async function takeFromLocation(q: Q, key: StockKey, quantity: number): Promise<boolean> {
  const res = await q
    .updateTable("stock")
    .set({ on_hand: sql`on_hand - ${quantity}` })
    .where("warehouse", "=", key.warehouse)
    .where("location", "=", key.location)
    .where("sku", "=", key.sku)
    .where("on_hand", ">=", quantity)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Set the location's quantity on record; returns whether a row was there to set. */
export async function setOnHand(q: Q, key: StockKey, onHand: number): Promise<boolean> {
  const res = await q
    .updateTable("stock")
    .set({ on_hand: onHand })
    .where("warehouse", "=", key.warehouse)
    .where("location", "=", key.location)
    .where("sku", "=", key.sku)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** An order line's allocation in one warehouse. */
export interface AllocationKey {
  readonly orderId: number;
  readonly lineNo: number;
  readonly warehouse: string;
}

const allocated = (q: Q, key: AllocationKey) =>
  q
    .selectFrom("reservations")
    .select(["id", "quantity", "picked_quantity"])
    .where("order_id", "=", key.orderId)
    .where("line_no", "=", key.lineNo)
    .where("warehouse", "=", key.warehouse)
    .where("state", "=", "allocated");

/** Book picked units on the line's allocation (oldest rows first); returns the units no allocation had room for. */
export async function bookPicked(q: Q, key: AllocationKey, quantity: number, now: string): Promise<number> {
  let left = quantity;
  for (const r of await allocated(q, key).orderBy("id").execute()) {
    if (left === 0) break;
    const take = Math.min(left, r.quantity - r.picked_quantity);
    if (take <= 0) continue;
    await q.updateTable("reservations").set({ picked_quantity: r.picked_quantity + take, updated_at: now }).where("id", "=", r.id).execute();
    left -= take;
  }
  return left;
}

/** Reduce the line's unpicked allocation in the warehouse by `quantity` (newest rows first; a row cut whole is released). */
export async function shrinkAllocation(q: Q, key: AllocationKey, quantity: number, now: string): Promise<void> {
  let left = quantity;
  for (const r of await allocated(q, key).orderBy("id", "desc").execute()) {
    if (left === 0) break;
    const cut = Math.min(left, r.quantity - r.picked_quantity);
    if (cut <= 0) continue;
    if (cut === r.quantity) await q.updateTable("reservations").set({ state: "released", updated_at: now }).where("id", "=", r.id).execute();
    else await q.updateTable("reservations").set({ quantity: r.quantity - cut, updated_at: now }).where("id", "=", r.id).execute();
    left -= cut;
  }
}

/** A new allocation of units of an order line in a warehouse (units moved there). */
export async function addAllocation(q: Q, key: AllocationKey & { readonly sku: string; readonly quantity: number }, now: string): Promise<void> {
  await q
    .insertInto("reservations")
    .values({ order_id: key.orderId, line_no: key.lineNo, warehouse: key.warehouse, sku: key.sku, quantity: key.quantity, state: "allocated", expires_at: null, created_at: now, updated_at: now })
    .execute();
}

/** An order's holds, reserved or allocated (expired reservations included), oldest first. */
export function holdRowsOf(q: Q, orderId: number) {
  return q
    .selectFrom("reservations")
    .select(["id", "line_no", "warehouse", "sku", "quantity", "picked_quantity", "state", "expires_at"])
    .where("order_id", "=", orderId)
    .where("state", "in", ["reserved", "allocated"])
    .orderBy("id")
    .execute();
}

/** Replace an order's holds: release the given rows, insert the new ones (all `state`, one expiry). */
export async function replaceHolds(
  q: Q,
  orderId: number,
  release: readonly number[],
  holds: readonly { readonly lineNo: number; readonly warehouse: string; readonly sku: string; readonly quantity: number }[],
  state: "allocated" | "reserved",
  expiresAt: string | null,
  now: string,
): Promise<void> {
  if (release.length > 0) {
    await q
      .updateTable("reservations")
      .set({ state: "released", updated_at: now })
      .where("id", "in", [...release])
      .execute();
  }
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
        expires_at: expiresAt,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}
