/**
 * Read queries of the order side: one order with its reservations and audit trail, order listings,
 * the outbox, warehouses and the database's counts. Nothing here writes.
 */
import { sql } from "kysely";
import type { Address, AuditEntry, Counts, OrderDetails, OrderStatus, OrderSummary, OutboxRecord, Warehouse } from "@pickpack/core";
import { ms, type Q } from "../db/unit-of-work.js";
import { reservationsOf } from "../stock/repository.js";
import { findOrderId, loadOrder } from "./repository.js";

export async function getOrder(q: Q, ref: string): Promise<OrderDetails | undefined> {
  const id = await findOrderId(q, ref);
  if (id === undefined) return undefined;
  const order = await loadOrder(q, id, false);
  if (!order) return undefined;
  const history = await q.selectFrom("order_transitions").selectAll().where("order_id", "=", id).orderBy("id").execute();
  return {
    order,
    reservations: await reservationsOf(q, id),
    history: history.map(
      (h): AuditEntry & { id: number } => ({
        id: h.id,
        orderId: h.order_id,
        from: h.from_status as OrderStatus,
        to: h.to_status as OrderStatus,
        event: h.event,
        reason: h.reason,
        metadata: JSON.parse(h.metadata) as Record<string, unknown>,
        actor: h.actor,
        at: ms(h.at),
      }),
    ),
  };
}

export async function listOrders(q: Q, filter: { status?: OrderStatus; limit?: number }): Promise<OrderSummary[]> {
  const columns = [
    "orders.id",
    "orders.number",
    "orders.status",
    "orders.customer",
    "orders.priority",
    "orders.carrier",
    "orders.created_at",
    "orders.updated_at",
    "orders.reservation_expires_at",
  ] as const;
  let oq = q
    .selectFrom("orders")
    .leftJoin("order_lines", "order_lines.order_id", "orders.id")
    .select([...columns, sql<number>`cast(count(order_lines.line_no) as integer)`.as("lines"), sql<number>`cast(coalesce(sum(order_lines.quantity), 0) as integer)`.as("units")])
    .groupBy([...columns])
    .orderBy("orders.id");
  if (filter.status) oq = oq.where("orders.status", "=", filter.status);
  if (filter.limit !== undefined) oq = oq.limit(filter.limit);
  return (await oq.execute()).map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status as OrderStatus,
    customer: r.customer,
    lines: Number(r.lines),
    units: Number(r.units),
    priority: r.priority,
    carrier: r.carrier,
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
    ...(r.reservation_expires_at ? { reservationExpiresAt: ms(r.reservation_expires_at) } : {}),
  }));
}

/** Outbox messages, oldest first, of every order or of the order with id `orderId`. */
export async function listOutbox(q: Q, filter: { orderId?: number; limit?: number }): Promise<OutboxRecord[]> {
  // Order rows only: rows not tied to an order (0012_delivery streams) are listed by `pickpack outbox list`.
  let oq = q.selectFrom("outbox").selectAll().where("order_id", "is not", null).orderBy("id");
  if (filter.orderId !== undefined) oq = oq.where("order_id", "=", filter.orderId);
  if (filter.limit !== undefined) oq = oq.limit(filter.limit);
  return (await oq.execute()).map((r) => ({
    id: r.id,
    type: r.type,
    orderId: r.order_id ?? 0,
    orderSeq: r.order_seq,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    createdAt: ms(r.created_at),
  }));
}

export async function listWarehouses(q: Q): Promise<Warehouse[]> {
  const rows = await q.selectFrom("warehouses").selectAll().orderBy("code").execute();
  return rows.map((w) => ({
    code: w.code,
    name: w.name,
    address: JSON.parse(w.address) as Address,
    latitude: w.latitude,
    longitude: w.longitude,
    priority: w.priority,
    cutoff: w.cutoff,
    timeZone: w.time_zone,
    costPerShipment: w.cost_per_shipment,
  }));
}

export async function counts(q: Q): Promise<Counts> {
  const count = async (table: "warehouses" | "locations" | "skus" | "box_types" | "users" | "orders") =>
    Number((await q.selectFrom(table).select(sql<number>`cast(count(*) as integer)`.as("n")).executeTakeFirstOrThrow()).n);
  const units = await q.selectFrom("stock").select(sql<number>`cast(coalesce(sum(on_hand), 0) as integer)`.as("n")).executeTakeFirstOrThrow();
  const byStatus = await q.selectFrom("orders").select(["status", sql<number>`cast(count(*) as integer)`.as("n")]).groupBy("status").execute();
  return {
    warehouses: await count("warehouses"),
    locations: await count("locations"),
    skus: await count("skus"),
    stockUnits: Number(units.n),
    boxes: await count("box_types"),
    users: await count("users"),
    orders: await count("orders"),
    ordersByStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
  };
}

/** Units ordered per order number (the demo shift's summary). */
export async function unitsOfOrder(q: Q, number: string): Promise<number> {
  const row = await q
    .selectFrom("orders")
    .innerJoin("order_lines", "order_lines.order_id", "orders.id")
    .select((eb) => eb.fn.sum<number>("order_lines.quantity").as("units"))
    .where("orders.number", "=", number)
    .executeTakeFirst();
  return Number(row?.units ?? 0);
}

