/**
 * The pack view of an order (what the station shows: lines, cartons, suggested box, plan) and the
 * cartonization reads it is built from, shared by the workflows that return it.
 */
import type { Kysely } from "kysely";
import { cartonize, expectedCartonWeightGrams, openCartonOf, packProgress, smallestFittingBox, stationShare, type BoxType, type Cartonization, type CartonizeOptions, type Order, type PackLine, type PackState } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import * as repo from "./repository.js";
import type { PackView } from "./types.js";

type Q = Kysely<Database>;

/** Cartonization of everything not yet packed. */
export async function planRest(db: Q, state: PackState, boxes: readonly BoxType[], options: CartonizeOptions): Promise<Cartonization> {
  return cartonize(await repo.packItems(db, packProgress(state).remaining), boxes, options);
}

/** The box for the open carton (its contents) or, with none open or an empty one, for the next carton. */
export async function suggestBox(db: Q, state: PackState, boxes: readonly BoxType[], options: CartonizeOptions): Promise<string | undefined> {
  const open = openCartonOf(state);
  if (open && open.items.length > 0) return smallestFittingBox(await repo.packItems(db, open.items), boxes, options)?.code;
  return (await planRest(db, state, boxes, options)).cartons[0]?.box.code;
}

/**
 * The order as a pack station of `warehouse` sees it: each line's units allocated there (and packed
 * there), that warehouse's cartons; what ships from other warehouses is listed apart.
 */
async function stationPackState(db: Q, order: Order, full: PackState, warehouse: string, cartonWarehouses: ReadonlyMap<number, string>): Promise<{ state: PackState; elsewhere: { lineNo: number; sku: string; warehouse: string; quantity: number }[] }> {
  const lines: PackLine[] = [];
  const elsewhere: { lineNo: number; sku: string; warehouse: string; quantity: number }[] = [];
  for (const l of full.lines) {
    const share = stationShare(warehouse, await repo.allocatedByWarehouse(db, order.id, l.lineNo), await repo.packedByWarehouse(db, order.id, l.lineNo));
    if (share.here > 0 || share.packedHere > 0) lines.push({ ...l, ordered: Math.max(share.here, share.packedHere), packed: share.packedHere });
    for (const e of share.elsewhere) elsewhere.push({ lineNo: l.lineNo, sku: l.sku, warehouse: e.warehouse, quantity: e.quantity });
  }
  return { state: { ...full, lines, cartons: full.cartons.filter((c) => cartonWarehouses.get(c.cartonNo) === warehouse) }, elsewhere };
}

export async function buildPackView(db: Q, order: Order, options: CartonizeOptions, warehouse?: string): Promise<PackView> {
  const full = await repo.loadPackState(db, order);
  const boxes = await repo.boxTypes(db);
  const names = await repo.skuNames(db, order.lines.map((l) => l.sku));
  const allRows = await repo.cartonViewRows(db, order.id);
  const local = warehouse !== undefined ? await stationPackState(db, order, full, warehouse, new Map(allRows.map((r) => [r.carton_no, r.warehouse]))) : undefined;
  const state = local?.state ?? full;
  const rows = warehouse !== undefined ? allRows.filter((r) => r.warehouse === warehouse) : allRows;
  const progress = packProgress(state);
  const suggestedBox = await suggestBox(db, state, boxes, options);
  const open = openCartonOf(state);
  const openBox = open ? boxes.find((b) => b.code === (rows.find((r) => r.carton_no === open.cartonNo)?.box_type ?? suggestedBox)) : undefined;
  const openCartonExpectedGrams = open && open.items.length > 0 ? Math.round(expectedCartonWeightGrams(await repo.packItems(db, open.items), openBox ?? { tareGrams: 0 })) : undefined;
  const u = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
  return {
    orderNumber: order.number,
    status: order.status,
    warehouse,
    elsewhere: (local?.elsewhere ?? []).map((e) => ({ ...e, name: names.get(e.sku) ?? e.sku })),
    lines: state.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, name: names.get(l.sku) ?? l.sku, ordered: l.ordered, packed: l.packed })),
    cartons: rows.map((r) => ({
      cartonNo: r.carton_no,
      status: r.status === "open" ? "open" : "closed",
      warehouse: r.warehouse,
      box: u(r.box_type),
      boxReason: u(r.box_reason),
      items: state.cartons.find((c) => c.cartonNo === r.carton_no)?.items ?? [],
      expectedWeightGrams: u(r.expected_weight_grams),
      measuredWeightGrams: u(r.measured_weight_grams),
      weightVerdict: u(r.weight_verdict),
      weightOverrideBy: u(r.weight_override_by),
      sscc: u(r.sscc),
      shipmentNumber: u(r.shipment_number),
      trackingNumber: u(r.tracking_number),
    })),
    openCarton: progress.openCarton,
    suggestedBox,
    openCartonExpectedGrams,
    plan: await planRest(db, state, boxes, options),
    progress: { ordered: progress.ordered, packed: progress.packed, complete: progress.complete },
  };
}
