/** Helpers shared by the planning services: times, layouts, pick events, stock commitments. */
import { sql, type Kysely, type Transaction } from "kysely";
import { DomainError, layoutProblems, type Layout } from "@pickpack/core";
import type { Database } from "../db/schema.js";

export type Q = Kysely<Database> | Transaction<Database>;

export const iso = (ms: number): string => new Date(ms).toISOString();

export interface Actor {
  readonly now: number;
  readonly actor: string;
}

export const PlanningErrorCode = {
  WarehouseNotFound: "WAREHOUSE_NOT_FOUND",
  LayoutMissing: "LAYOUT_MISSING",
  LocationOutsideLayout: "LOCATION_OUTSIDE_LAYOUT",
  WaveNotFound: "WAVE_NOT_FOUND",
  WaveNotPlanned: "WAVE_NOT_PLANNED",
  PickListNotFound: "PICK_LIST_NOT_FOUND",
} as const;

/** The stored layout of a warehouse, checked; DomainError when missing or unusable. */
export async function loadLayout(q: Q, warehouse: string): Promise<Layout> {
  const w = await q.selectFrom("warehouses").select("code").where("code", "=", warehouse).executeTakeFirst();
  if (!w) throw new DomainError(PlanningErrorCode.WarehouseNotFound, `no warehouse ${JSON.stringify(warehouse)}`);
  const row = await q.selectFrom("layouts").select("layout").where("warehouse", "=", warehouse).executeTakeFirst();
  if (!row) {
    throw new DomainError(PlanningErrorCode.LayoutMissing, `warehouse ${warehouse} has no layout: import one with \`pickpack import layouts FILE\``);
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
    throw new DomainError(PlanningErrorCode.LayoutMissing, `the stored layout of ${warehouse} is not usable: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
  }
  return layout;
}

/** A location's pick point, checked against the layout. */
export function pickPointOf(layout: Layout, loc: { code: string; aisle: number; position: number }): { aisle: number; y: number } {
  if (!Number.isInteger(loc.aisle) || loc.aisle < 0 || loc.aisle >= layout.aisles || !(loc.position >= 0 && loc.position <= layout.aisleLength)) {
    throw new DomainError(
      PlanningErrorCode.LocationOutsideLayout,
      `location ${loc.code} (aisle ${loc.aisle}, position ${loc.position}) lies outside the layout of ${layout.warehouse} (aisles 0–${layout.aisles - 1}, positions 0–${layout.aisleLength})`,
    );
  }
  return { aisle: loc.aisle, y: loc.position };
}

export async function writePickEvent(
  q: Q,
  e: { pickListId?: number | null; lineId?: number | null; orderId?: number | null; type: string; detail: Record<string, unknown> },
  by: Actor,
): Promise<void> {
  await q
    .insertInto("pick_events")
    .values({
      pick_list_id: e.pickListId ?? null,
      line_id: e.lineId ?? null,
      order_id: e.orderId ?? null,
      type: e.type,
      detail: JSON.stringify(e.detail),
      actor: by.actor,
      at: iso(by.now),
    })
    .execute();
}

/** Pick lists whose open lines still claim stock at their locations. */
export const ACTIVE_PICK_LISTS = ["planned", "released", "picking"] as const;
/** Lines still to be picked. */
export const OPEN_LINES = ["open", "skipped"] as const;

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
  return new Map(rows.map((r) => [`${r.location}\u0000${r.sku}`, Number(r.qty)]));
}

export interface LocationStock {
  readonly location: string;
  readonly aisle: number;
  readonly position: number;
  /** on hand − committed to open pick-list lines. */
  free: number;
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
  return rows
    .map((r) => ({ location: r.location, aisle: r.aisle, position: r.position, free: r.on_hand - (committed.get(`${r.location}\u0000${sku}`) ?? 0) }))
    .filter((r) => r.free > 0);
}

/**
 * Choose locations for `quantity` units: a single location that holds them all if any (the one with
 * the least stock that suffices, keeping big slots whole), else the fullest first, as few stops as possible.
 */
export function chooseLocations(options: readonly LocationStock[], quantity: number): { stock: LocationStock; quantity: number }[] {
  const whole = options.filter((o) => o.free >= quantity).sort((a, b) => a.free - b.free || cmp(a.location, b.location));
  if (whole[0]) return [{ stock: whole[0], quantity }];
  const out: { stock: LocationStock; quantity: number }[] = [];
  let need = quantity;
  for (const o of [...options].sort((a, b) => b.free - a.free || cmp(a.location, b.location))) {
    if (need === 0) break;
    const take = Math.min(need, o.free);
    if (take > 0) {
      out.push({ stock: o, quantity: take });
      need -= take;
    }
  }
  return out;
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Order number by id, for messages. */
export async function orderNumbers(q: Q, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom("orders").select(["id", "number"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}
