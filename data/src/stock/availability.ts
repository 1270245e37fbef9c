/**
 * Stock availability reads: what is available per warehouse and SKU (with row locks for a reserver)
 * and the stock listing. The arithmetic is core's (`sumHeld`, `stockBalance`).
 */
import { sql } from "kysely";
import { HOLDING_STATES, stockBalance, sumHeld, type HoldState, type StockHold, type StockPosition, type WarehouseAvailability } from "@pickpack/core";
import { ms, type Q } from "../db/unit-of-work.js";

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

