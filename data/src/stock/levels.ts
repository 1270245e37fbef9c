/**
 * The `stock` table: units on hand per (warehouse, location, SKU). Queries only, the caller's
 * transaction first. Every write of `stock` goes through this file (the allocations' shipping in
 * ./holds.ts takes its units with `takeStock`).
 */
import { sql } from "kysely";
import { InputError } from "@pickpack/core";
import type { Q } from "../db/unit-of-work.js";

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

/** Set the location's quantity on record where it has a row; returns whether a row was there to set. */
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

/** Set a location's on-hand count of a SKU, creating the row if needed (import); says which. */
export async function setStockLevel(q: Q, warehouse: string, location: string, sku: string, onHand: number): Promise<"created" | "updated"> {
  if (await setOnHand(q, { warehouse, location, sku }, onHand)) return "updated";
  await q.insertInto("stock").values({ warehouse, location, sku, on_hand: onHand }).execute();
  return "created";
}

/** Take units off a location if it holds that many on record; false (nothing changed) otherwise. */
export async function takeStock(q: Q, key: StockKey, quantity: number): Promise<boolean> {
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

/** The locations of a warehouse holding a SKU, fullest first. */
export async function stockedLocations(q: Q, warehouse: string, sku: string): Promise<{ location: string; onHand: number }[]> {
  const rows = await q
    .selectFrom("stock")
    .select(["location", "on_hand"])
    .where("warehouse", "=", warehouse)
    .where("sku", "=", sku)
    .where("on_hand", ">", 0)
    .orderBy("on_hand", "desc")
    .orderBy("location")
    .execute();
  return rows.map((r) => ({ location: r.location, onHand: r.on_hand }));
}
