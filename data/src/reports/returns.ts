/** `report returns`: return requests ÷ orders shipped in the period, their reasons, quality-check outcomes and refunds processed (order value). */
import { sql } from "kysely";
import { rate } from "@pickpack/core";
import { n } from "./sql.js";
import { orderInWarehouse, periodJson, type ReportContext } from "./scope.js";

export interface ReturnsReport {
  readonly report: "returns";
  readonly period: ReturnType<typeof periodJson>;
  readonly shipped: number;
  readonly returnRequests: number;
  readonly returnRate: number | null;
  readonly reasons: readonly { readonly reason: string; readonly count: number }[];
  readonly qualityCheck: { readonly refundApproved: number; readonly refundRejected: number };
  readonly refunds: { readonly processed: number; readonly amount: number };
}

export async function returnsReport(ctx: ReportContext): Promise<ReturnsReport> {
  const { db, from, to } = ctx;
  const byStatus = await sql<{ to_status: string; c: unknown }>`
    select t.to_status, count(*) as c from order_transitions t
    where t.to_status in ('Shipped', 'ReturnRequested', 'RefundApproved', 'RefundRejected') and t.at >= ${from} and t.at < ${to} ${orderInWarehouse(ctx, "t.order_id")}
    group by t.to_status`.execute(db);
  const reasons = await sql<{ reason: string; c: unknown }>`
    select t.reason, count(*) as c from order_transitions t
    where t.to_status = 'ReturnRequested' and t.at >= ${from} and t.at < ${to} ${orderInWarehouse(ctx, "t.order_id")}
    group by t.reason order by count(*) desc, t.reason`.execute(db);
  const refunds = await sql<{ c: unknown; amount: unknown }>`
    select count(*) as c, coalesce(sum((select sum(l.quantity * l.unit_price) from order_lines l where l.order_id = t.order_id)), 0) as amount
    from order_transitions t where t.to_status = 'RefundProcessed' and t.at >= ${from} and t.at < ${to} ${orderInWarehouse(ctx, "t.order_id")}`.execute(db);
  const c = (s: string) => n(byStatus.rows.find((r) => r.to_status === s)?.c);
  return {
    report: "returns",
    period: periodJson(ctx.scope),
    shipped: c("Shipped"),
    returnRequests: c("ReturnRequested"),
    returnRate: rate(c("ReturnRequested"), c("Shipped")),
    reasons: reasons.rows.map((r) => ({ reason: r.reason, count: n(r.c) })),
    qualityCheck: { refundApproved: c("RefundApproved"), refundRejected: c("RefundRejected") },
    refunds: { processed: n(refunds.rows[0]?.c), amount: Math.round(n(refunds.rows[0]?.amount) * 100) / 100 },
  };
}
