/** The reports area's table (migration 0014_reports): per-SKU reorder points and targets per warehouse. */
export interface ReorderPointsTable {
  warehouse: string;
  sku: string;
  /** Reorder when available units (on hand − held) fall to this or below. */
  reorder_point: number;
  /** Order up to this many units (null: up to the reorder point). */
  target: number | null;
  updated_at: string;
}

/** A SKU below its reorder point in a warehouse that stock.low.v1 was sent for, since when. */
export interface StockLowFlagsTable {
  warehouse: string;
  sku: string;
  since: string;
}
