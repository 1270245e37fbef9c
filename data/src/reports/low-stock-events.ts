/**
 * `stock.low.v1`: when a SKU's available stock in a warehouse falls to or below its reorder point, the
 * order system (and every other destination) hears it once, through the outbox, in the same
 * transaction that records it was said (stock_low_flags). When the SKU recovers above the point the
 * flag is cleared, so the next fall is announced again. Run by the gateway and `pickpack relay` as a
 * periodic job (reorder points and availability change through many workflows; one check covers all).
 */
import { iso } from "../db/unit-of-work.js";
import { writeStreamEvent } from "../outbox/service.js";
import type { SqlStore } from "../store.js";
import { stockItems } from "./stock.js";

export interface LowStockCheck {
  /** (warehouse, sku) announced now as low. */
  readonly announced: readonly { readonly warehouse: string; readonly sku: string; readonly available: number; readonly reorderPoint: number }[];
  /** (warehouse, sku) back above their reorder point: announced again when they fall again. */
  readonly recovered: readonly { readonly warehouse: string; readonly sku: string }[];
}

export function checkLowStock(store: SqlStore, now: number): Promise<LowStockCheck> {
  return store.transaction(async (tx) => {
    const items = await stockItems(tx.db, store.dialect, now, undefined);
    const low = items.filter((i) => i.belowReorderPoint && i.reorderPoint !== null);
    const flags = await tx.db.selectFrom("stock_low_flags").selectAll().execute();
    const key = (w: string, s: string) => `${w}\u0000${s}`;
    const flagged = new Set(flags.map((f) => key(f.warehouse, f.sku)));
    const lowKeys = new Set(low.map((i) => key(i.warehouse, i.sku)));
    const announced: LowStockCheck["announced"][number][] = [];
    for (const i of low) {
      if (flagged.has(key(i.warehouse, i.sku))) continue;
      const event = { warehouse: i.warehouse, sku: i.sku, available: i.available, reorderPoint: i.reorderPoint! };
      await writeStreamEvent(tx.db, `stock:${i.warehouse}:${i.sku}`, "stock.low.v1", event, now);
      await tx.db.insertInto("stock_low_flags").values({ warehouse: i.warehouse, sku: i.sku, since: iso(now) }).execute();
      announced.push(event);
    }
    const recovered = flags.filter((f) => !lowKeys.has(key(f.warehouse, f.sku))).map((f) => ({ warehouse: f.warehouse, sku: f.sku }));
    for (const r of recovered) await tx.db.deleteFrom("stock_low_flags").where("warehouse", "=", r.warehouse).where("sku", "=", r.sku).execute();
    return { announced, recovered };
  });
}
