/**
 * Order rows: finding and loading an order with its lines, inserting a new one, saving a transition
 * (order row with its version check, audit row), the outbox (numbered per order) and the put-back
 * tasks a cancellation creates. Queries only: the workflows are in service.ts.
 */
import { sql } from "kysely";
import { newOrder, type Address, type NewOrder, type NewOrderLine, type Order, type OrderStatus, type TransitionOutput } from "@pickpack/core";
import { iso, ms, type Actor, type Q } from "../db/unit-of-work.js";

/** The id of an order given by number, or failing that by numeric id. */
export async function findOrderId(q: Q, ref: string): Promise<number | undefined> {
  const byNumber = await q.selectFrom("orders").select("id").where("number", "=", ref).executeTakeFirst();
  if (byNumber) return byNumber.id;
  if (/^\d{1,9}$/.test(ref)) {
    const byId = await q.selectFrom("orders").select("id").where("id", "=", Number(ref)).executeTakeFirst();
    if (byId) return byId.id;
  }
  return undefined;
}

/** An order with its lines; `forUpdate` takes the order row's lock (PostgreSQL). */
export async function loadOrder(q: Q, id: number, forUpdate: boolean): Promise<Order | undefined> {
  let query = q.selectFrom("orders").selectAll().where("id", "=", id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const lines = await q.selectFrom("order_lines").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
  return {
    id: row.id,
    number: row.number,
    status: row.status as OrderStatus,
    customer: row.customer,
    shipTo: JSON.parse(row.ship_to) as Address,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      pickedQuantity: l.picked_quantity,
      packedQuantity: l.packed_quantity,
      backorderedQuantity: l.backordered_quantity,
    })),
    priority: row.priority,
    carrier: row.carrier,
    service: row.service,
    ...(row.ship_by ? { shipBy: row.ship_by } : {}),
    ...(row.reservation_expires_at ? { reservationExpiresAt: ms(row.reservation_expires_at) } : {}),
    ...(row.tracking_number ? { trackingNumber: row.tracking_number } : {}),
    ...(row.payment === "paid" ? { payment: "paid" as const } : {}),
    createdAt: ms(row.created_at),
    updatedAt: ms(row.updated_at),
    version: row.version,
  };
}

/** Which of these order numbers exist already. */
export async function existingOrderNumbers(q: Q, numbers: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    const chunk = numbers.slice(i, i + 500);
    for (const r of await q.selectFrom("orders").select("number").where("number", "in", chunk).execute()) found.add(r.number);
  }
  return found;
}

