/** Helpers shared by the planning and picking services: times, layouts, stock free at locations. */
import { sql, type Kysely, type Transaction } from "kysely";
import { ACTIVE_PICK_LIST_STATUSES, DomainError, OPEN_LINE_STATUSES, freeStock, layoutProblems, locationKey, InputError, type Layout, type LocationStock } from "@pickpack/core";
import type { Database } from "../db/schema.js";

export { pickPointOf, chooseLocations, type LocationStock } from "@pickpack/core";
export { writePickEvent } from "../picking/repository.js";

export type Q = Kysely<Database> | Transaction<Database>;

export const iso = (ms: number): string => new Date(ms).toISOString();

export interface Actor {
  readonly now: number;
  readonly actor: string;
}

/** The stored layout of a warehouse, checked; DomainError when missing or unusable. */
export async function loadLayout(q: Q, warehouse: string): Promise<Layout> {
  const w = await q.selectFrom("warehouses").select("code").where("code", "=", warehouse).executeTakeFirst();
  if (!w) throw new InputError("WAREHOUSE_NOT_FOUND", `no warehouse ${JSON.stringify(warehouse)}`);
  const row = await q.selectFrom("layouts").select("layout").where("warehouse", "=", warehouse).executeTakeFirst();
  if (!row) {
    throw new DomainError("LAYOUT_MISSING", `warehouse ${warehouse} has no layout: import one with \`pickpack import layouts FILE\``);
  }
  const raw = JSON.parse(row.layout) as Layout;
  const layout: Layout = {
    warehouse: raw.warehouse,
    aisles: raw.aisles,
    aisleLength: raw.aisleLength,
    aisleSpacing: raw.aisleSpacing,
    crossAisles: raw.crossAisles,
    depot: raw.depot,
  };
  const problems = layoutProblems(layout);
  if (problems.length > 0) {
    throw new DomainError("LAYOUT_MISSING", `the stored layout of ${warehouse} is not usable: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
  }
  return layout;
}

/** Pick lists whose open lines still claim stock at their locations. */
export const ACTIVE_PICK_LISTS = ACTIVE_PICK_LIST_STATUSES;
/** Lines still to be picked. */
export const OPEN_LINES = OPEN_LINE_STATUSES;

/**
 * Units of each (location, SKU) of a warehouse already promised to open lines of active pick lists,
 * keyed `location\0sku`.
 */
export async function committedAtLocations(q: Q, warehouse: string, skus: readonly string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const rows = await q
    .selectFrom("pick_list_lines")
    .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
    .select([
      "pick_list_lines.location",
      "pick_list_lines.sku",
      sql<number>`cast(sum(pick_list_lines.quantity - pick_list_lines.picked_quantity) as integer)`.as("qty"),
    ])
    .where("pick_lists.warehouse", "=", warehouse)
    .where("pick_lists.status", "in", [...ACTIVE_PICK_LISTS])
    .where("pick_list_lines.status", "in", [...OPEN_LINES])
    .where("pick_list_lines.sku", "in", [...skus])
    .groupBy(["pick_list_lines.location", "pick_list_lines.sku"])
    .execute();
  return new Map(rows.map((r) => [locationKey(r.location, r.sku), Number(r.qty)]));
}

/** Locations of a warehouse holding the SKU, with what is still free for new pick-list lines. */
export async function freeLocations(q: Q, warehouse: string, sku: string, committed: ReadonlyMap<string, number>): Promise<LocationStock[]> {
  const rows = await q
    .selectFrom("stock")
    .innerJoin("locations", (j) => j.onRef("locations.warehouse", "=", "stock.warehouse").onRef("locations.code", "=", "stock.location"))
    .select(["stock.location", "stock.on_hand", "locations.aisle", "locations.position"])
    .where("stock.warehouse", "=", warehouse)
    .where("stock.sku", "=", sku)
    .where("stock.on_hand", ">", 0)
    .orderBy("stock.location")
    .execute();
  return freeStock(
    rows.map((r) => ({ location: r.location, aisle: r.aisle, position: r.position, onHand: r.on_hand })),
    sku,
    committed,
  );
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Order number by id, for messages. */
export async function orderNumbers(q: Q, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom("orders").select(["id", "number"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}
