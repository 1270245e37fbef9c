/**
 * The picking service: what a handheld does on a trip. Every method takes the caller's
 * `StoreTransaction` first (the gateway records the scan and the change in one transaction and acks
 * after commit); `PickingService` wraps each in its own transaction for the CLI.
 *
 * Refusals throw `DomainError` with a stable code and change nothing:
 * PICK_LIST_NOT_FOUND, PICK_LIST_NOT_RELEASED, PICK_LIST_CLOSED, PICK_NOT_ON_TRIP, PICK_LINE_DONE,
 * PICK_WRONG_LOCATION, PICK_LOCATION_NOT_CONFIRMED, PICK_WRONG_ITEM, PICK_OVERPICK, PICK_STOCK_MISSING,
 * PICK_NOT_SHORT, PICK_TRIP_NOT_DONE, PICK_NOTHING_TO_PICK. Bad quantities are `InputError` PICK_QUANTITY_INVALID.
 */
import { sql } from "kysely";
import { DomainError, InputError, allocateOrder } from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { localClock, shipToPoint, warehouseCandidates } from "./allocation-input.js";
import { chooseLocations, committedAtLocations, freeLocations, iso, loadLayout, pickPointOf, writePickEvent, type Actor } from "./common.js";
import { parsePickListId } from "./picklists.js";
import { routeLines } from "./waves.js";

export const PickErrorCode = {
  ListNotFound: "PICK_LIST_NOT_FOUND",
  ListNotReleased: "PICK_LIST_NOT_RELEASED",
  ListClosed: "PICK_LIST_CLOSED",
  NotOnTrip: "PICK_NOT_ON_TRIP",
  LineDone: "PICK_LINE_DONE",
  WrongLocation: "PICK_WRONG_LOCATION",
  LocationNotConfirmed: "PICK_LOCATION_NOT_CONFIRMED",
  WrongItem: "PICK_WRONG_ITEM",
  Overpick: "PICK_OVERPICK",
  StockMissing: "PICK_STOCK_MISSING",
  NotShort: "PICK_NOT_SHORT",
  TripNotDone: "PICK_TRIP_NOT_DONE",
  NothingToPick: "PICK_NOTHING_TO_PICK",
  QuantityInvalid: "PICK_QUANTITY_INVALID",
} as const;

/** What the picker must do next. */
export interface PickTask {
  readonly pickListId: number;
  readonly lineId: number;
  /** Open stops left on the trip, this one included. */
  readonly stopsLeft: number;
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
  readonly status: "open" | "skipped";
  readonly locationConfirmed: boolean;
}

export interface PickItemResult {
  readonly lineId: number;
  readonly sku: string;
  readonly picked: number;
  readonly quantity: number;
  /** True when the line is now complete. */
  readonly lineDone: boolean;
  /** The next task, or null when every line is done (complete the trip). */
  readonly next: PickTask | null;
}

export interface ShortPickResult {
  readonly lineId: number;
  readonly found: number;
  readonly missing: number;
  /** New lines on this trip from other locations of the same warehouse. */
  readonly replanned: readonly { readonly lineId: number; readonly location: string; readonly quantity: number }[];
  /** Units moved to other warehouses (a new shipment each; picked in a wave there). */
  readonly moved: readonly { readonly warehouse: string; readonly quantity: number }[];
  /** Units no warehouse has: back-ordered. */
  readonly backordered: number;
  readonly next: PickTask | null;
}

export interface TripCompletion {
  readonly pickListId: number;
  readonly packStation: string | null;
  /** What goes to the pack station: per tote its orders (batch mode: one entry, tote null, sorted at packing). */
  readonly totes: readonly { readonly tote: number | null; readonly orders: readonly string[] }[];
  readonly orders: readonly { readonly order: string; readonly picked: number; readonly short: number }[];
}

type ListRow = { id: number; status: string; warehouse: string; picker: string | null; wave_id: number; mode: string };

