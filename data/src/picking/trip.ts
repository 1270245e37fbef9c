/**
 * A trip as the picking steps see it: the pick list loaded (and checked by core's machine), its open
 * lines in walking order, the line an action is for, the next task, and units taken off a location.
 */
import { DomainError, InputError, assertPickable, metresToGo, statusAfterAction, targetLine as chooseTarget, walkingOrder as inWalkingOrder, unitsLeft, type Layout, type OpenLineStatus } from "@pickpack/core";
import type { StoreTransaction } from "../store.js";
import { iso, type Actor } from "../planning/common.js";
import { bookPicked, onHandAt, takeStock } from "../stock/repository.js";
import { parsePickListId } from "./picklists.js";
import { addPickedUnits, barcodesOf, findPickList, lineRef, openLinesOf, setPickListStatus, stopOrder, type OpenLineRow, type PickListRow } from "./repository.js";

/** What the picker must do next. */
export interface PickTask {
  readonly pickListId: number;
  readonly lineId: number;
  /** Open stops left on the trip, this one included. */
  readonly stopsLeft: number;
  /** This stop's number on the trip, as `picklists show` and the printed pick list number it (1-based). */
  readonly stop: number;
  /** Stops on the trip in all (picked, short and open; cancelled lines not counted). */
  readonly stops: number;
  readonly location: string;
  readonly aisle: number;
  readonly position: number;
  readonly sku: string;
  readonly description: string;
  readonly barcodes: readonly string[];
  readonly quantity: number;
  readonly picked: number;
  readonly remaining: number;
  readonly order: string;
  readonly lineNo: number;
  /** Tote on the cart (cluster/single); null in batch mode. */
  readonly tote: number | null;
  /** `skipped` when the trip is back at a line skipped earlier. */
  readonly status: OpenLineStatus;
  readonly locationConfirmed: boolean;
}

/** A pick list by reference; `forWrite` locks it and refuses one the picker cannot act on. */
export async function loadPickList(tx: StoreTransaction, ref: number | string, forWrite: boolean): Promise<PickListRow> {
  const id = parsePickListId(ref);
  const row = await findPickList(tx, id, forWrite);
  if (!row) throw new InputError("PICK_LIST_NOT_FOUND", `no pick list ${id}`);
  if (forWrite) assertPickable({ id: row.id, status: row.status, waveId: row.wave_id });
  return row;
}

/** The picker's first action starts the list (released → picking). */
export async function startIfReleased(tx: StoreTransaction, list: PickListRow, by: Actor): Promise<void> {
  const next = statusAfterAction(list.status);
  if (next !== list.status) {
    await setPickListStatus(tx.db, list.id, next, iso(by.now));
    list.status = next;
  }
}

export async function toTask(tx: StoreTransaction, l: OpenLineRow, stopsLeft: number): Promise<PickTask> {
  return taskOf(l, stopsLeft, await stopOrder(tx.db, l.pick_list_id), await barcodesOf(tx.db, l.sku));
}

/** One open line as the picker sees it: its stop number on the trip (`stops` in walking order) and the SKU's barcodes. */
function taskOf(l: OpenLineRow, stopsLeft: number, stops: readonly number[], barcodes: readonly string[]): PickTask {
  return {
    pickListId: l.pick_list_id,
    lineId: l.id,
    stopsLeft,
    stop: stops.indexOf(l.id) + 1,
    stops: stops.length,
    location: l.location,
    aisle: l.aisle,
    position: l.position,
    sku: l.sku,
    description: l.sku_name ?? l.sku,
    barcodes,
    quantity: l.quantity,
    picked: l.picked_quantity,
    remaining: unitsLeft({ quantity: l.quantity, picked: l.picked_quantity }),
    order: l.order_number,
    lineNo: l.line_no,
    tote: l.tote,
    status: l.status as OpenLineStatus,
    locationConfirmed: l.location_confirmed === 1,
  };
}

/** Open lines in walking order: open lines by sequence, then skipped ones (the end of the trip). */
export async function walkingOrder(tx: StoreTransaction, listId: number): Promise<OpenLineRow[]> {
  return inWalkingOrder(await openLinesOf(tx.db, listId));
}