/** Insert a new Pending order with its lines; returns it as core sees it. */
export async function insertOrder(q: Q, o: NewOrder, now: number): Promise<Order> {
  const inserted = await q
    .insertInto("orders")
    .values({
      number: o.number,
      status: "Pending",
      customer: o.customer,
      ship_to: JSON.stringify(o.shipTo),
      priority: o.priority,
      carrier: o.carrier,
      service: o.service,
      ship_by: o.shipBy ?? null,
      reservation_expires_at: null,
      tracking_number: null,
      created_at: iso(now),
      updated_at: iso(now),
      version: 0,
      payment: o.payment ?? "pending",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await q
    .insertInto("order_lines")
    .values(o.lines.map((l, i) => ({ order_id: inserted.id, line_no: i + 1, sku: l.sku, quantity: l.quantity, unit_price: l.unitPrice, picked_quantity: 0, packed_quantity: 0 })))
    .execute();
  return newOrder(inserted.id, o, now);
}

/**
 * Change an order's imported fields (a re-import), bumping its version if nobody changed it since
 * `before` was read; false otherwise. Lines are replaced only when given (a Pending order's).
 */
export async function updateImportedOrder(
  q: Q,
  before: Order,
  o: NewOrder,
  options: { readonly now: number; readonly lines: boolean; readonly payment: "paid" | "pending" },
): Promise<boolean> {
  const res = await q
    .updateTable("orders")
    .set({
      customer: o.customer,
      ship_to: JSON.stringify(o.shipTo),
      priority: o.priority,
      carrier: o.carrier,
      service: o.service,
      ship_by: o.shipBy ?? null,
      payment: options.payment,
      updated_at: iso(options.now),
      version: before.version + 1,
    })
    .where("id", "=", before.id)
    .where("version", "=", before.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  if (options.lines) await replaceOrderLines(q, before.id, o.lines);
  return true;
}

async function replaceOrderLines(q: Q, orderId: number, lines: readonly NewOrderLine[]): Promise<void> {
  await q.deleteFrom("order_lines").where("order_id", "=", orderId).execute();
  await q
    .insertInto("order_lines")
    .values(lines.map((l, i) => ({ order_id: orderId, line_no: i + 1, sku: l.sku, quantity: l.quantity, unit_price: l.unitPrice, picked_quantity: 0, packed_quantity: 0 })))
    .execute();
}

/** An audit row that is not a state change (the order stays in `status`): e.g. fields updated by a re-import. */
export async function insertAuditNote(q: Q, orderId: number, status: OrderStatus, event: string, reason: string, metadata: Record<string, unknown>, by: Actor): Promise<void> {
  await q
    .insertInto("order_transitions")
    .values({ order_id: orderId, from_status: status, to_status: status, event, reason, metadata: JSON.stringify(metadata), actor: by.actor, at: iso(by.now) })
    .execute();
}

/** Save the order row after a transition if nobody changed it since `before` was read; false otherwise. */
export async function saveOrderState(q: Q, before: Order, after: Order, now: number): Promise<boolean> {
  const res = await q
    .updateTable("orders")
    .set({
      status: after.status,
      reservation_expires_at: after.reservationExpiresAt !== undefined ? iso(after.reservationExpiresAt) : null,
      tracking_number: after.trackingNumber ?? null,
      payment: after.payment ?? "pending",
      updated_at: iso(now),
      version: after.version,
    })
    .where("id", "=", before.id)
    .where("version", "=", before.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The audit row of a transition. */
export async function insertTransition(q: Q, orderId: number, out: TransitionOutput, event: string, by: Actor): Promise<void> {
  await q
    .insertInto("order_transitions")
    .values({ order_id: orderId, from_status: out.from, to_status: out.to, event, reason: out.reason, metadata: JSON.stringify(out.metadata), actor: by.actor, at: iso(by.now) })
    .execute();
}

/**
 * Append messages to an order's outbox, numbered on from its last sequence (one read, one insert).
 * With `lockOrder` (PostgreSQL) the order's row lock is held first, so concurrent writers (a pick trip
 * completing while the order is re-split, say) number their messages one after the other.
 */
export async function appendOutbox(
  q: Q,
  orderId: number,
  messages: readonly { type: string; payload: Readonly<Record<string, unknown>> }[],
  now: number,
  lockOrder: boolean,
): Promise<void> {
  if (messages.length === 0) return;
  if (lockOrder) await q.selectFrom("orders").select("id").where("id", "=", orderId).forUpdate().execute();
  const last = await q.selectFrom("outbox").select(sql<number>`cast(coalesce(max(order_seq), 0) as integer)`.as("seq")).where("order_id", "=", orderId).executeTakeFirstOrThrow();
  const base = Number(last.seq);
  await q
    .insertInto("outbox")
    .values(messages.map((m, i) => ({ type: m.type, order_id: orderId, order_seq: base + i + 1, payload: JSON.stringify(m.payload), created_at: iso(now), delivered_at: null })))
    .execute();
}

/** PaymentPending orders whose reservation has run out at `now`, oldest first. */
export async function ordersDueForExpiry(q: Q, now: number): Promise<{ id: number; number: string }[]> {
  return q.selectFrom("orders").select(["id", "number"]).where("status", "=", "PaymentPending").where("reservation_expires_at", "<=", iso(now)).orderBy("id").execute();
}

/** Units of an order picked from each warehouse location, per order line (from its pick-list lines). */
export async function pickedUnitsOf(q: Q, orderId: number): Promise<{ warehouse: string; location: string; sku: string; lineNo: number; quantity: number }[]> {
  const rows = await q
    .selectFrom("pick_list_lines")
    .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
    .select(["pick_lists.warehouse", "pick_list_lines.location", "pick_list_lines.sku", "pick_list_lines.line_no", sql<number>`cast(sum(pick_list_lines.picked_quantity) as integer)`.as("qty")])
    .where("pick_list_lines.order_id", "=", orderId)
    .where("pick_list_lines.picked_quantity", ">", 0)
    .groupBy(["pick_lists.warehouse", "pick_list_lines.location", "pick_list_lines.sku", "pick_list_lines.line_no"])
    .orderBy("pick_lists.warehouse")
    .orderBy("pick_list_lines.location")
    .execute();
  return rows.map((r) => ({ warehouse: r.warehouse, location: r.location, sku: r.sku, lineNo: r.line_no, quantity: Number(r.qty) }));
}

/** Open put-back tasks of an order (a null warehouse: the person completing it says where). */
export async function insertPutBackTasks(q: Q, orderId: number, rows: readonly { warehouse: string | null; payload: Record<string, unknown> }[], now: number): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insertInto("tasks")
    .values(rows.map((r) => ({ type: "put-back", order_id: orderId, warehouse: r.warehouse, payload: JSON.stringify(r.payload), status: "open", created_at: iso(now) })))
    .execute();
}
