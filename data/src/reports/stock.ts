/**
 * `report stock` and `lowStock`: per SKU and warehouse, available units against the reorder point,
 * days of cover at the recent pick rate, over-allocation (held beyond on hand), and open cycle counts.
 */
import { sql } from "kysely";
import { HOLDING_STATES, stockHealth, type StockHealth } from "@pickpack/core";
import type { SqlStore } from "../store.js";
import { iso, jsonNumber, jsonText, n } from "./sql.js";
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
  const held = sql.join(HOLDING_STATES.map((s) => sql`${s}`));
  const wh = (col: string) => (warehouse === undefined ? sql`` : sql`and ${sql.ref(col)} = ${warehouse}`);
  const rows = await sql<{ warehouse: string; sku: string; on_hand: unknown; held: unknown; recent: unknown; reorder_point: unknown; target: unknown }>`
    select k.warehouse, k.sku,
      coalesce((select sum(s.on_hand) from stock s where s.warehouse = k.warehouse and s.sku = k.sku), 0) as on_hand,
      coalesce((select sum(r.quantity - r.picked_quantity) from reservations r where r.warehouse = k.warehouse and r.sku = k.sku and r.state in (${held})
                and (r.expires_at is null or r.expires_at > ${iso(now)})), 0) as held,
      coalesce((select sum(${jsonNumber(dialect, sql.ref("e.detail"), "quantity")}) from pick_events e join pick_lists p on p.id = e.pick_list_id
                where e.type = 'item' and e.at >= ${since} and e.at <= ${iso(now)} and p.warehouse = k.warehouse and ${jsonText(dialect, sql.ref("e.detail"), "sku")} = k.sku), 0) as recent,
      rp.reorder_point, rp.target
    from (select warehouse, sku from reorder_points where 1 = 1 ${wh("warehouse")}
          union select r.warehouse, r.sku from reservations r where r.state in (${held}) ${wh("r.warehouse")} group by r.warehouse, r.sku
            having sum(r.quantity - r.picked_quantity) > coalesce((select sum(s.on_hand) from stock s where s.warehouse = r.warehouse and s.sku = r.sku), 0)) k
    left join reorder_points rp on rp.warehouse = k.warehouse and rp.sku = k.sku
    order by k.warehouse, k.sku`.execute(db);
  return rows.rows.map((r) =>
    stockHealth(
      { warehouse: r.warehouse, sku: r.sku, onHand: n(r.on_hand), held: n(r.held), recentUnits: n(r.recent), reorderPoint: r.reorder_point == null ? null : n(r.reorder_point), reorderTarget: r.target == null ? null : n(r.target) },
      STOCK_RATE_DAYS,
    ),
  );
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