async function loadList(tx: StoreTransaction, ref: number | string, forWrite: boolean): Promise<ListRow> {
  const id = parsePickListId(ref);
  let q = tx.db.selectFrom("pick_lists").select(["id", "status", "warehouse", "picker", "wave_id", "mode"]).where("id", "=", id);
  if (forWrite && tx.dialect === "postgres") q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError(PickErrorCode.ListNotFound, `no pick list ${id}`);
  if (forWrite) {
    if (row.status === "planned") throw new DomainError(PickErrorCode.ListNotReleased, `pick list ${id} belongs to wave ${row.wave_id}, which is not released yet`);
    if (row.status === "completed" || row.status === "cancelled") throw new DomainError(PickErrorCode.ListClosed, `pick list ${id} is ${row.status}`);
  }
  return row;
}

async function startIfReleased(tx: StoreTransaction, list: ListRow, by: Actor): Promise<void> {
  if (list.status === "released") {
    await tx.db.updateTable("pick_lists").set({ status: "picking", updated_at: iso(by.now) }).where("id", "=", list.id).execute();
    list.status = "picking";
  }
}

async function openLines(tx: StoreTransaction, listId: number) {
  return tx.db
    .selectFrom("pick_list_lines")
    .innerJoin("orders", "orders.id", "pick_list_lines.order_id")
    .leftJoin("skus", "skus.sku", "pick_list_lines.sku")
    .selectAll("pick_list_lines")
    .select(["orders.number as order_number", "skus.name as sku_name"])
    .where("pick_list_lines.pick_list_id", "=", listId)
    .where("pick_list_lines.status", "in", ["open", "skipped"])
    .orderBy("pick_list_lines.seq")
    .orderBy("pick_list_lines.id")
    .execute();
}
type OpenLine = Awaited<ReturnType<typeof openLines>>[number];

async function toTask(tx: StoreTransaction, l: OpenLine, stopsLeft: number): Promise<PickTask> {
  const barcodes = await tx.db.selectFrom("sku_barcodes").select("barcode").where("sku", "=", l.sku).orderBy("barcode").execute();
  return {
    pickListId: l.pick_list_id,
    lineId: l.id,
    stopsLeft,
    location: l.location,
    aisle: l.aisle,
    position: l.position,
    sku: l.sku,
    description: l.sku_name ?? l.sku,
    barcodes: barcodes.map((b) => b.barcode),
    quantity: l.quantity,
    picked: l.picked_quantity,
    remaining: l.quantity - l.picked_quantity,
    order: l.order_number,
    lineNo: l.line_no,
    tote: l.tote,
    status: l.status as "open" | "skipped",
    locationConfirmed: l.location_confirmed === 1,
  };
}

/** Open lines in walking order: open lines by sequence, then skipped ones (the end of the trip). */
async function walkingOrder(tx: StoreTransaction, listId: number): Promise<OpenLine[]> {
  const lines = await openLines(tx, listId);
  return [...lines.filter((l) => l.status === "open"), ...lines.filter((l) => l.status === "skipped")];
}

/** The next stop of a pick list, or null when nothing is left to pick (complete the trip). */
export async function nextPickTask(tx: StoreTransaction, pickListId: number | string): Promise<PickTask | null> {
  const list = await loadList(tx, pickListId, false);
  const lines = await walkingOrder(tx, list.id);
  return lines[0] ? toTask(tx, lines[0], lines.length) : null;
}

/**
 * Give a picker work: the pick list they already have in progress, else the oldest released one
 * (optionally of one warehouse), which becomes theirs. Null when there is nothing to pick.
 */
