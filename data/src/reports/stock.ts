/**
 * `report stock` and `lowStock`: per SKU and warehouse, available units against the reorder point,
 * days of cover at the recent pick rate, over-allocation (held beyond on hand), and open cycle counts.
 */
import { sql } from "kysely";
import { stockHealth, type StockHealth } from "@pickpack/core";
import { listStock } from "../stock/availability.js";
import type { SqlStore } from "../store.js";
import { iso, jsonNumber, n } from "./sql.js";
import { inWarehouse, periodJson, type ReportContext } from "./scope.js";

/** Days of picks the recent rate is taken over. */
export const STOCK_RATE_DAYS = 7;

export interface StockReport {
  readonly report: "stock";
  readonly period: ReturnType<typeof periodJson>;
  readonly rateWindowDays: number;
  readonly belowReorderPoint: readonly StockHealth[];
  readonly overAllocated: readonly StockHealth[];
  /** Every SKU/warehouse with a reorder point or over-allocation. */
  readonly items: readonly StockHealth[];
  readonly openCycleCounts: readonly { readonly id: number; readonly warehouse: string | null; readonly location: string | null; readonly sku: string | null; readonly createdAt: string }[];
}

export async function stockItems(db: ReportContext["db"], dialect: ReportContext["dialect"], now: number, warehouse: string | undefined): Promise<StockHealth[]> {
  const since = iso(now - STOCK_RATE_DAYS * 86_400_000);
  const wh = (col: string) => (warehouse === undefined ? sql`` : sql`and ${sql.ref(col)} = ${warehouse}`);
  // On hand and held units as availability counts them (stock/availability.ts, core's arithmetic), plus
  // the reorder points and the units picked in the window.
  const [points, positions, recentRows] = await Promise.all([
    sql<{ warehouse: string; sku: string; reorder_point: unknown; target: unknown }>`select warehouse, sku, reorder_point, target from reorder_points where 1 = 1 ${wh("warehouse")}`.execute(db),
    listStock(db, { now, ...(warehouse !== undefined ? { warehouse } : {}) }),
    sql<{ warehouse: string; sku: string; units: unknown }>`
      select p.warehouse, l.sku, sum(${jsonNumber(dialect, sql.ref("e.detail"), "quantity")}) as units
      from pick_events e join pick_lists p on p.id = e.pick_list_id join pick_list_lines l on l.id = e.line_id
      where e.type = 'item' and e.at >= ${since} and e.at <= ${iso(now)} ${wh("p.warehouse")} group by p.warehouse, l.sku`.execute(db),
  ]);
  const key = (w: string, s: string) => `${w}\u0000${s}`;
  const heldBy = new Map(positions.map((p) => [key(p.warehouse, p.sku), p.allocated + p.reserved]));
  const onHandBy = new Map(positions.map((p) => [key(p.warehouse, p.sku), p.onHand]));
  const recentBy = new Map(recentRows.rows.map((r) => [key(r.warehouse, r.sku), n(r.units)]));
  const pointBy = new Map(points.rows.map((r) => [key(r.warehouse, r.sku), r]));
  const keys = new Set([...pointBy.keys(), ...[...heldBy].filter(([k, h]) => h > (onHandBy.get(k) ?? 0)).map(([k]) => k)]);
  return [...keys]
    .map((k) => {
      const [w, s] = k.split("\u0000") as [string, string];
      const p = pointBy.get(k);
      return stockHealth(
        { warehouse: w, sku: s, onHand: onHandBy.get(k) ?? 0, held: heldBy.get(k) ?? 0, recentUnits: recentBy.get(k) ?? 0, reorderPoint: p ? n(p.reorder_point) : null, reorderTarget: p?.target == null ? null : n(p.target) },
        STOCK_RATE_DAYS,
      );
    })
    .sort((a, b) => (a.warehouse < b.warehouse ? -1 : a.warehouse > b.warehouse ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

export async function stockReport(ctx: ReportContext): Promise<StockReport> {
  const items = await stockItems(ctx.db, ctx.dialect, ctx.scope.now, ctx.scope.warehouse);
  const tasks = await sql<{ id: unknown; warehouse: string | null; payload: string; created_at: string }>`
    select t.id, t.warehouse, t.payload, t.created_at from tasks t where t.type = 'cycle-count' and t.status = 'open' ${inWarehouse(ctx, "t.warehouse")} order by t.id`.execute(ctx.db);
  return {
    report: "stock",
    period: periodJson(ctx.scope),
    rateWindowDays: STOCK_RATE_DAYS,
    belowReorderPoint: items.filter((i) => i.belowReorderPoint),
    overAllocated: items.filter((i) => i.overAllocated > 0),
    items,
    openCycleCounts: tasks.rows.map((t) => {
      const p = safeJson(t.payload);
      return { id: n(t.id), warehouse: t.warehouse, location: str(p.location), sku: str(p.sku), createdAt: t.created_at };
    }),
  };
}

/** SKUs at or below their reorder point, per warehouse (for the `stock.low.v1` event and the low-stock alert). */
export async function lowStock(store: SqlStore, options: { now: number; warehouse?: string }): Promise<StockHealth[]> {
  return (await stockItems(store.kysely, store.dialect, options.now, options.warehouse)).filter((i) => i.belowReorderPoint);
}

function safeJson(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
