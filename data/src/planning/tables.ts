/** Planning tables (migration 0002_planning): waves, pick lists and their lines, pick events, back-orders. */
import type { Generated } from "kysely";

// Statuses are declared once, in core (wave: core/planning, pick list and line: core/picking).
export type { WaveStatus, PickListStatus, PickLineStatus } from "@pickpack/core";

export interface WavesTable {
  id: Generated<number>;
  warehouse: string;
  mode: string;
  status: string;
  cutoff: string | null;
  priority: number;
  carrier: string;
  created_at: string;
  released_at: string | null;
  created_by: string;
}

export interface WaveOrdersTable {
  wave_id: number;
  order_id: number;
}

export interface PickListsTable {
  id: Generated<number>;
  wave_id: number;
  warehouse: string;
  /** Trip number inside the wave, 1-based. */
  sequence: number;
  mode: string;
  status: string;
  picker: string | null;
  pack_station: string | null;
  /** Route length depot → stops → depot, in the layout's unit. */
  distance: number;
  /** 1 when the route is proven shortest. */
  optimal: number;
  totes: number;
  created_at: string;
  updated_at: string;
}

export interface PickListOrdersTable {
  pick_list_id: number;
  order_id: number;
  /** JSON number[]: the order's totes on the cart (empty in batch mode). */
  totes: string;
}

export interface PickListLinesTable {
  id: Generated<number>;
  pick_list_id: number;
  /** Visiting order on the trip (route order; skipped lines get a sequence past the last). */
  seq: number;
  location: string;
  aisle: number;
  position: number;
  sku: string;
  quantity: number;
  picked_quantity: number;
  order_id: number;
  line_no: number;
  /** Tote number on the cart, null in batch mode (sorted at the pack station). */
  tote: number | null;
  status: string;
  location_confirmed: number;
  /** Why the line exists when it was not planned with the wave (e.g. "re-allocated after short pick on line 12"). */
  note: string | null;
  updated_at: string;
}

export interface PickEventsTable {
  id: Generated<number>;
  pick_list_id: number | null;
  line_id: number | null;
  order_id: number | null;
  type: string;
  detail: string; // JSON
  actor: string;
  at: string;
}

export interface BackordersTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  sku: string;
  quantity: number;
  /** The warehouse that came up short. */
  warehouse: string | null;
  status: string;
  created_at: string;
}