export async function assignNextPickList(
  tx: StoreTransaction,
  request: { readonly picker: string; readonly warehouse?: string },
  by: Actor,
): Promise<{ readonly pickListId: number; readonly waveId: number; readonly task: PickTask | null } | null> {
  let mine = tx.db.selectFrom("pick_lists").select(["id", "wave_id"]).where("picker", "=", request.picker).where("status", "=", "picking");
  if (request.warehouse) mine = mine.where("warehouse", "=", request.warehouse);
  const current = await mine.orderBy("id").executeTakeFirst();
  if (current) return { pickListId: current.id, waveId: current.wave_id, task: await nextPickTask(tx, current.id) };
  let q = tx.db.selectFrom("pick_lists").select(["id", "wave_id"]).where("status", "=", "released").where("picker", "is", null);
  if (request.warehouse) q = q.where("warehouse", "=", request.warehouse);
  q = q.orderBy("wave_id").orderBy("sequence").limit(1);
  if (tx.dialect === "postgres") q = q.forUpdate().skipLocked();
  const next = await q.executeTakeFirst();
  if (!next) return null;
  await tx.db
    .updateTable("pick_lists")
    .set({ status: "picking", picker: request.picker, updated_at: iso(by.now) })
    .where("id", "=", next.id)
    .execute();
  await writePickEvent(tx.db, { pickListId: next.id, type: "assigned", detail: { picker: request.picker } }, by);
  return { pickListId: next.id, waveId: next.wave_id, task: await nextPickTask(tx, next.id) };
}

async function targetLine(tx: StoreTransaction, list: ListRow, lineId: number | undefined): Promise<OpenLine> {
  const lines = await walkingOrder(tx, list.id);
  if (lineId === undefined) {
    if (!lines[0]) throw new DomainError(PickErrorCode.NothingToPick, `pick list ${list.id} has nothing left to pick; complete the trip`);
    return lines[0];
  }
  const line = lines.find((l) => l.id === lineId);
  if (line) return line;
  const any = await tx.db.selectFrom("pick_list_lines").select(["pick_list_id", "status"]).where("id", "=", lineId).executeTakeFirst();
  if (!any || any.pick_list_id !== list.id) throw new DomainError(PickErrorCode.NotOnTrip, `line ${lineId} is not on pick list ${list.id}`);
  throw new DomainError(PickErrorCode.LineDone, `line ${lineId} of pick list ${list.id} is already ${any.status}`);
}

const normaliseCode = (code: string) => code.trim().toUpperCase();

/** Confirm the picker stands at the stop: the scanned location must be the line's location. */
export async function confirmPickLocation(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly location: string; readonly lineId?: number },
  by: Actor,
): Promise<PickTask> {
  const list = await loadList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, request.lineId);
  const scanned = normaliseCode(request.location);
  if (scanned !== normaliseCode(line.location)) {
    const elsewhere = (await walkingOrder(tx, list.id)).find((l) => normaliseCode(l.location) === scanned);
    throw new DomainError(
      PickErrorCode.WrongLocation,
      `wrong location: scanned ${request.location.trim()}, this stop is ${line.location}` +
        (elsewhere ? ` (${elsewhere.location} comes later on this trip)` : ` (${request.location.trim()} is not on this trip)`),
      { expected: line.location, scanned: request.location.trim() },
    );
  }
  await startIfReleased(tx, list, by);
  await tx.db
    .updateTable("pick_list_lines")
    .set({ location_confirmed: 1, updated_at: iso(by.now) })
    .where("pick_list_id", "=", list.id)
    .where("location", "=", line.location)
    .where("status", "in", ["open", "skipped"])
    .execute();
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "location", detail: { location: line.location } }, by);
  const lines = await walkingOrder(tx, list.id);
  return toTask(tx, lines.find((l) => l.id === line.id)!, lines.length);
}

