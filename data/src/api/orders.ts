/**
 * The order-system API's order workflows and reads, on the store's own services: new orders go
 * through the file import's service (validation of references, creation, reservation, audit and
 * outbox in one transaction), changes through the import's re-import rule, payments and cancellations
 * through the order lifecycle. Reads add what an order system asks for: shipments with SSCC and
 * tracking, and the catch-up listing by update time with a stable cursor.
 */
import { DomainError, InputError, type ImportSummary, type InputIssue, type NewOrder, type OrderDetails, type StockPosition, type TransitionOutput } from "@pickpack/core";
import { cancelOrder } from "../orders/cancel.js";
import { existingOrderNumbers } from "../orders/repository.js";
import { iso, ms, type Actor } from "../db/unit-of-work.js";
import type { SqlStore } from "../store.js";
import { changedOrderRows, orderStatuses, shipmentsOf, skuExists, type ApiShipment } from "./repository.js";
import type { OrderPatch, PaymentRequest } from "./schemas.js";

export type { ApiShipment } from "./repository.js";


export interface ApiOrderDetails extends OrderDetails {
  readonly shipments: readonly ApiShipment[];
}

export interface CreatedOrders {
  readonly summary: ImportSummary;
  readonly orders: readonly { readonly number: string; readonly status: string }[];
}

/** Create new orders (all or nothing) through the import service; an existing number is refused (API_ORDER_EXISTS). */
export async function createOrders(store: SqlStore, orders: readonly NewOrder[], batch: boolean, by: Actor): Promise<CreatedOrders> {
  const numbers = orders.map((o) => o.number);
  const refuseExisting = async () => {
    const existing = [...(await existingOrderNumbers(store.kysely, numbers))];
    if (existing.length > 0) {
      throw new DomainError("API_ORDER_EXISTS", `order${existing.length === 1 ? "" : "s"} ${existing.slice(0, 10).join(", ")} exist${existing.length === 1 ? "s" : ""} already (change one with PATCH /v1/orders/{number}); nothing was written`);
    }
  };
  const dup = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (dup !== undefined) throw new InputError("API_REQUEST_INVALID", `order ${dup} is in the batch twice; nothing was written`, [{ field: `orders[${numbers.lastIndexOf(dup)}].number`, message: `${dup} is already in this batch` }]);
  await refuseExisting();
  let summary: ImportSummary;
  try {
    summary = await store.importData({ orders: orders.map((value, i) => ({ value, file: "request", line: i + 1 })) }, { now: by.now, actor: by.actor, onExisting: "fail" });
  } catch (e) {
    // Another request created one of these numbers meanwhile (a unique violation, or the import's own check).
    await refuseExisting();
    if (e instanceof InputError && e.code === "IMPORT_INVALID") {
      const issues = e.issues.map((i): InputIssue => ({ ...(i.field !== undefined ? { field: batch ? `orders[${(i.line ?? 1) - 1}].${i.field}` : i.field } : {}), message: i.message }));
      throw new InputError("API_REQUEST_INVALID", `${issues.length} problem${issues.length === 1 ? "" : "s"} in the request; nothing was written`, issues);
    }
    throw e;
  }
  const status = await orderStatuses(store.kysely, numbers);
  return { summary, orders: numbers.map((number) => ({ number, status: status.get(number) ?? "Pending" })) };
}

/** An order by its number (only the number: the API does not expose internal ids). */
export async function orderByNumber(store: SqlStore, number: string): Promise<ApiOrderDetails | undefined> {
  const details = await store.getOrder(number);
  if (!details || details.order.number !== number) return undefined;
  return { ...details, shipments: await shipmentsOf(store.kysely, details.order.id) };
}

