/**
 * `report throughput`: orders, lines and units picked and packed per hour (in the report's zone), per
 * warehouse, per picker and per packer. Per-person rates count active time only: the gaps between a
 * person's consecutive events up to the idle threshold (core's activeRate, here as a window function).
 */
import { sql } from "kysely";
import { DEFAULT_IDLE_GAP_MS, hourBuckets, localDate, perHour } from "@pickpack/core";
import { epochMs, jsonNumber, n } from "./sql.js";
import { inWarehouse, periodJson, type ReportContext } from "./scope.js";

export interface HourRow {
  /** Local date (YYYY-MM-DD) and hour (HH:MM) in the report's zone. */
  readonly date: string;
  readonly hour: string;
  /** Start of the hour, ISO UTC. */
  readonly start: string;
  readonly picked: { readonly orders: number; readonly lines: number; readonly units: number };
  readonly packed: { readonly orders: number; readonly cartons: number; readonly units: number };
}

export interface PersonRate {
  /** The actor recorded on the events (the picker's or packer's user id). */
  readonly person: string;
  /** Item scans (pickers) or cartons closed (packers). */
  readonly events: number;
  /** Distinct pick lines (pickers) or cartons (packers). */
  readonly lines: number;
  readonly units: number;
  readonly activeMinutes: number;
  readonly unitsPerHour: number | null;
}

export interface ThroughputReport {
  readonly report: "throughput";
  readonly period: ReturnType<typeof periodJson>;
  readonly idleGapMinutes: number;
  readonly totals: { readonly picked: { orders: number; lines: number; units: number }; readonly packed: { orders: number; cartons: number; units: number } };
  readonly warehouses: readonly { readonly warehouse: string; readonly pickedUnits: number; readonly packedUnits: number }[];
  readonly hours: readonly HourRow[];
  readonly pickers: readonly PersonRate[];
  readonly packers: readonly PersonRate[];
}

export async function throughputReport(ctx: ReportContext, idleGapMs = DEFAULT_IDLE_GAP_MS): Promise<ThroughputReport> {
  const { db, dialect, from, to } = ctx;
  const qty = jsonNumber(dialect, sql.ref("e.detail"), "quantity");
  const picks = sql`from pick_events e join pick_lists p on p.id = e.pick_list_id where e.type = 'item' and e.at >= ${from} and e.at < ${to} ${inWarehouse(ctx, "p.warehouse")}`;
  const closed = sql`from cartons c where c.status = 'closed' and c.closed_at >= ${from} and c.closed_at < ${to} ${inWarehouse(ctx, "c.warehouse")}`;
  const cartonUnits = sql`(select coalesce(sum(i.quantity), 0) from carton_items i where i.carton_id = c.id)`;

  const [pickHours, packHours, pickTotal, packTotal, pickWh, packWh, pickers, packers] = await Promise.all([
    sql<{ hour: string; orders: unknown; lines: unknown; units: unknown }>`select substr(e.at, 1, 13) as hour, count(distinct e.order_id) as orders, count(distinct e.line_id) as lines, sum(${qty}) as units ${picks} group by substr(e.at, 1, 13)`.execute(db),
    sql<{ hour: string; orders: unknown; cartons: unknown; units: unknown }>`select substr(c.closed_at, 1, 13) as hour, count(distinct c.order_id) as orders, count(*) as cartons, sum(${cartonUnits}) as units ${closed} group by substr(c.closed_at, 1, 13)`.execute(db),
    sql<{ orders: unknown; lines: unknown; units: unknown }>`select count(distinct e.order_id) as orders, count(distinct e.line_id) as lines, sum(${qty}) as units ${picks}`.execute(db),
    sql<{ orders: unknown; cartons: unknown; units: unknown }>`select count(distinct c.order_id) as orders, count(*) as cartons, sum(${cartonUnits}) as units ${closed}`.execute(db),
    sql<{ warehouse: string; units: unknown }>`select p.warehouse as warehouse, sum(${qty}) as units ${picks} group by p.warehouse`.execute(db),
    sql<{ warehouse: string; units: unknown }>`select c.warehouse as warehouse, sum(${cartonUnits}) as units ${closed} group by c.warehouse`.execute(db),
    personRates(ctx, sql`select e.actor as person, e.line_id as line, ${qty} as units, ${epochMs(dialect, sql.ref("e.at"))} as t, e.id as seq ${picks}`, idleGapMs),
    personRates(ctx, sql`select c.closed_by as person, c.id as line, ${cartonUnits} as units, ${epochMs(dialect, sql.ref("c.closed_at"))} as t, c.id as seq ${closed}`, idleGapMs),
  ]);
  const pickBy = new Map(pickHours.rows.map((r) => [r.hour, r]));
  const packBy = new Map(packHours.rows.map((r) => [r.hour, r]));
  const hours = hourBuckets(ctx.scope.period).map((b): HourRow => {
    const key = new Date(b.start).toISOString().slice(0, 13);
    const p = pickBy.get(key);
    const k = packBy.get(key);
    return { date: localDate(b.start, ctx.scope.period.timeZone), hour: b.label, start: new Date(b.start).toISOString(), picked: { orders: n(p?.orders), lines: n(p?.lines), units: n(p?.units) }, packed: { orders: n(k?.orders), cartons: n(k?.cartons), units: n(k?.units) } };
  });
  const whs = new Set([...pickWh.rows.map((r) => r.warehouse), ...packWh.rows.map((r) => r.warehouse)]);
  const pt = pickTotal.rows[0];
  const kt = packTotal.rows[0];
  return {
    report: "throughput",
    period: periodJson(ctx.scope),
    idleGapMinutes: idleGapMs / 60_000,
    totals: { picked: { orders: n(pt?.orders), lines: n(pt?.lines), units: n(pt?.units) }, packed: { orders: n(kt?.orders), cartons: n(kt?.cartons), units: n(kt?.units) } },
    warehouses: [...whs].sort().map((w) => ({ warehouse: w, pickedUnits: n(pickWh.rows.find((r) => r.warehouse === w)?.units), packedUnits: n(packWh.rows.find((r) => r.warehouse === w)?.units) })),
    hours,
    pickers,
    packers,
  };
}

/** Per person: events, distinct lines, units and active time (gaps ≤ idle threshold), from rows (person, line, units, t, seq). */
async function personRates(ctx: ReportContext, rows: ReturnType<typeof sql>, idleGapMs: number): Promise<PersonRate[]> {
  const out = await sql<{ person: string; events: unknown; lines: unknown; units: unknown; active: unknown }>`
    select person, count(*) as events, count(distinct line) as lines, sum(units) as units,
           sum(case when gap is not null and gap <= ${idleGapMs} then gap else 0 end) as active
    from (select person, line, units, round(t - lag(t) over (partition by person order by t, seq)) as gap from (${rows}) r) x
    group by person order by sum(units) desc, person`.execute(ctx.db);
  return out.rows.map((r) => {
    const activeMs = Math.round(n(r.active));
    return { person: r.person, events: n(r.events), lines: n(r.lines), units: n(r.units), activeMinutes: Math.round(activeMs / 6000) / 10, unitsPerHour: perHour(n(r.units), activeMs) };
  });
}
