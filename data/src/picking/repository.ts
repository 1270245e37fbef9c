/**
 * Pick-list queries (no workflow): pick lists and their lines, what a picker holds, trip sequence,
 * the wave's progress, and the rows a short pick leaves behind (back-orders, a cycle-count task).
 * Each function takes the caller's transaction (or the database) first; statuses come from core.
 */
import { sql, type Kysely } from "kysely";
import { OPEN_LINE_STATUSES, PICK_LINE_STATUS, PICK_LIST_STATUS, WAVE_STATUS } from "@pickpack/core";
import type { Database, Dialect } from "../db/schema.js";

type Q = Kysely<Database>;
/** What a locking query needs: the transaction and its dialect (row locks on PostgreSQL only). */
export interface TxHandle {
  readonly db: Q;
  readonly dialect: Dialect;
}

export type PickListRow = { id: number; status: string; warehouse: string; picker: string | null; wave_id: number; mode: string };

/** One pick list; `forUpdate` locks its row on PostgreSQL. */
export async function findPickList(tx: TxHandle, id: number, forUpdate: boolean): Promise<PickListRow | undefined> {
  let q = tx.db.selectFrom("pick_lists").select(["id", "status", "warehouse", "picker", "wave_id", "mode"]).where("id", "=", id);
  if (forUpdate && tx.dialect === "postgres") q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function setPickListStatus(q: Q, id: number, status: string, now: string, extra: { picker?: string; packStation?: string | null } = {}): Promise<void> {
  await q
    .updateTable("pick_lists")
    .set({
      status,
      updated_at: now,
      ...(extra.picker !== undefined ? { picker: extra.picker } : {}),
      ...(extra.packStation !== undefined ? { pack_station: extra.packStation } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/** The pick list a picker has in progress (optionally in one warehouse), oldest first. */
export async function pickListInProgress(q: Q, picker: string, warehouse?: string): Promise<{ id: number; wave_id: number } | undefined> {
  let mine = q.selectFrom("pick_lists").select(["id", "wave_id"]).where("picker", "=", picker).where("status", "=", PICK_LIST_STATUS.Picking);
  if (warehouse) mine = mine.where("warehouse", "=", warehouse);
  return mine.orderBy("id").executeTakeFirst();
}

/** The oldest released pick list nobody has (optionally of one warehouse); locked, skipping locked rows, on PostgreSQL. */
export async function nextReleasedPickList(tx: TxHandle, warehouse?: string): Promise<{ id: number; wave_id: number } | undefined> {
  let q = tx.db.selectFrom("pick_lists").select(["id", "wave_id"]).where("status", "=", PICK_LIST_STATUS.Released).where("picker", "is", null);
  if (warehouse) q = q.where("warehouse", "=", warehouse);
  q = q.orderBy("wave_id").orderBy("sequence").limit(1);
  if (tx.dialect === "postgres") q = q.forUpdate().skipLocked();
  return q.executeTakeFirst();
}

/** Lines still to pick (open or skipped), by sequence, with their order number and SKU name. */
export async function openLinesOf(q: Q, listId: number) {
  return q
    .selectFrom("pick_list_lines")
    .innerJoin("orders", "orders.id", "pick_list_lines.order_id")
    .leftJoin("skus", "skus.sku", "pick_list_lines.sku")
    .selectAll("pick_list_lines")
    .select(["orders.number as order_number", "skus.name as sku_name"])
    .where("pick_list_lines.pick_list_id", "=", listId)
    .where("pick_list_lines.status", "in", [...OPEN_LINE_STATUSES])
    .orderBy("pick_list_lines.seq")
    .orderBy("pick_list_lines.id")
    .execute();
}
export type OpenLineRow = Awaited<ReturnType<typeof openLinesOf>>[number];

/**
 * The trip's stops as `picklists show`, the PDF and the handheld number them: the line ids of every
 * line not cancelled, by sequence (skipped lines come last), stop n at index n − 1.
 */
export async function stopOrder(q: Q, listId: number): Promise<number[]> {
  const rows = await q
    .selectFrom("pick_list_lines")
    .select("id")
    .where("pick_list_id", "=", listId)
    .where("status", "!=", PICK_LINE_STATUS.Cancelled)
    .orderBy("seq")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** A line's list and status (to say why it is not open). */
export async function lineRef(q: Q, lineId: number): Promise<{ pick_list_id: number; status: string } | undefined> {
  return q.selectFrom("pick_list_lines").select(["pick_list_id", "status"]).where("id", "=", lineId).executeTakeFirst();
}

export async function barcodesOf(q: Q, sku: string): Promise<string[]> {
  return (await q.selectFrom("sku_barcodes").select("barcode").where("sku", "=", sku).orderBy("barcode").execute()).map((b) => b.barcode);
}

/** Mark every open line of the list at a location as location-confirmed. */
export async function confirmLocationLines(q: Q, listId: number, location: string, now: string): Promise<void> {
  await q
    .updateTable("pick_list_lines")
    .set({ location_confirmed: 1, updated_at: now })
    .where("pick_list_id", "=", listId)
    .where("location", "=", location)
    .where("status", "in", [...OPEN_LINE_STATUSES])
    .execute();
}

/** Picked units on the pick line and on its order line. */
export async function addPickedUnits(q: Q, line: { id: number; order_id: number; line_no: number }, quantity: number, now: string): Promise<void> {
  await q
    .updateTable("pick_list_lines")
    .set({ picked_quantity: sql`picked_quantity + ${quantity}`, updated_at: now })
    .where("id", "=", line.id)
    .execute();
  await q
    .updateTable("order_lines")
    .set({ picked_quantity: sql`picked_quantity + ${quantity}` })
    .where("order_id", "=", line.order_id)
    .where("line_no", "=", line.line_no)
    .execute();
}

export async function setLineStatus(q: Q, lineId: number, status: string, now: string, extra: { seq?: number; locationConfirmed?: boolean } = {}): Promise<void> {
  await q
    .updateTable("pick_list_lines")
    .set({
      status,
      updated_at: now,
      ...(extra.seq !== undefined ? { seq: extra.seq } : {}),
      ...(extra.locationConfirmed !== undefined ? { location_confirmed: extra.locationConfirmed ? 1 : 0 } : {}),
    })
    .where("id", "=", lineId)
    .execute();
}

export async function maxSeqOf(q: Q, listId: number): Promise<number> {
  const max = await q.selectFrom("pick_list_lines").select(sql<number>`cast(max(seq) as integer)`.as("m")).where("pick_list_id", "=", listId).executeTakeFirstOrThrow();
  return Number(max.m);
}

/** A new open line on a trip (sequence set by `setSeqs` afterwards). */
export async function insertOpenLine(
  q: Q,
  line: { pickListId: number; location: string; aisle: number; position: number; sku: string; quantity: number; orderId: number; lineNo: number; tote: number | null; note: string },
  now: string,
): Promise<number> {
  const ins = await q
    .insertInto("pick_list_lines")
    .values({
      pick_list_id: line.pickListId,
      seq: 0,
      location: line.location,
      aisle: line.aisle,
      position: line.position,
      sku: line.sku,
      quantity: line.quantity,
      picked_quantity: 0,
      order_id: line.orderId,
      line_no: line.lineNo,
      tote: line.tote,
      status: PICK_LINE_STATUS.Open,
      location_confirmed: 0,
      note: line.note,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return ins.id;
}

/** Every line of a trip with what sequencing needs. */
export async function tripLines(q: Q, listId: number) {
  return q.selectFrom("pick_list_lines").select(["id", "seq", "status", "location", "aisle", "position", "order_id", "line_no"]).where("pick_list_id", "=", listId).execute();
}

export async function setSeqs(q: Q, seqs: readonly { id: number; seq: number }[]): Promise<void> {
  for (const s of seqs) await q.updateTable("pick_list_lines").set({ seq: s.seq }).where("id", "=", s.id).execute();
}

/** The trip's lines that were not cancelled, with their order, by order id: what goes to packing. */
export async function handOverLines(q: Q, listId: number) {
  return q
    .selectFrom("pick_list_lines")
    .innerJoin("orders", "orders.id", "pick_list_lines.order_id")
    .select(["orders.id as order_id", "orders.number", "pick_list_lines.tote", "pick_list_lines.quantity", "pick_list_lines.picked_quantity", "pick_list_lines.status"])
    .where("pick_list_id", "=", listId)
    .where("pick_list_lines.status", "!=", PICK_LINE_STATUS.Cancelled)
    .orderBy("orders.id")
    .execute();
}

/** Statuses of a wave's pick lists. */
export async function waveListStatuses(q: Q, waveId: number): Promise<string[]> {
  return (await q.selectFrom("pick_lists").select("status").where("wave_id", "=", waveId).execute()).map((r) => r.status);
}

/** A released wave becomes completed. */
export async function completeWave(q: Q, waveId: number): Promise<void> {
  await q.updateTable("waves").set({ status: WAVE_STATUS.Completed }).where("id", "=", waveId).where("status", "=", WAVE_STATUS.Released).execute();
}

/** Back-order units of an order line: the order line's count and an open back-order. */
export async function addBackorder(q: Q, b: { orderId: number; lineNo: number; sku: string; quantity: number; warehouse: string }, now: string): Promise<void> {
  await q
    .updateTable("order_lines")
    .set((eb) => ({ backordered_quantity: eb("backordered_quantity", "+", b.quantity) }))
    .where("order_id", "=", b.orderId)
    .where("line_no", "=", b.lineNo)
    .execute();
  await q
    .insertInto("backorders")
    .values({ order_id: b.orderId, line_no: b.lineNo, sku: b.sku, quantity: b.quantity, warehouse: b.warehouse, status: "open", created_at: now })
    .execute();
}

/** An open cycle-count task for a location of a warehouse. */
export async function addCycleCountTask(q: Q, warehouse: string, payload: Record<string, unknown>, now: string): Promise<void> {
  await q.insertInto("tasks").values({ type: "cycle-count", order_id: null, warehouse, payload: JSON.stringify(payload), status: "open", created_at: now }).execute();
}

/** Append a pick event (the audit trail of planning and picking). */
export async function writePickEvent(
  q: Q,
  e: { pickListId?: number | null; lineId?: number | null; orderId?: number | null; type: string; detail: Record<string, unknown> },
  by: { readonly now: number; readonly actor: string },
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
      at: new Date(by.now).toISOString(),
    })
    .execute();
}

/** Open back-orders (of these SKUs, if given), oldest first; locked for update on PostgreSQL. */
export async function openBackorderRows(tx: TxHandle, skus?: readonly string[]) {
  let q = tx.db.selectFrom("backorders").selectAll().where("status", "=", "open").orderBy("id");
  if (skus) q = q.where("sku", "in", skus.length > 0 ? [...skus] : [""]);
  if (tx.dialect === "postgres") q = q.forUpdate();
  return q.execute();
}

/** One back-order row, locked for update on PostgreSQL. */
export async function findBackorder(tx: TxHandle, id: number) {
  let q = tx.db.selectFrom("backorders").selectAll().where("id", "=", id);
  if (tx.dialect === "postgres") q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A back-order's new status and/or quantity still back-ordered. */
export async function updateBackorder(q: Q, id: number, patch: { status?: string; quantity?: number }): Promise<void> {
  await q.updateTable("backorders").set(patch).where("id", "=", id).execute();
}

/** Units of an order line no longer back-ordered (stock was found for them). */
export async function reduceBackordered(q: Q, orderId: number, lineNo: number, quantity: number): Promise<void> {
  await q
    .updateTable("order_lines")
    .set((eb) => ({ backordered_quantity: eb("backordered_quantity", "-", quantity) }))
    .where("order_id", "=", orderId)
    .where("line_no", "=", lineNo)
    .execute();
}