async function requireNumber(store: SqlStore, number: string): Promise<void> {
  const found = await existingOrderNumbers(store.kysely, [number]);
  if (!found.has(number)) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(number)}`);
}

/** Record the order system's payment result: succeeded confirms, failed cancels and releases the stock. */
export async function recordPayment(store: SqlStore, number: string, payment: PaymentRequest, by: Actor): Promise<TransitionOutput> {
  await requireNumber(store, number);
  return store.applyOrderEvent(
    number,
    payment.result === "succeeded" ? { type: "PaymentSucceeded", upstream: true, ...(payment.reference ? { paymentRef: payment.reference } : {}) } : { type: "PaymentFailed", reason: payment.reason ?? (payment.reference ? `declined (${payment.reference})` : "declined") },
    by,
  );
}

/** Cancel through the one cancellation path (pick lists and put-back tasks included). */
export async function cancelByNumber(store: SqlStore, number: string, reason: string, by: Actor): Promise<TransitionOutput> {
  await requireNumber(store, number);
  return (await cancelOrder(store, number, reason, by)).transition;
}

/**
 * Change ship-to, priority or ship-by through the re-import rule (core's compareReimportedOrder): the
 * same states allow the same changes as for a file; otherwise API_ORDER_CHANGE_REFUSED.
 */
export async function patchOrder(store: SqlStore, number: string, patch: OrderPatch, by: Actor): Promise<void> {
  const details = await orderByNumber(store, number);
  if (!details) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(number)}`);
  const o = details.order;
  const shipBy = patch.shipBy ?? o.shipBy;
  const changed: NewOrder = {
    number: o.number,
    customer: o.customer,
    shipTo: patch.shipTo ?? o.shipTo,
    lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
    priority: patch.priority ?? o.priority,
    carrier: o.carrier,
    service: o.service,
    ...(shipBy !== undefined ? { shipBy } : {}),
    payment: o.payment === "paid" ? "paid" : "pending",
  };
  const summary = await store.importData({ orders: [{ value: changed, file: "request", line: 1 }] }, { now: by.now, actor: by.actor, onExisting: "update" });
  const conflict = summary.conflicts?.[0];
  if (conflict) throw new DomainError("API_ORDER_CHANGE_REFUSED", conflict.reason);
}

/** Where the catch-up listing goes on: after this update time and, within it, this order id. */
export interface ChangesCursor {
  readonly updatedAt: string;
  readonly id: number;
}

export function encodeCursor(c: ChangesCursor): string {
  return Buffer.from(JSON.stringify([c.updatedAt, c.id]), "utf8").toString("base64url");
}

export function decodeCursor(s: string): ChangesCursor | undefined {
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && Number.isFinite(Date.parse(v[0])) && Number.isSafeInteger(v[1])) return { updatedAt: v[0], id: v[1] as number };
  } catch {
    // not a cursor of ours
  }
  return undefined;
}

export interface ChangedOrder {
  readonly number: string;
  readonly status: string;
  readonly payment: string;
  readonly trackingNumber: string | null;
  readonly updatedAt: number;
}

/**
 * Orders changed since a time, oldest change first, in pages: (updated_at, id) order, so the cursor of
 * the last row is stable (an order changed again later reappears further on, never skips ahead).
 * `settledBefore` leaves out the changes stamped at or after that time (see below).
 */
export async function changedOrders(
  store: SqlStore,
  filter: { readonly since?: number; readonly after?: ChangesCursor; readonly limit: number; readonly settledBefore?: number },
): Promise<{ orders: ChangedOrder[]; next?: ChangesCursor; hasMore: boolean }> {
  // Changes stamped in the last moments may belong to transactions not yet committed (stamped earlier,
  // visible later): list only what is settled, so a cursor never passes a change that appears behind it.
  const after = filter.after;
  const rows = await changedOrderRows(store.kysely, {
    limit: filter.limit + 1,
    ...(filter.settledBefore !== undefined ? { before: iso(filter.settledBefore) } : {}),
    ...(after ? { after } : filter.since !== undefined ? { since: iso(filter.since) } : {}),
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    orders: page.map((r) => ({ number: r.number, status: r.status, payment: r.payment, trackingNumber: r.tracking_number, updatedAt: ms(r.updated_at) })),
    ...(last ? { next: { updatedAt: last.updated_at, id: last.id } } : after ? { next: after } : {}),
    hasMore: rows.length > filter.limit,
  };
}

/** Availability of one SKU per warehouse; ORDER_NOT_FOUND's sibling SKU_UNKNOWN when no such SKU. */
export async function stockOfSku(store: SqlStore, sku: string, now: number): Promise<readonly StockPosition[]> {
  if (!(await skuExists(store.kysely, sku))) throw new InputError("API_SKU_NOT_FOUND", `no SKU ${JSON.stringify(sku)}`);
  return store.listStock({ sku, now });
}
