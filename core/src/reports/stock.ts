/** Stock health per SKU and warehouse: below the reorder point, days of cover at the recent rate, over-allocation. */

export interface StockFacts {
  readonly warehouse: string;
  readonly sku: string;
  readonly onHand: number;
  /** Units held by active reservations. */
  readonly held: number;
  /** Units picked over the rate window. */
  readonly recentUnits: number;
  readonly reorderPoint: number | null;
  readonly reorderTarget: number | null;
}

export interface StockHealth extends StockFacts {
  readonly available: number;
  /** Days the on-hand stock lasts at the recent daily rate; null when nothing moved. */
  readonly daysOfCover: number | null;
  readonly belowReorderPoint: boolean;
  /** Units to order to reach the target (0 when not below the reorder point). */
  readonly suggestedOrder: number;
  /** Held units beyond on-hand. */
  readonly overAllocated: number;
}

export function stockHealth(f: StockFacts, rateWindowDays: number): StockHealth {
  const daily = rateWindowDays > 0 ? f.recentUnits / rateWindowDays : 0;
  const belowReorderPoint = f.reorderPoint !== null && f.onHand - f.held <= f.reorderPoint;
  return {
    ...f,
    available: Math.max(0, f.onHand - f.held),
    daysOfCover: daily > 0 ? Math.round((f.onHand / daily) * 10) / 10 : null,
    belowReorderPoint,
    suggestedOrder: belowReorderPoint ? Math.max(0, (f.reorderTarget ?? f.reorderPoint ?? 0) - (f.onHand - f.held)) : 0,
    overAllocated: Math.max(0, f.held - f.onHand),
  };
}
