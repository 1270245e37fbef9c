/**
 * `report fulfilment`: for orders shipped in the period, confirmed → shipped time (p50/p90/max), the
 * on-time rate against ship-by or the warehouse's cut-off (core's onTimeVerdict), shipped-complete
 * (nothing back-ordered), perfect orders (on time × complete × no damage return), and back-orders.
 */
import { sql } from "kysely";
import { onTimeVerdict, rate, summarize, type DurationSummary } from "@pickpack/core";
import { epochMs, n, nOrNull } from "./sql.js";
import { orderInWarehouse, periodJson, type ReportContext } from "./scope.js";

export interface ShippedOrder {
  readonly orderId: number;
  readonly warehouse: string | null;
  readonly confirmedAt: number | null;
  readonly shippedAt: number;
  readonly shipBy: number | null;
  readonly backordered: number;
  readonly damageReturn: boolean;
  readonly shortPicks: number;
  readonly weightFailures: number;
  readonly returned: boolean;
}

/** Facts of every order shipped in the period (one row each); `accuracy` adds short picks, weight failures and returns (for the KPI table). */
export async function shippedOrders(ctx: ReportContext, options: { accuracy?: boolean } = {}): Promise<ShippedOrder[]> {
  const accuracy = options.accuracy
    ? sql`,
      (select count(*) from order_transitions d where d.order_id = t.order_id and d.to_status = 'ReturnRequested') as returned,
      (select count(*) from pick_events e where e.order_id = t.order_id and e.type = 'short') as shorts,
      (select count(*) from cartons k where k.order_id = t.order_id and k.weight_verdict in ('too_light', 'too_heavy')) as failures`
    : sql``;
  const { db, dialect, from, to } = ctx;
  const rows = await sql<{ order_id: unknown; shipped: unknown; ship_by: string | null; confirmed: unknown; warehouse: string | null; backordered: unknown; damaged: unknown; shorts?: unknown; failures?: unknown; returned?: unknown }>`
    select t.order_id, ${epochMs(dialect, sql.ref("t.at"))} as shipped, o.ship_by,
      (select ${epochMs(dialect, sql`min(c.at)`)} from order_transitions c where c.order_id = t.order_id and c.to_status = 'Confirmed') as confirmed,
      coalesce((select min(s.warehouse) from shipments s where s.order_id = t.order_id), (select min(r.warehouse) from reservations r where r.order_id = t.order_id)) as warehouse,
      (select coalesce(sum(l.backordered_quantity), 0) from order_lines l where l.order_id = t.order_id) as backordered,
      (select count(*) from order_transitions d where d.order_id = t.order_id and d.to_status = 'ReturnRequested' and lower(d.reason) like '%damag%') as damaged${accuracy}
    from order_transitions t join orders o on o.id = t.order_id
    where t.to_status = 'Shipped' and t.at >= ${from} and t.at < ${to} ${orderInWarehouse(ctx, "t.order_id")}`.execute(db);
  return rows.rows.map((r) => ({
    orderId: n(r.order_id),
    warehouse: r.warehouse,
    confirmedAt: nOrNull(r.confirmed) === null ? null : Math.round(n(r.confirmed)),
    shippedAt: Math.round(n(r.shipped)),
    shipBy: r.ship_by === null ? null : Date.parse(r.ship_by),
    backordered: n(r.backordered),
    damageReturn: n(r.damaged) > 0,
    returned: n(r.returned) > 0,
    shortPicks: n(r.shorts),
    weightFailures: n(r.failures),
  }));
}

export interface FulfilmentReport {
  readonly report: "fulfilment";
  readonly period: ReturnType<typeof periodJson>;
  readonly shipped: number;
  /** Confirmed → shipped, hours (one decimal). */
  readonly hours: DurationSummary;
  readonly onTime: number;
  readonly onTimeRate: number | null;
  readonly shippedComplete: number;
  readonly shippedCompleteRate: number | null;
  readonly perfect: number;
  readonly perfectOrderRate: number | null;
  readonly backorders: { readonly created: number; readonly units: number; readonly open: number };
}

export async function fulfilmentReport(ctx: ReportContext, shipped?: readonly ShippedOrder[]): Promise<FulfilmentReport> {
  const orders = shipped ?? (await shippedOrders(ctx));
  const byCode = new Map(ctx.scope.warehouses.map((w) => [w.code, w]));
  const fallback = ctx.scope.warehouses[0];
  let onTime = 0;
  let complete = 0;
  let perfect = 0;
  const hours: number[] = [];
  for (const o of orders) {
    const w = (o.warehouse !== null ? byCode.get(o.warehouse) : undefined) ?? fallback;
    const confirmedAt = o.confirmedAt ?? o.shippedAt;
    if (o.confirmedAt !== null) hours.push(Math.round(((o.shippedAt - o.confirmedAt) / 3_600_000) * 10) / 10);
    const on = onTimeVerdict({ confirmedAt, shippedAt: o.shippedAt, shipBy: o.shipBy, cutoff: w?.cutoff ?? "23:59", timeZone: w?.timeZone ?? "UTC" }) === "on-time";
    const done = o.backordered === 0;
    if (on) onTime++;
    if (done) complete++;
    if (on && done && !o.damageReturn) perfect++;
  }
  const bo = await sql<{ created: unknown; units: unknown }>`
    select count(*) as created, coalesce(sum(quantity), 0) as units from backorders where created_at >= ${ctx.from} and created_at < ${ctx.to}
    ${ctx.scope.warehouse === undefined ? sql`` : sql`and warehouse = ${ctx.scope.warehouse}`}`.execute(ctx.db);
  const open = await sql<{ c: unknown }>`select count(*) as c from backorders where status = 'open' ${ctx.scope.warehouse === undefined ? sql`` : sql`and warehouse = ${ctx.scope.warehouse}`}`.execute(ctx.db);
  return {
    report: "fulfilment",
    period: periodJson(ctx.scope),
    shipped: orders.length,
    hours: summarize(hours),
    onTime,
    onTimeRate: rate(onTime, orders.length),
    shippedComplete: complete,
    shippedCompleteRate: rate(complete, orders.length),
    perfect,
    perfectOrderRate: rate(perfect, orders.length),
    backorders: { created: n(bo.rows[0]?.created), units: n(bo.rows[0]?.units), open: n(open.rows[0]?.c) },
  };
}