/** The line an action is for: the given one if still open on the trip, else the next stop. */
export async function targetLine(tx: StoreTransaction, list: PickListRow, lineId: number | undefined): Promise<OpenLineRow> {
  const lines = await walkingOrder(tx, list.id);
  const open = lineId === undefined ? undefined : lines.find((l) => l.id === lineId);
  if (lineId === undefined || open) return chooseTarget(list.id, lines, lineId);
  const other = await lineRef(tx.db, lineId);
  return chooseTarget(list.id, lines, lineId, other && { pickListId: other.pick_list_id, status: other.status });
}

/** The next stop of a pick list, or null when nothing is left to pick (complete the trip). */
export async function nextPickTask(tx: StoreTransaction, pickListId: number | string): Promise<PickTask | null> {
  const list = await loadPickList(tx, pickListId, false);
  const lines = await walkingOrder(tx, list.id);
  return lines[0] ? toTask(tx, lines[0], lines.length) : null;
}

/**
 * Every stop still to pick on a trip, in walking order (the next one first, skipped ones last): what a
 * handheld holds to keep picking while it is offline. One query for the stop numbers, one per SKU for
 * its barcodes.
 */
export async function tripTasks(tx: StoreTransaction, pickListId: number): Promise<PickTask[]> {
  const lines = await walkingOrder(tx, pickListId);
  const stops = await stopOrder(tx.db, pickListId);
  const barcodes = new Map<string, readonly string[]>();
  for (const sku of new Set(lines.map((l) => l.sku))) barcodes.set(sku, await barcodesOf(tx.db, sku));
  return lines.map((l) => taskOf(l, lines.length, stops, barcodes.get(l.sku) ?? []));
}

/**
 * Metres still to walk on a trip through `stops` (the stops left, in walking order, as `tripTasks` gives
 * them) and back to the depot, on its warehouse's layout; undefined without a layout.
 */
export async function tripMetresToGo(tx: StoreTransaction, pickListId: number, stops: readonly { readonly location: string; readonly aisle: number; readonly position: number }[]): Promise<number | undefined> {
  const list = await loadPickList(tx, pickListId, false);
  const row = await tx.db.selectFrom("layouts").select("layout").where("warehouse", "=", list.warehouse).executeTakeFirst();
  if (!row) return undefined;
  try {
    return metresToGo(JSON.parse(row.layout) as Layout, stops);
  } catch (e) {
    if (e instanceof DomainError && e.code === "LOCATION_OUTSIDE_LAYOUT") return undefined; // no figure rather than a wrong one
    throw e;
  }
}

/** The line id of stop `stop` of a trip as shown on screen and paper (PICK_STOP_NOT_FOUND when there is none). */
export async function lineOfStop(tx: StoreTransaction, listId: number, stop: number): Promise<number> {
  const stops = await stopOrder(tx.db, listId);
  const id = Number.isInteger(stop) && stop >= 1 ? stops[stop - 1] : undefined;
  if (id === undefined) {
    throw new InputError("PICK_STOP_NOT_FOUND", `pick list ${listId} has no stop ${stop} (it has ${stops.length}; see \`pickpack picklists show ${listId}\`)`, [
      { field: "--stop", message: `must be 1 to ${stops.length}` },
    ]);
  }
  return id;
}

/** Take units off the line's location: stock, line, order line and the allocation's picked count. */
export async function takeUnits(tx: StoreTransaction, list: PickListRow, line: OpenLineRow, quantity: number, by: Actor): Promise<void> {
  const key = { warehouse: list.warehouse, location: line.location, sku: line.sku };
  if (!(await takeStock(tx.db, key, quantity))) {
    throw new DomainError(
      "PICK_STOCK_MISSING",
      `location ${line.location} holds only ${await onHandAt(tx.db, key)} × ${line.sku} on record; report a short pick with the quantity you found`,
    );
  }
  await addPickedUnits(tx.db, line, quantity, iso(by.now));
  const left = await bookPicked(tx.db, { orderId: line.order_id, lineNo: line.line_no, warehouse: list.warehouse }, quantity, by.now);
  if (left > 0) {
    throw new DomainError("PICK_OVERPICK", `order line ${line.order_number}/${line.line_no} has no allocation left in ${list.warehouse} for ${left} more × ${line.sku}`);
  }
}

/** A line as core's pick-list machine takes it. */
export const lineFacts = (l: OpenLineRow) => ({ ...l, picked: l.picked_quantity, locationConfirmed: l.location_confirmed === 1, description: l.sku_name ?? l.sku });