/** The SKU a scanned code names: the SKU code itself or one of its barcodes (GTINs compared as 14 digits). */
async function skuOfCode(tx: StoreTransaction, code: string): Promise<string | undefined> {
  const c = code.trim();
  const sku = await tx.db.selectFrom("skus").select("sku").where("sku", "=", c).executeTakeFirst();
  if (sku) return sku.sku;
  const candidates = /^\d{8,14}$/.test(c) ? [...new Set([c, c.padStart(14, "0"), c.replace(/^0+/, "")])] : [c];
  for (const k of candidates) {
    const b = await tx.db.selectFrom("sku_barcodes").select("sku").where("barcode", "=", k).executeTakeFirst();
    if (b) return b.sku;
  }
  if (/^\d{8,14}$/.test(c)) {
    // Stored GTINs of other lengths (e.g. EAN-13 scanned as GTIN-14 with a leading 0).
    const rows = await tx.db.selectFrom("sku_barcodes").select(["sku", "barcode"]).where("barcode", "like", `%${c.replace(/^0+/, "")}`).execute();
    const hit = rows.find((r) => /^\d+$/.test(r.barcode) && r.barcode.padStart(14, "0") === c.padStart(14, "0"));
    if (hit) return hit.sku;
  }
  return undefined;
}

function checkQuantity(q: number, field: string): void {
  if (!Number.isInteger(q) || q < 1) throw new InputError(PickErrorCode.QuantityInvalid, `${field} must be a whole number of 1 or more, got ${q}`, [{ field, message: "must be a whole number ≥ 1" }]);
}

/** Take units off the line's location: stock, line, order line and the allocation's picked count. */
async function takeUnits(tx: StoreTransaction, list: ListRow, line: OpenLine, quantity: number, by: Actor): Promise<void> {
  const res = await tx.db
    .updateTable("stock")
    .set({ on_hand: sql`on_hand - ${quantity}` })
    .where("warehouse", "=", list.warehouse)
    .where("location", "=", line.location)
    .where("sku", "=", line.sku)
    .where("on_hand", ">=", quantity)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const have = await tx.db.selectFrom("stock").select("on_hand").where("warehouse", "=", list.warehouse).where("location", "=", line.location).where("sku", "=", line.sku).executeTakeFirst();
    throw new DomainError(
      PickErrorCode.StockMissing,
      `location ${line.location} holds only ${have?.on_hand ?? 0} × ${line.sku} on record; report a short pick with the quantity you found`,
    );
  }
  const now = iso(by.now);
  await tx.db
    .updateTable("pick_list_lines")
    .set({ picked_quantity: sql`picked_quantity + ${quantity}`, updated_at: now })
    .where("id", "=", line.id)
    .execute();
  await tx.db
    .updateTable("order_lines")
    .set({ picked_quantity: sql`picked_quantity + ${quantity}` })
    .where("order_id", "=", line.order_id)
    .where("line_no", "=", line.line_no)
    .execute();
  let left = quantity;
  const rows = await tx.db
    .selectFrom("reservations")
    .select(["id", "quantity", "picked_quantity"])
    .where("order_id", "=", line.order_id)
    .where("line_no", "=", line.line_no)
    .where("warehouse", "=", list.warehouse)
    .where("state", "=", "allocated")
    .orderBy("id")
    .execute();
  for (const r of rows) {
    if (left === 0) break;
    const take = Math.min(left, r.quantity - r.picked_quantity);
    if (take <= 0) continue;
    await tx.db.updateTable("reservations").set({ picked_quantity: r.picked_quantity + take, updated_at: now }).where("id", "=", r.id).execute();
    left -= take;
  }
  if (left > 0) {
    throw new DomainError(PickErrorCode.Overpick, `order line ${line.order_number}/${line.line_no} has no allocation left in ${list.warehouse} for ${left} more × ${line.sku}`);
  }
}

