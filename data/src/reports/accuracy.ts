/**
 * `report accuracy`: short picks, wrong-item and wrong-location scans, weight-check failures and
 * supervisor overrides, wrong-label scans; picking accuracy and the mis-pack rate. Scans are refused
 * commands the gateway recorded (their error code); they are site-wide (a device has no warehouse).
 */
import { sql } from "kysely";
import { rate } from "@pickpack/core";
import { n } from "./sql.js";
import { inWarehouse, periodJson, type ReportContext } from "./scope.js";

export interface AccuracyReport {
  readonly report: "accuracy";
  readonly period: ReturnType<typeof periodJson>;
  readonly picking: { readonly itemScans: number; readonly shortPicks: number; readonly wrongItemScans: number; readonly wrongLocationScans: number; readonly accuracy: number | null };
  readonly packing: { readonly cartonsClosed: number; readonly weightFailures: number; readonly supervisorOverrides: number; readonly wrongItemScans: number; readonly wrongLabelScans: number; readonly misPackRate: number | null };
}

export async function accuracyReport(ctx: ReportContext): Promise<AccuracyReport> {
  const { db, from, to } = ctx;
  const events = await sql<{ type: string; c: unknown }>`
    select e.type, count(*) as c from pick_events e join pick_lists p on p.id = e.pick_list_id
    where e.type in ('item', 'short') and e.at >= ${from} and e.at < ${to} ${inWarehouse(ctx, "p.warehouse")} group by e.type`.execute(db);
  const scans = await sql<{ code: string; c: unknown }>`
    select code, count(*) as c from gateway_scans where created_at >= ${from} and created_at < ${to}
    and code in ('PICK_WRONG_ITEM', 'PICK_WRONG_LOCATION', 'PACK_WRONG_ITEM', 'PACK_WRONG_LABEL') group by code`.execute(db);
  const cartons = await sql<{ closed: unknown; failed: unknown; overridden: unknown }>`
    select count(*) as closed,
      sum(case when c.weight_verdict in ('too_light', 'too_heavy') then 1 else 0 end) as failed,
      sum(case when c.weight_override_by is not null then 1 else 0 end) as overridden
    from cartons c where c.status = 'closed' and c.closed_at >= ${from} and c.closed_at < ${to} ${inWarehouse(ctx, "c.warehouse")}`.execute(db);
  const ev = (t: string) => n(events.rows.find((r) => r.type === t)?.c);
  const sc = (c: string) => n(scans.rows.find((r) => r.code === c)?.c);
  const items = ev("item");
  const errors = ev("short") + sc("PICK_WRONG_ITEM") + sc("PICK_WRONG_LOCATION");
  const c = cartons.rows[0];
  const closed = n(c?.closed);
  const failed = n(c?.failed);
  return {
    report: "accuracy",
    period: periodJson(ctx.scope),
    picking: { itemScans: items, shortPicks: ev("short"), wrongItemScans: sc("PICK_WRONG_ITEM"), wrongLocationScans: sc("PICK_WRONG_LOCATION"), accuracy: rate(items, items + errors) },
    packing: { cartonsClosed: closed, weightFailures: failed, supervisorOverrides: n(c?.overridden), wrongItemScans: sc("PACK_WRONG_ITEM"), wrongLabelScans: sc("PACK_WRONG_LABEL"), misPackRate: rate(failed + sc("PACK_WRONG_ITEM"), closed) },
  };
}
