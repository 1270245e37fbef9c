/** The low-stock watch: announces stock.low.v1 (through the outbox) when a SKU falls to its reorder point; see data's checkLowStock. */
import type { Clock } from "@pickpack/core";
import { checkLowStock, type SqlStore } from "@pickpack/data";
import type { Job } from "./runner.js";

export const LOW_STOCK_CHECK_MS = 60_000;

export function lowStockWatch(store: SqlStore, clock: Clock, everyMs = LOW_STOCK_CHECK_MS): Job {
  return {
    name: "low-stock-watch",
    everyMs,
    run: async () => {
      const out = await checkLowStock(store, clock.now());
      return out.announced.length > 0 || out.recovered.length > 0 ? { low: out.announced.map((a) => `${a.sku}@${a.warehouse}`), recovered: out.recovered.map((r) => `${r.sku}@${r.warehouse}`) } : {};
    },
  };
}