/** Confirm item scan(s): the code must name the line's SKU; `quantity` units (default 1) are picked. */
export async function confirmPickItem(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly code: string; readonly quantity?: number; readonly lineId?: number },
  by: Actor,
): Promise<PickItemResult> {
  const quantity = request.quantity ?? 1;
  checkQuantity(quantity, "quantity");
  const list = await loadList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, request.lineId);
  if (line.location_confirmed !== 1) {
    throw new DomainError(PickErrorCode.LocationNotConfirmed, `scan location ${line.location} first`, { expected: line.location });
  }
  const sku = await skuOfCode(tx, request.code);
  if (sku !== line.sku) {
    const what = sku ? `${sku}${sku !== request.code.trim() ? ` (${request.code.trim()})` : ""}` : `${request.code.trim()}, which is no known SKU or barcode`;
    throw new DomainError(PickErrorCode.WrongItem, `wrong item: scanned ${what}; this stop needs ${line.sku} (${line.sku_name ?? line.sku}) from ${line.location}`, {
      expected: line.sku,
      scanned: request.code.trim(),
    });
  }
  const remaining = line.quantity - line.picked_quantity;
  if (quantity > remaining) {
    throw new DomainError(PickErrorCode.Overpick, `too many: this stop needs ${remaining} more × ${line.sku}, not ${quantity}`, { remaining });
  }
  await takeUnits(tx, list, line, quantity, by);
  await startIfReleased(tx, list, by);
  const done = quantity === remaining;
  if (done) await tx.db.updateTable("pick_list_lines").set({ status: "picked", updated_at: iso(by.now) }).where("id", "=", line.id).execute();
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "item", detail: { sku, quantity, code: request.code.trim() } }, by);
  return { lineId: line.id, sku: line.sku, picked: line.picked_quantity + quantity, quantity: line.quantity, lineDone: done, next: await nextPickTask(tx, list.id) };
}

/** Skip a line: it moves to the end of the trip (it can still be picked there). */
export async function skipPickLine(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly lineId?: number; readonly reason?: string },
  by: Actor,
): Promise<PickTask | null> {
  const list = await loadList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, request.lineId);
  const max = await tx.db.selectFrom("pick_list_lines").select(sql<number>`cast(max(seq) as integer)`.as("m")).where("pick_list_id", "=", list.id).executeTakeFirstOrThrow();
  await startIfReleased(tx, list, by);
  await tx.db
    .updateTable("pick_list_lines")
    .set({ status: "skipped", seq: Number(max.m) + 1, location_confirmed: 0, updated_at: iso(by.now) })
    .where("id", "=", line.id)
    .execute();
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "skip", detail: { reason: request.reason ?? null } }, by);
  return nextPickTask(tx, list.id);
}

/**
 * Short pick: the picker found only `found` units (in all, including units already scanned) for a
 * line. The found units are picked, the location's record is corrected to empty (a cycle-count task
 * is opened), and the rest is re-allocated: from other locations of the same warehouse (new lines on
 * this trip, in route order), else from other warehouses (the order's allocation moves there: a new
 * shipment, picked in a wave of that warehouse), else back-ordered. All in the caller's transaction.
 */
