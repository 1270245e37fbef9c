/**
 * Stock and reservations rows: the availability read (with row locks for a reserver), adding stock,
 * the reservation writes of the order lifecycle's effects, and the stock and reservation listings.
 * Queries only; the arithmetic of what is available is core's (`sumHeld`, `stockBalance`).
 */
import { sql, type Selectable } from "kysely";
import { DomainError, HOLDING_STATES, isHolding, stockBalance, sumHeld, InputError, type HoldLine, type HoldState, type Reservation, type StockHold, type StockPosition, type WarehouseAvailability } from "@pickpack/core";
import type { ReservationsTable } from "../db/schema.js";
import { iso, ms, type Q } from "../db/unit-of-work.js";

const key = (warehouse: string, sku: string) => `${warehouse}\u0000${sku}`;

/**
 * The holds on these SKUs that may keep stock (allocated or reserved), summed per warehouse, SKU,
 * state and expiry: core decides what each group holds at `now`.
 */
async function holdGroups(q: Q, filter: { skus?: readonly string[]; sku?: string; warehouse?: string }): Promise<Map<string, StockHold[]>> {
  let hq = q
    .selectFrom("reservations")
    .select([
      "warehouse",
      "sku",
      "state",
      "expires_at",
      sql<number>`cast(sum(quantity) as integer)`.as("quantity"),
      sql<number>`cast(sum(picked_quantity) as integer)`.as("picked"),
    ])
    .where("state", "in", [...HOLDING_STATES])
    .groupBy(["warehouse", "sku", "state", "expires_at"]);
  if (filter.skus) hq = hq.where("sku", "in", [...filter.skus]);
  if (filter.sku) hq = hq.where("sku", "=", filter.sku);
  if (filter.warehouse) hq = hq.where("warehouse", "=", filter.warehouse);
  const groups = new Map<string, StockHold[]>();
  for (const g of await hq.execute()) {
    const k = key(g.warehouse, g.sku);
    const list = groups.get(k) ?? [];
    list.push({ state: g.state as HoldState, quantity: Number(g.quantity), pickedQuantity: Number(g.picked), expiresAt: g.expires_at ? ms(g.expires_at) : undefined });
    groups.set(k, list);
  }
  return groups;
}

/**
 * Stock availability per warehouse for the given SKUs at `now`. With `forUpdate`, row locks are taken
 * on the stock rows in a fixed order (warehouse, sku, location) so concurrent reservers of the same
 * SKU serialise without deadlocks (PostgreSQL; on SQLite the write transaction already holds the lock).
 */
export async function availability(q: Q, skus: readonly string[], now: number, forUpdate: boolean): Promise<WarehouseAvailability[]> {
  const warehouses = await q.selectFrom("warehouses").select(["code", "priority"]).orderBy("code").execute();
  if (skus.length === 0) return warehouses.map((w) => ({ warehouse: w.code, priority: w.priority, available: new Map() }));
  let stockQuery = q.selectFrom("stock").select(["warehouse", "sku", "on_hand"]).where("sku", "in", [...skus]).orderBy("warehouse").orderBy("sku").orderBy("location");
  if (forUpdate) stockQuery = stockQuery.forUpdate();
  const onHand = new Map<string, number>();
  for (const s of await stockQuery.execute()) onHand.set(key(s.warehouse, s.sku), (onHand.get(key(s.warehouse, s.sku)) ?? 0) + s.on_hand);
  const held = await holdGroups(q, { skus });
  return warehouses.map((w) => {
    const available = new Map<string, number>();
    for (const sku of skus) {
      const k = key(w.code, sku);
      if (!onHand.has(k) && !held.has(k)) continue;
      available.set(sku, stockBalance(onHand.get(k) ?? 0, sumHeld(held.get(k) ?? [], now)).available);
    }
    return { warehouse: w.code, priority: w.priority, available };
  });
}

export async function locationExists(q: Q, warehouse: string, location: string): Promise<boolean> {
  return (await q.selectFrom("locations").select("code").where("warehouse", "=", warehouse).where("code", "=", location).executeTakeFirst()) !== undefined;
}

