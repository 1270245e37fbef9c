/**
 * The operational facts a metrics scrape reads from the database, in ONE grouped round trip: orders
 * by status (the backlog), the outbox's undelivered rows and the oldest one's age, orders late or due
 * soon against their ship-by, SKUs out of stock, and orders created and order transitions by event
 * since given row ids (so a caller keeps running counts without re-reading whole tables). Queries only.
 */
import { sql } from "kysely";
import type { SqlStore } from "../store.js";

export interface MetricsSnapshot {
  /** Orders per status (statuses with none are absent). */
  readonly ordersByStatus: Readonly<Record<string, number>>;
  readonly outboxPending: number;
  /** Age of the oldest undelivered outbox row, seconds (0 when none). */
  readonly outboxOldestAgeSeconds: number;
  /** Open orders (not shipped or cancelled) whose ship-by has passed. */
  readonly ordersOverdue: number;
  /** Open orders whose ship-by falls within the next `dueSoonMs`. */
  readonly ordersDueSoon: number;
  /** SKUs with no units on hand in any warehouse. */
  readonly skusOutOfStock: number;
  /** Transitions with id > `sinceTransitionId`, per order event type. */
  readonly transitionsSince: Readonly<Record<string, number>>;
  /** The highest transition id read (pass it back as `sinceTransitionId`). */
  readonly lastTransitionId: number;
  /** Orders with id > `sinceOrderId`. */
  readonly ordersCreatedSince: number;
  /** The highest order id read (pass it back as `sinceOrderId`). */
  readonly lastOrderId: number;
}

/** Order states that still need warehouse work before they leave. */
export const OPEN_WAREHOUSE_STATES = ["Pending", "PaymentPending", "Confirmed", "Processing", "Packed"] as const;

interface Row {
  k: string;
  label: string | null;
  n: number | string | null;
  x: number | string | null;
  t: string | null;
}

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

export async function metricsSnapshot(store: SqlStore, input: { now: number; sinceTransitionId: number; sinceOrderId: number; dueSoonMs: number }): Promise<MetricsSnapshot> {
  const now = new Date(input.now).toISOString();
  const soon = new Date(input.now + input.dueSoonMs).toISOString();
  const open = sql.join(OPEN_WAREHOUSE_STATES.map((s) => sql.lit(s)));
  const since = Math.max(0, Math.trunc(input.sinceTransitionId));
  const sinceOrder = Math.max(0, Math.trunc(input.sinceOrderId));
  const result = await sql<Row>`
    select 'status' as k, status as label, count(*) as n, cast(null as bigint) as x, cast(null as text) as t from orders group by status
    union all
    select 'outbox', null, count(*), null, min(created_at) from outbox where delivered_at is null
    union all
    select 'due', null,
      coalesce(sum(case when ship_by < ${now} then 1 else 0 end), 0),
      coalesce(sum(case when ship_by >= ${now} and ship_by < ${soon} then 1 else 0 end), 0), null
      from orders where status in (${open}) and ship_by is not null
    union all
    select 'oos', null, count(*), null, null from skus s
      where not exists (select 1 from stock st where st.sku = s.sku and st.on_hand > 0)
    union all
    select 'tr', event, count(*), max(id), null from order_transitions where id > ${since} group by event
    union all
    select 'new', null, count(*), max(id), null from orders where id > ${sinceOrder}
  `.execute(store.kysely);
  const ordersByStatus: Record<string, number> = {};
  const transitionsSince: Record<string, number> = {};
  let outboxPending = 0;
  let oldest: string | null = null;
  let ordersOverdue = 0;
  let ordersDueSoon = 0;
  let skusOutOfStock = 0;
  let lastTransitionId = since;
  let ordersCreatedSince = 0;
  let lastOrderId = sinceOrder;
  for (const r of result.rows) {
    if (r.k === "status" && r.label !== null) ordersByStatus[r.label] = num(r.n);
    else if (r.k === "outbox") {
      outboxPending = num(r.n);
      oldest = r.t;
    } else if (r.k === "due") {
      ordersOverdue = num(r.n);
      ordersDueSoon = num(r.x);
    } else if (r.k === "oos") skusOutOfStock = num(r.n);
    else if (r.k === "tr" && r.label !== null) {
      transitionsSince[r.label] = num(r.n);
      lastTransitionId = Math.max(lastTransitionId, num(r.x));
    } else if (r.k === "new") {
      ordersCreatedSince = num(r.n);
      lastOrderId = Math.max(lastOrderId, num(r.x));
    }
  }
  const outboxOldestAgeSeconds = oldest === null ? 0 : Math.max(0, (input.now - Date.parse(oldest)) / 1000);
  return { ordersByStatus, outboxPending, outboxOldestAgeSeconds, ordersOverdue, ordersDueSoon, skusOutOfStock, transitionsSince, lastTransitionId, ordersCreatedSince, lastOrderId };
}