export async function shortPick(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly lineId: number; readonly found: number },
  by: Actor,
): Promise<ShortPickResult> {
  const list = await loadList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, request.lineId);
  const found = request.found;
  if (!Number.isInteger(found) || found < 0) {
    throw new InputError(PickErrorCode.QuantityInvalid, `the quantity found must be a whole number of 0 or more, got ${found}`, [{ field: "found", message: "must be a whole number ≥ 0" }]);
  }
  if (found >= line.quantity) throw new DomainError(PickErrorCode.NotShort, `line ${line.id} needs ${line.quantity}; finding ${found} is not short: scan the items instead`);
  if (found < line.picked_quantity) {
    throw new DomainError(PickErrorCode.NotShort, `line ${line.id} already has ${line.picked_quantity} picked; the quantity found must be at least that`);
  }
  const now = iso(by.now);
  const take = found - line.picked_quantity;
  const stockRow = await tx.db.selectFrom("stock").select("on_hand").where("warehouse", "=", list.warehouse).where("location", "=", line.location).where("sku", "=", line.sku).executeTakeFirst();
  const onRecord = stockRow?.on_hand ?? 0;
  if (take > onRecord) {
    // The picker holds more than the record says: book the difference in before taking it.
    await tx.db.updateTable("stock").set({ on_hand: take }).where("warehouse", "=", list.warehouse).where("location", "=", line.location).where("sku", "=", line.sku).execute();
  }
  if (take > 0) await takeUnits(tx, list, line, take, by);
  const leftOnRecord = Math.max(0, onRecord - take);
  if (leftOnRecord > 0) {
    // The location is empty: correct the record and ask for a count.
    await tx.db.updateTable("stock").set({ on_hand: 0 }).where("warehouse", "=", list.warehouse).where("location", "=", line.location).where("sku", "=", line.sku).execute();
  }
  await tx.db
    .insertInto("tasks")
    .values({
      type: "cycle-count",
      order_id: null,
      warehouse: list.warehouse,
      payload: JSON.stringify({ location: line.location, sku: line.sku, onRecord, found, correctedTo: 0, pickListId: list.id, lineId: line.id }),
      status: "open",
      created_at: now,
    })
    .execute();
  await tx.db.updateTable("pick_list_lines").set({ status: "short", updated_at: now }).where("id", "=", line.id).execute();
  await startIfReleased(tx, list, by);

  let missing = line.quantity - found;
  const detail: Record<string, unknown> = { location: line.location, sku: line.sku, quantity: line.quantity, found, onRecord };

  // 1. Other locations of the same warehouse.
  const committed = await committedAtLocations(tx.db, list.warehouse, [line.sku]);
  const chosen = chooseLocations(
    (await freeLocations(tx.db, list.warehouse, line.sku, committed)).filter((l) => l.location !== line.location),
    missing,
  );
  const replanned: { lineId: number; location: string; quantity: number }[] = [];
  if (chosen.length > 0) {
    const layout = await loadLayout(tx.db, list.warehouse);
    for (const c of chosen) {
      const p = pickPointOf(layout, { code: c.stock.location, ...c.stock });
      const ins = await tx.db
        .insertInto("pick_list_lines")
        .values({
          pick_list_id: list.id,
          seq: 0,
          location: c.stock.location,
          aisle: p.aisle,
          position: p.y,
          sku: line.sku,
          quantity: c.quantity,
          picked_quantity: 0,
          order_id: line.order_id,
          line_no: line.line_no,
          tote: line.tote,
          status: "open",
          location_confirmed: 0,
          note: `re-allocated after a short pick of line ${line.id} at ${line.location}`,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      replanned.push({ lineId: ins.id, location: c.stock.location, quantity: c.quantity });
      missing -= c.quantity;
    }
    await resequence(tx, list.id, layout);
  }

  // 2. Other warehouses, 3. back-order: the order's allocation here shrinks by what leaves.
  const moved: { warehouse: string; quantity: number }[] = [];
  let backordered = 0;
  if (missing > 0) {
    const order = (await tx.loadOrder(line.order_id))!;
    const availability = (await tx.availability([line.sku], by.now)).filter((w) => w.warehouse !== list.warehouse);
    const result = allocateOrder({
      orderId: order.number,
      lines: [{ lineId: String(line.line_no), sku: line.sku, quantity: missing }],
      warehouses: await warehouseCandidates(tx.db, availability),
      shipTo: shipToPoint(order.shipTo),
      now: localClock(by.now),
    });
    await shrinkAllocation(tx, line.order_id, line.line_no, list.warehouse, missing, now);
    for (const s of result.shipments) {
      const qty = s.lines.reduce((n, l) => n + l.quantity, 0);
      await tx.db
        .insertInto("reservations")
        .values({ order_id: line.order_id, line_no: line.line_no, warehouse: s.warehouse, sku: line.sku, quantity: qty, state: "allocated", expires_at: null, created_at: now, updated_at: now })
        .execute();
      moved.push({ warehouse: s.warehouse, quantity: qty });
      missing -= qty;
    }
    if (moved.length > 0) {
      await tx.writeOutbox(line.order_id, "inventory.reallocated.v1", { orderNumber: order.number, reason: "short pick", lineNo: line.line_no, sku: line.sku, from: list.warehouse, to: moved }, by.now);
    }
    if (missing > 0) {
      backordered = missing;
      await tx.db
        .updateTable("order_lines")
        .set((eb) => ({ backordered_quantity: eb("backordered_quantity", "+", missing) }))
        .where("order_id", "=", line.order_id)
        .where("line_no", "=", line.line_no)
        .execute();
      await tx.db
        .insertInto("backorders")
        .values({ order_id: line.order_id, line_no: line.line_no, sku: line.sku, quantity: missing, warehouse: list.warehouse, status: "open", created_at: now })
        .execute();
      await tx.writeOutbox(line.order_id, "inventory.backordered.v1", { orderNumber: order.number, lineNo: line.line_no, sku: line.sku, quantity: missing }, by.now);
    }
  }
  Object.assign(detail, { replanned, moved, backordered });
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "short", detail }, by);
  return { lineId: line.id, found, missing: line.quantity - found, replanned, moved, backordered, next: await nextPickTask(tx, list.id) };
}

