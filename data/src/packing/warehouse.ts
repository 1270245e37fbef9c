/**
 * Where a carton is packed and where a packed unit may come from: the facts loaded from the
 * repository, the decision taken by core/packing (cartonWarehouse, defaultPackWarehouse,
 * checkPackSource's facts).
 */
import type { Kysely } from "kysely";
import { cartonWarehouse, defaultPackWarehouse, InputError, type Order, type PackSourceFacts } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import * as repo from "./repository.js";

type Q = Kysely<Database>;

/** The order's main warehouse (most of its stock), else the first by priority. */
export async function defaultWarehouse(db: Q, orderId: number): Promise<string> {
  const r = defaultPackWarehouse(await repo.heldByWarehouse(db, orderId), await repo.firstWarehouseByPriority(db));
  if (!r.ok) throw r.error;
  return r.value;
}

/** A warehouse named by the caller (checked), else the previous carton's, else the order's main warehouse. */
export async function resolveWarehouse(db: Q, orderId: number, warehouse: string | undefined): Promise<string> {
  if (warehouse !== undefined) {
    if (!(await repo.warehouseExists(db, warehouse))) throw new InputError("WAREHOUSE_NOT_FOUND", `no warehouse ${JSON.stringify(warehouse)}`);
    return warehouse;
  }
  return (await repo.lastCartonWarehouse(db, orderId)) ?? (await defaultWarehouse(db, orderId));
}

/** The warehouse of a carton opened by scanning a unit of `lineNo` (see core's cartonWarehouse). */
export async function warehouseForNewCarton(db: Q, order: Order, lineNo: number, warehouse: string | undefined): Promise<string> {
  const fallback = await resolveWarehouse(db, order.id, warehouse);
  if (warehouse !== undefined) return fallback;
  return cartonWarehouse({
    fallback,
    picked: await repo.pickedByWarehouse(db, order.id, lineNo),
    packed: await repo.packedByWarehouse(db, order.id, lineNo),
    allocated: await repo.allocatedByWarehouse(db, order.id, lineNo),
  });
}

/** What core's checkPackSource needs for one more unit of the line into a carton of `warehouse`. */
export async function packSourceFacts(db: Q, order: Order, lineNo: number, sku: string, warehouse: string): Promise<PackSourceFacts> {
  const allocated = await repo.allocatedByWarehouse(db, order.id, lineNo);
  const packedHere = (await repo.packedByWarehouse(db, order.id, lineNo)).find((p) => p.warehouse === warehouse)?.quantity ?? 0;
  const lines = await repo.pickLinesIn(db, order.id, warehouse);
  const byList = new Map<number, { pickListId: number; waveId: number; status: string; picker: string | undefined; quantity: number; picked: number }>();
  for (const l of lines.filter((x) => x.line_no === lineNo)) {
    const e = byList.get(l.id) ?? { pickListId: l.id, waveId: l.wave_id, status: l.status, picker: l.picker ?? undefined, quantity: 0, picked: 0 };
    byList.set(l.id, { ...e, quantity: e.quantity + l.quantity, picked: e.picked + l.picked_quantity });
  }
  const waved = lines.length > 0 || (await repo.wasWaved(db, order.id));
  return { orderNumber: order.number, lineNo, sku, warehouse, allocated, packedHere, waved, pickLists: [...byList.values()] };
}
