/**
 * Back-orders: units of an order line that no warehouse could supply after a short pick. Queries
 * only: the listing a supervisor reads (`pickpack backorders`) and the per-order view `orders show`
 * can print.
 */
import { InputError } from "@pickpack/core";
import { readerOf, type ReadSource } from "./picklists.js";

export interface BackorderView {
  readonly id: number;
  readonly order: string;
  readonly orderId: number;
  readonly orderStatus: string;
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  /** The warehouse whose short pick back-ordered the units. */
  readonly warehouse: string | null;
  readonly status: string;
  readonly createdAt: string;
}

export interface BackorderFilter {
  /** Default `open`; `all` for every status. */
  readonly status?: string;
  /** An order number. */
  readonly order?: string;
  readonly sku?: string;
  readonly warehouse?: string;
}

/** Back-orders, oldest first (open ones unless `status` says otherwise). */
export async function listBackorders(source: ReadSource, filter: BackorderFilter = {}): Promise<BackorderView[]> {
  const q = readerOf(source);
  let bq = q
    .selectFrom("backorders")
    .innerJoin("orders", "orders.id", "backorders.order_id")
    .selectAll("backorders")
    .select(["orders.number", "orders.status as order_status"])
    .orderBy("backorders.id");
  const status = filter.status ?? "open";
  if (status !== "all") bq = bq.where("backorders.status", "=", status);
  if (filter.order) bq = bq.where("orders.number", "=", filter.order);
  if (filter.sku) bq = bq.where("backorders.sku", "=", filter.sku);
  if (filter.warehouse) bq = bq.where("backorders.warehouse", "=", filter.warehouse);
  return (await bq.execute()).map((r) => ({
    id: r.id,
    order: r.number,
    orderId: r.order_id,
    orderStatus: r.order_status,
    lineNo: r.line_no,
    sku: r.sku,
    quantity: r.quantity,
    warehouse: r.warehouse,
    status: r.status,
    createdAt: r.created_at,
  }));
}

/** Every back-order of one order (any status), oldest first; INPUT ORDER_NOT_FOUND when there is no such order. */
export async function backordersOf(source: ReadSource, orderNumber: string): Promise<BackorderView[]> {
  const q = readerOf(source);
  const o = await q.selectFrom("orders").select("id").where("number", "=", orderNumber).executeTakeFirst();
  if (!o) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(orderNumber)}`);
  return listBackorders(q, { order: orderNumber, status: "all" });
}