/** Reduce the order line's unpicked allocation in a warehouse by `quantity` (newest rows first). */
async function shrinkAllocation(tx: StoreTransaction, orderId: number, lineNo: number, warehouse: string, quantity: number, now: string): Promise<void> {
  const rows = await tx.db
    .selectFrom("reservations")
    .select(["id", "quantity", "picked_quantity"])
    .where("order_id", "=", orderId)
    .where("line_no", "=", lineNo)
    .where("warehouse", "=", warehouse)
    .where("state", "=", "allocated")
    .orderBy("id", "desc")
    .execute();
  let left = quantity;
  for (const r of rows) {
    if (left === 0) break;
    const cut = Math.min(left, r.quantity - r.picked_quantity);
    if (cut <= 0) continue;
    if (cut === r.quantity) await tx.db.updateTable("reservations").set({ state: "released", updated_at: now }).where("id", "=", r.id).execute();
    else await tx.db.updateTable("reservations").set({ quantity: r.quantity - cut, updated_at: now }).where("id", "=", r.id).execute();
    left -= cut;
  }
}

/** Re-order the trip's open lines by a fresh route; skipped lines stay at the end. */
async function resequence(tx: StoreTransaction, listId: number, layout: Parameters<typeof routeLines>[0]): Promise<void> {
  const all = await tx.db.selectFrom("pick_list_lines").select(["id", "seq", "status", "location", "aisle", "position", "order_id", "line_no"]).where("pick_list_id", "=", listId).execute();
  const base = Math.max(0, ...all.filter((l) => l.status !== "open" && l.status !== "skipped").map((l) => l.seq)) + 1;
  const open = all.filter((l) => l.status === "open").map((l) => ({ ...l, orderId: l.order_id, lineNo: l.line_no, point: { aisle: l.aisle, y: l.position } }));
  const { ordered } = routeLines(layout, open);
  let seq = base;
  for (const l of ordered) await tx.db.updateTable("pick_list_lines").set({ seq: seq++ }).where("id", "=", l.id).execute();
  for (const l of all.filter((x) => x.status === "skipped").sort((a, b) => a.seq - b.seq)) {
    await tx.db.updateTable("pick_list_lines").set({ seq: seq++ }).where("id", "=", l.id).execute();
  }
}

