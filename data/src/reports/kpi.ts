/**
 * `report kpi`: the design's KPI table for the period. Order creation: import → first reservation decision
 * (created_at → first transition), p90; fulfilment: confirmed → shipped p90; order accuracy: shipped orders
 * with no short pick, no weight failure and no return; cancellation: orders created in the period that are
 * cancelled; returns: return requests ÷ orders shipped.
 */
import { sql } from "kysely";
import { DEFAULT_KPI_TARGETS, kpiTable, percentile, rate, type KpiRow, type KpiTargets } from "@pickpack/core";
import { epochMs, n } from "./sql.js";
import { fulfilmentReport, shippedOrders } from "./fulfilment.js";
import { returnsReport } from "./returns.js";
import { orderInWarehouse, periodJson, type ReportContext } from "./scope.js";

export interface KpiReport {
  readonly report: "kpi";
  readonly period: ReturnType<typeof periodJson>;
  readonly orders: { readonly created: number; readonly cancelled: number; readonly shipped: number };
  readonly kpis: readonly KpiRow[];
}

export async function kpiReport(ctx: ReportContext, targets: KpiTargets = DEFAULT_KPI_TARGETS): Promise<KpiReport> {
  const { db, dialect, from, to } = ctx;
  const created = await sql<{ ms: unknown; cancelled: unknown }>`
    select (select ${epochMs(dialect, sql`min(t.at)`)} from order_transitions t where t.order_id = o.id) - ${epochMs(dialect, sql.ref("o.created_at"))} as ms,
      case when o.status = 'Cancelled' then 1 else 0 end as cancelled
    from orders o where o.created_at >= ${from} and o.created_at < ${to} ${orderInWarehouse(ctx, "o.id")}`.execute(db);
  const latencies = created.rows.filter((r) => r.ms !== null).map((r) => Math.max(0, Math.round(n(r.ms))));
  const cancelled = created.rows.reduce((s, r) => s + n(r.cancelled), 0);
  const shipped = await shippedOrders(ctx, { accuracy: true });
  const [fulfilment, returns] = await Promise.all([fulfilmentReport(ctx, shipped), returnsReport(ctx)]);
  const accurate = shipped.filter((o) => o.shortPicks === 0 && o.weightFailures === 0 && !o.returned).length;
  return {
    report: "kpi",
    period: periodJson(ctx.scope),
    orders: { created: created.rows.length, cancelled, shipped: shipped.length },
    kpis: kpiTable(
      {
        orderCreationMs: percentile(latencies, 90),
        fulfilmentHours: fulfilment.hours.p90,
        orderAccuracy: rate(accurate, shipped.length),
        cancellationRate: rate(cancelled, created.rows.length),
        returnRate: returns.returnRate,
      },
      targets,
    ),
  };
}