/** Add units to a location's stock (the location must exist: LOCATION_NOT_FOUND). */
export async function addStock(q: Q, warehouse: string, location: string, sku: string, quantity: number): Promise<void> {
  if (!(await locationExists(q, warehouse, location))) throw new InputError("LOCATION_NOT_FOUND", `no location ${location} in warehouse ${warehouse}`);
  const res = await q
    .updateTable("stock")
    .set({ on_hand: sql`on_hand + ${quantity}` })
    .where("warehouse", "=", warehouse)
    .where("location", "=", location)
    .where("sku", "=", sku)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await q.insertInto("stock").values({ warehouse, location, sku, on_hand: quantity }).execute();
}

/** Set a location's on-hand count of a SKU (import); says whether the row was created or updated. */
export async function setStockLevel(q: Q, warehouse: string, location: string, sku: string, onHand: number): Promise<"created" | "updated"> {
  const res = await q.updateTable("stock").set({ on_hand: onHand }).where("warehouse", "=", warehouse).where("location", "=", location).where("sku", "=", sku).executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) return "updated";
  await q.insertInto("stock").values({ warehouse, location, sku, on_hand: onHand }).execute();
  return "created";
}

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

/** Take units off a location if it holds that many; false (nothing changed) otherwise. */
export async function takeStock(q: Q, warehouse: string, location: string, sku: string, quantity: number): Promise<boolean> {
  const res = await q
    .updateTable("stock")
    .set({ on_hand: sql`on_hand - ${quantity}` })
    .where("warehouse", "=", warehouse)
    .where("location", "=", location)
    .where("sku", "=", sku)
    .where("on_hand", ">=", quantity)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
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
    let need = Math.max(0, r.quantity - r.picked_quantity);
    const locs = await q
      .selectFrom("stock")
      .select(["location", "on_hand"])
      .where("warehouse", "=", r.warehouse)
      .where("sku", "=", r.sku)
      .where("on_hand", ">", 0)
      .orderBy("on_hand", "desc")
      .orderBy("location")
      .execute();
    for (const loc of locs) {
      if (need === 0) break;
      const take = Math.min(need, loc.on_hand);
      await q.updateTable("stock").set({ on_hand: sql`on_hand - ${take}` }).where("warehouse", "=", r.warehouse).where("location", "=", loc.location).where("sku", "=", r.sku).execute();
      need -= take;
    }
    if (need > 0) throw new DomainError("STOCK_MISSING_AT_SHIPPING", `warehouse ${r.warehouse} is missing ${need} × ${r.sku} to ship this order`);
    await q.updateTable("reservations").set({ state: "shipped", updated_at: iso(now) }).where("id", "=", r.id).execute();
  }
}

// ---------------------------------------------------------------- reads

/** Stock per warehouse and SKU as availability sees it at `now`, with its locations. */
export async function listStock(q: Q, filter: { sku?: string; warehouse?: string; now: number }): Promise<StockPosition[]> {
  let sq = q.selectFrom("stock").select(["warehouse", "location", "sku", "on_hand"]).orderBy("warehouse").orderBy("sku").orderBy("location");
  if (filter.sku) sq = sq.where("sku", "=", filter.sku);
  if (filter.warehouse) sq = sq.where("warehouse", "=", filter.warehouse);
  const rows = await sq.execute();
  const held = await holdGroups(q, { ...(filter.sku ? { sku: filter.sku } : {}), ...(filter.warehouse ? { warehouse: filter.warehouse } : {}) });
  const positions = new Map<string, { warehouse: string; sku: string; onHand: number; locations: { location: string; onHand: number }[] }>();
  for (const r of rows) {
    const k = key(r.warehouse, r.sku);
    const p = positions.get(k) ?? { warehouse: r.warehouse, sku: r.sku, onHand: 0, locations: [] };
    p.onHand += r.on_hand;
    p.locations.push({ location: r.location, onHand: r.on_hand });
    positions.set(k, p);
  }
  return [...positions.entries()].map(([k, p]) => {
    const b = stockBalance(p.onHand, sumHeld(held.get(k) ?? [], filter.now));
    return { warehouse: p.warehouse, sku: p.sku, onHand: p.onHand, locations: p.locations, allocated: b.allocated, reserved: b.reserved, available: b.available, overAllocated: b.overAllocated };
  });
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
