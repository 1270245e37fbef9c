/**
 * Plain-data inputs and outputs of order splitting (allocation). The store loads these shapes
 * (order lines, per-warehouse available stock) and applies the resulting shipments atomically.
 */

/** How an order is split across warehouses. */
export type AllocationStrategy = "fewest-shipments" | "priority" | "closest";

export const ALLOCATION_STRATEGIES: readonly AllocationStrategy[] = ["fewest-shipments", "priority", "closest"];

export interface GeoPoint {
  /** Degrees, −90..90. */
  readonly latitude: number;
  /** Degrees, −180..180. */
  readonly longitude: number;
}

export interface AllocationLineInput {
  /** Unique within the order. */
  readonly lineId: string;
  readonly sku: string;
  /** Positive integer number of units. */
  readonly quantity: number;
}

export interface WarehouseCandidate {
  readonly code: string;
  /**
   * Units available per SKU: on hand − allocated − active reservations, as the store computes it.
   * SKUs absent from the record have 0 available. Negative values are treated as 0.
   */
  readonly available: Readonly<Record<string, number>>;
  /** Lower number = higher priority (preferred). */
  readonly priority: number;
  /** Where the warehouse is; without it its distance to the ship-to address is unknown. */
  readonly location?: GeoPoint | undefined;
  /** Cost of one shipment leaving this warehouse (any currency unit; only compared). Default 0. */
  readonly costPerShipment?: number | undefined;
  /**
   * The warehouse's cut-off: a local time of day "HH:MM" (as stored on the warehouse) or today's
   * cut-off as an ISO 8601 instant. When the request carries `now` (in the same form) and the
   * cut-off is at or before it, a shipment from here leaves a day later: such warehouses lose
   * tie-breaks against warehouses that still ship today.
   */
  readonly cutoff?: string | undefined;
  /**
   * The warehouse's IANA time zone (e.g. "Europe/Berlin"). With it, a "HH:MM" cut-off is compared
   * with the request's `now` given as an ISO 8601 instant, converted to the warehouse's local time.
   */
  readonly timeZone?: string | undefined;
}

export interface AllocationOptions {
  /**
   * Upper bound on search nodes of the exact `fewest-shipments` search before it falls back to a
   * greedy set cover with improvement (the result then says it is not proven optimal).
   * Default 200,000, which proves every instance with up to 12 candidate warehouses.
   */
  readonly maxSearchNodes?: number;
}

export interface AllocationRequest {
  /** Only used in the trace. */
  readonly orderId?: string | undefined;
  readonly lines: readonly AllocationLineInput[];
  readonly warehouses: readonly WarehouseCandidate[];
  /** The ship-to coordinates, for great-circle distances. */
  readonly shipTo?: GeoPoint | undefined;
  /** Default `fewest-shipments`. */
  readonly strategy?: AllocationStrategy | undefined;
  /**
   * The current time: an ISO 8601 instant (compared with instant cut-offs, and with "HH:MM" cut-offs
   * of warehouses that carry a `timeZone`, in that zone's local time), or "HH:MM" (compared as is
   * with "HH:MM" cut-offs). Without it cut-offs are ignored.
   */
  readonly now?: string | undefined;
  readonly options?: AllocationOptions | undefined;
}

export interface ShipmentLine {
  readonly lineId: string;
  readonly sku: string;
  readonly quantity: number;
}

export interface Shipment {
  readonly warehouse: string;
  readonly lines: readonly ShipmentLine[];
}

export interface LinePart {
  readonly warehouse: string;
  readonly quantity: number;
}

/** Where one order line went, and why. */
export interface LineTrace {
  readonly lineId: string;
  readonly sku: string;
  readonly quantity: number;
  /** Parts in the order they were taken. Their quantities sum to `quantity − missing`. */
  readonly parts: readonly LinePart[];
  readonly missing: number;
  /** True when the line ships from more than one warehouse. */
  readonly split: boolean;
  /** One readable sentence. */
  readonly reason: string;
}

export interface MissingLine {
  readonly lineId: string;
  readonly sku: string;
  /** Units that no warehouse can supply. */
  readonly quantity: number;
}

/** How a warehouse looked to the allocator. */
export interface CandidateTrace {
  readonly code: string;
  readonly priority: number;
  /** Great-circle distance in km; null when either side has no coordinates. */
  readonly distanceKm: number | null;
  readonly costPerShipment: number;
  readonly pastCutoff: boolean;
  /** False when the warehouse holds none of the ordered SKUs. */
  readonly usable: boolean;
}

export interface AllocationSummary {
  readonly shipments: number;
  readonly splitLines: number;
  readonly missedCutoffs: number;
  readonly totalCost: number;
  /** Sum of distances of the chosen warehouses (unknown distances count as half the Earth's circumference). */
  readonly totalDistanceKm: number;
  readonly prioritySum: number;
}

/** What the `fewest-shipments` search proved. */
export interface SearchReport {
  /** True when every candidate set was considered: the result is optimal for all tie-breaks. */
  readonly exhaustive: boolean;
  /** True when no smaller set of warehouses can cover the order (the shipment count is minimal). */
  readonly minimalShipmentsProven: boolean;
  /** Every set with fewer warehouses than this was proven unable to cover the order. */
  readonly lowerBound: number;
  /** Search nodes visited. */
  readonly nodes: number;
  /** Candidate sets of the minimal size that cover the order (when exhaustive). */
  readonly feasibleSets: number;
}

export interface AllocationResult {
  readonly orderId: string | undefined;
  readonly strategy: AllocationStrategy;
  /** One per warehouse used, in the strategy's ranking order. */
  readonly shipments: readonly Shipment[];
  /** One per order line, in input order. */
  readonly lines: readonly LineTrace[];
  /** Lines (or parts of lines) no warehouse can supply; empty when the order is covered. */
  readonly missing: readonly MissingLine[];
  readonly complete: boolean;
  readonly summary: AllocationSummary;
  readonly candidates: readonly CandidateTrace[];
  /** Present for `fewest-shipments`. */
  readonly search: SearchReport | undefined;
  /** Readable explanation, one line per entry (for `allocate --explain`). */
  readonly trace: readonly string[];
}