/** Finish the trip: every line picked or short; the totes go to the pack station. */
export async function completePickTrip(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly packStation?: string },
  by: Actor,
): Promise<TripCompletion> {
  const list = await loadList(tx, request.pickListId, true);
  const open = await walkingOrder(tx, list.id);
  if (open.length > 0) {
    throw new DomainError(
      PickErrorCode.TripNotDone,
      `pick list ${list.id} still has ${open.length} line(s) to pick or report short: ${open
        .slice(0, 5)
        .map((l) => `${l.location} ${l.sku}×${l.quantity - l.picked_quantity}${l.status === "skipped" ? " (skipped)" : ""}`)
        .join(", ")}${open.length > 5 ? ", …" : ""}`,
    );
  }
  await tx.db
    .updateTable("pick_lists")
    .set({ status: "completed", pack_station: request.packStation ?? null, updated_at: iso(by.now) })
    .where("id", "=", list.id)
    .execute();
  const lines = await tx.db
    .selectFrom("pick_list_lines")
    .innerJoin("orders", "orders.id", "pick_list_lines.order_id")
    .select(["orders.id as order_id", "orders.number", "pick_list_lines.tote", "pick_list_lines.quantity", "pick_list_lines.picked_quantity", "pick_list_lines.status"])
    .where("pick_list_id", "=", list.id)
    .where("pick_list_lines.status", "!=", "cancelled")
    .orderBy("orders.id")
    .execute();
  const totes = new Map<string, { tote: number | null; orders: string[] }>();
  const orders = new Map<number, { order: string; picked: number; short: number }>();
  for (const l of lines) {
    const k = String(l.tote);
    const t = totes.get(k) ?? { tote: l.tote, orders: [] };
    if (!t.orders.includes(l.number)) t.orders.push(l.number);
    totes.set(k, t);
    const o = orders.get(l.order_id) ?? { order: l.number, picked: 0, short: 0 };
    o.picked += l.picked_quantity;
    if (l.status === "short") o.short += l.quantity - l.picked_quantity;
    orders.set(l.order_id, o);
  }
  const toteList = [...totes.values()].sort((a, b) => (a.tote ?? 0) - (b.tote ?? 0));
  for (const [orderId, o] of orders) {
    await tx.writeOutbox(
      orderId,
      "picking.completed.v1",
      { orderNumber: o.order, pickListId: list.id, packStation: request.packStation ?? null, totes: toteList.filter((t) => t.orders.includes(o.order)).map((t) => t.tote), picked: o.picked },
      by.now,
    );
  }
  await writePickEvent(tx.db, { pickListId: list.id, type: "complete", detail: { packStation: request.packStation ?? null, totes: toteList } }, by);
  // The wave is complete when none of its pick lists is still open.
  const left = await tx.db.selectFrom("pick_lists").select("id").where("wave_id", "=", list.wave_id).where("status", "in", ["planned", "released", "picking"]).executeTakeFirst();
  if (!left) await tx.db.updateTable("waves").set({ status: "completed" }).where("id", "=", list.wave_id).where("status", "=", "released").execute();
  return { pickListId: list.id, packStation: request.packStation ?? null, totes: toteList, orders: [...orders.values()] };
}

/** The same operations, each in its own transaction (for the CLI and scripts). */
export class PickingService {
  readonly #store: SqlStore;
  constructor(store: SqlStore) {
    this.#store = store;
  }
  nextTask(pickListId: number | string): Promise<PickTask | null> {
    return this.#store.transaction((tx) => nextPickTask(tx, pickListId));
  }
  assignNext(request: { picker: string; warehouse?: string }, by: Actor) {
    return this.#store.transaction((tx) => assignNextPickList(tx, request, by));
  }
  confirmLocation(request: { pickListId: number | string; location: string; lineId?: number }, by: Actor): Promise<PickTask> {
    return this.#store.transaction((tx) => confirmPickLocation(tx, request, by));
  }
  confirmItem(request: { pickListId: number | string; code: string; quantity?: number; lineId?: number }, by: Actor): Promise<PickItemResult> {
    return this.#store.transaction((tx) => confirmPickItem(tx, request, by));
  }
  short(request: { pickListId: number | string; lineId: number; found: number }, by: Actor): Promise<ShortPickResult> {
    return this.#store.transaction((tx) => shortPick(tx, request, by));
  }
  skip(request: { pickListId: number | string; lineId?: number; reason?: string }, by: Actor): Promise<PickTask | null> {
    return this.#store.transaction((tx) => skipPickLine(tx, request, by));
  }
  complete(request: { pickListId: number | string; packStation?: string }, by: Actor): Promise<TripCompletion> {
    return this.#store.transaction((tx) => completePickTrip(tx, request, by));
  }
}
