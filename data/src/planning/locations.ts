/** Stored locations as pick points: a warehouse's layout and the aisle and position of some of its locations. */
import type { Layout } from "@pickpack/core";
import { readerOf, type ReadSource } from "../picking/picklists.js";
import { loadLayout } from "./common.js";

export interface StoredPickPoints {
  readonly layout: Layout;
  /** The codes asked for that exist in the warehouse, with their aisle and position. */
  readonly locations: ReadonlyMap<string, { readonly aisle: number; readonly position: number }>;
}

/** The warehouse's checked layout and the stored locations among `codes` (unknown codes are absent). */
export async function loadStoredPickPoints(source: ReadSource, warehouse: string, codes: readonly string[]): Promise<StoredPickPoints> {
  const q = readerOf(source);
  const layout = await loadLayout(q, warehouse);
  const rows = await q.selectFrom("locations").select(["code", "aisle", "position"]).where("warehouse", "=", warehouse).where("code", "in", [...codes]).execute();
  return { layout, locations: new Map(rows.map((r) => [r.code, { aisle: r.aisle, position: r.position }])) };
}
