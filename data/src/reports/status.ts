/**
 * `report status`: the board now. Open orders by state × age in that state (since their last change), per
 * warehouse (the warehouse holding their stock; "-" before any is held); the period's waves and their
 * progress; and each warehouse's risk for today's carrier cut-off: the units still to pick ÷ the pick
 * rate of the last hour against the minutes left, in the warehouse's zone.
 */
import { sql } from "kysely";
import { AGE_BUCKETS, HOLDING_STATES, ORDER_STATUSES, cutoffRisk, type AgeBucket, type CutoffRisk } from "@pickpack/core";
import { iso, jsonNumber, n } from "./sql.js";
import { inWarehouse, orderInWarehouse, periodJson, type ReportContext } from "./scope.js";

/** States an order no longer leaves: not on the board. */
const FINAL_STATUSES: readonly string[] = ["Delivered", "Cancelled", "RefundProcessed", "RefundRejected"];
/** Listed (not "not in final"), so the status index serves the board. */
const OPEN_STATUSES = ORDER_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export interface StatusRow {
  readonly warehouse: string;
  readonly status: string;
  readonly total: number;
  readonly ages: Readonly<Record<AgeBucket, number>>;
}

export interface WaveRow {
  readonly wave: number;
  readonly warehouse: string;
  readonly status: string;
  readonly cutoff: string | null;
  readonly lines: number;
  readonly units: number;
  readonly picked: number;
  /** Picked ÷ units, 0..1 (null: no lines). */
  readonly progress: number | null;
}

export interface StatusReport {
  readonly report: "status";
  readonly period: ReturnType<typeof periodJson>;
  readonly ageBuckets: readonly AgeBucket[];
  readonly board: readonly StatusRow[];
  readonly waves: readonly WaveRow[];
  readonly cutoff: readonly ({ readonly warehouse: string; readonly cutoff: string; readonly timeZone: string } & CutoffRisk)[];
}

export async function statusReport(ctx: ReportContext): Promise<StatusReport> {
  const { db, scope } = ctx;
  const now = scope.now;
  const [h1, h4, h24] = [1, 4, 24].map((h) => iso(now - h * 3_600_000));
  const board = await sql<{ warehouse: string | null; status: string; a: unknown; b: unknown; c: unknown; d: unknown }>`
    select warehouse, status,
      sum(case when updated_at >= ${h1} then 1 else 0 end) as a,
      sum(case when updated_at < ${h1} and updated_at >= ${h4} then 1 else 0 end) as b,
      sum(case when updated_at < ${h4} and updated_at >= ${h24} then 1 else 0 end) as c,
      sum(case when updated_at < ${h24} then 1 else 0 end) as d
    from (select o.status, o.updated_at, (select min(r.warehouse) from reservations r where r.order_id = o.id) as warehouse
          from orders o where o.status in (${sql.join(OPEN_STATUSES.map((s) => sql`${s}`))}) ${orderInWarehouse(ctx, "o.id")}) x
    group by warehouse, status`.execute(db);
  const rows: StatusRow[] = board.rows.map((r) => {
    const ages = { "<1h": n(r.a), "1-4h": n(r.b), "4-24h": n(r.c), ">24h": n(r.d) } as Record<AgeBucket, number>;
    return { warehouse: r.warehouse ?? "-", status: r.status, total: AGE_BUCKETS.reduce((t, b) => t + ages[b], 0), ages };
  });
  const order = ["Pending", "PaymentPending", "Confirmed", "Processing", "Packed", "Shipped", "InTransit", "OutForDelivery"];
  rows.sort((x, y) => x.warehouse.localeCompare(y.warehouse) || rank(order, x.status) - rank(order, y.status) || x.status.localeCompare(y.status));

  const waves = await sql<{ id: unknown; warehouse: string; status: string; cutoff: string | null; lines: unknown; units: unknown; picked: unknown }>`
    select w.id, w.warehouse, w.status, w.cutoff, count(l.id) as lines, sum(l.quantity) as units, sum(l.picked_quantity) as picked
    from waves w left join pick_lists p on p.wave_id = w.id left join pick_list_lines l on l.pick_list_id = p.id
    where w.created_at >= ${ctx.from} and w.created_at < ${ctx.to} ${inWarehouse(ctx, "w.warehouse")}
    group by w.id, w.warehouse, w.status, w.cutoff order by w.id`.execute(db);

  const cutoff = await cutoffRisks(ctx);
  return {
    report: "status",
    period: periodJson(scope),
    ageBuckets: AGE_BUCKETS,
    board: rows,
    waves: waves.rows.map((w) => {
      const units = n(w.units);
      return { wave: n(w.id), warehouse: w.warehouse, status: w.status, cutoff: w.cutoff, lines: n(w.lines), units, picked: n(w.picked), progress: units > 0 ? Math.round((n(w.picked) / units) * 1000) / 1000 : null };
    }),
    cutoff,
  };
}

const rank = (order: string[], s: string) => (order.includes(s) ? order.indexOf(s) : order.length);

/** Each warehouse's cut-off risk now: units still to pick for Confirmed/Processing orders ÷ units picked in the last hour. */
export async function cutoffRisks(ctx: ReportContext): Promise<({ readonly warehouse: string; readonly cutoff: string; readonly timeZone: string } & CutoffRisk)[]> {
  const { db, scope } = ctx;
  const now = scope.now;
  const h1 = iso(now - 3_600_000);
  const held = sql.join(HOLDING_STATES.map((s) => sql`${s}`));
  const remaining = await sql<{ warehouse: string; units: unknown }>`
    select r.warehouse, sum(r.quantity - r.picked_quantity) as units from reservations r join orders o on o.id = r.order_id
    where r.state in (${held}) and o.status in ('Confirmed', 'Processing') ${inWarehouse(ctx, "r.warehouse")} group by r.warehouse`.execute(db);
  const lastHour = await sql<{ warehouse: string; units: unknown }>`
    select p.warehouse, sum(${jsonNumber(ctx.dialect, sql.ref("e.detail"), "quantity")}) as units from pick_events e join pick_lists p on p.id = e.pick_list_id
    where e.type = 'item' and e.at >= ${h1} and e.at <= ${iso(now)} ${inWarehouse(ctx, "p.warehouse")} group by p.warehouse`.execute(db);
  return scope.warehouses.map((w) => {
    const units = n(remaining.rows.find((r) => r.warehouse === w.code)?.units);
    const rate = n(lastHour.rows.find((r) => r.warehouse === w.code)?.units);
    return { warehouse: w.code, cutoff: w.cutoff, timeZone: w.timeZone, ...cutoffRisk(units, rate > 0 ? rate : null, now, w.cutoff, w.timeZone) };
  });
}
