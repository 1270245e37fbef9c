/** The database schema as Kysely sees it. Times are ISO-8601 UTC strings (sortable, the same on both dialects). */
import type { Generated } from "kysely";
import type { CartonItemsTable, CartonsTable, ManifestsTable, ShipmentsTable } from "../packing/tables.js";
import type * as Planning from "../planning/tables.js";
import type { ApiIdempotencyTable, ApiKeysTable } from "../api/tables.js";
import type { DeliveriesTable, RelayLeasesTable, WebhookAuditTable, WebhookEndpointsTable } from "../outbox/tables.js";
import type { InboxTable } from "../inbox/tables.js";
import type { CarrierEventsTable } from "../carrier/tables.js";
import type { ReorderPointsTable, StockLowFlagsTable } from "../reports/tables.js";
import type { GatewayDevicesTable, GatewayFeedTable, GatewayPairingCodesTable, GatewayScansTable, GatewaySettingsTable } from "../gateway/tables.js";
import type { GatewayPairingAttemptsTable } from "../gateway/pairing-attempts.js";

export interface WarehousesTable {
  code: string;
  name: string;
  address: string; // JSON Address
  latitude: number;
  longitude: number;
  priority: number;
  cutoff: string;
  cost_per_shipment: number;
  time_zone: Generated<string>;
}

export interface LocationsTable {
  warehouse: string;
  code: string;
  zone: string;
  aisle: number;
  position: number;
  level: number;
}

export interface LayoutsTable {
  warehouse: string;
  layout: string; // JSON Layout
}

export interface SkusTable {
  sku: string;
  name: string;
  weight_grams: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  tracks_lot: number;
  tracks_serial: number;
  tracks_expiry: number;
}

export interface SkuBarcodesTable {
  barcode: string;
  sku: string;
}

export interface StockTable {
  warehouse: string;
  location: string;
  sku: string;
  on_hand: number;
}

export interface BoxTypesTable {
  code: string;
  name: string;
  inner_length_mm: number;
  inner_width_mm: number;
  inner_height_mm: number;
  tare_grams: number;
  max_weight_grams: number;
}

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  badge: string;
}

export interface OrdersTable {
  id: Generated<number>;
  number: string;
  status: string;
  customer: string;
  ship_to: string; // JSON Address
  priority: number;
  carrier: string;
  service: string;
  ship_by: string | null;
  reservation_expires_at: string | null;
  tracking_number: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** "paid" | "pending" (default). */
  payment: Generated<string>;
}

export interface OrderLinesTable {
  order_id: number;
  line_no: number;
  sku: string;
  quantity: number;
  unit_price: number;
  picked_quantity: number;
  packed_quantity: number;
  backordered_quantity: Generated<number>;
}

export interface ReservationsTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  warehouse: string;
  sku: string;
  quantity: number;
  state: string;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** Units of this allocation already picked off a location (0002_planning); shipping decrements only the rest. */
  picked_quantity: Generated<number>;
}

export interface OrderTransitionsTable {
  id: Generated<number>;
  order_id: number;
  from_status: string;
  to_status: string;
  event: string;
  reason: string;
  metadata: string; // JSON
  actor: string;
  at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  type: string;
  /** Null for rows not tied to an order (0012_delivery): those have a `stream`. */
  order_id: number | null;
  /** Sequence within the order (or the stream). */
  order_seq: number;
  payload: string; // JSON
  created_at: string;
  /** Set when every destination that accepts the row has it (see docs/webhooks.md). */
  delivered_at: string | null;
  /** Stream key of a row not tied to an order, e.g. `stock:SKU-1` (0012_delivery). */
  stream: Generated<string | null>;
  /** When the relay fanned the row out to its destinations (0012_delivery). */
  relayed_at: Generated<string | null>;
}

export interface TasksTable {
  id: Generated<number>;
  type: string;
  order_id: number | null;
  warehouse: string | null;
  payload: string; // JSON
  status: string;
  created_at: string;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface Database {
  warehouses: WarehousesTable;
  locations: LocationsTable;
  layouts: LayoutsTable;
  skus: SkusTable;
  sku_barcodes: SkuBarcodesTable;
  stock: StockTable;
  box_types: BoxTypesTable;
  users: UsersTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  reservations: ReservationsTable;
  order_transitions: OrderTransitionsTable;
  outbox: OutboxTable;
  tasks: TasksTable;
  sequences: SequencesTable;
  cartons: CartonsTable;
  carton_items: CartonItemsTable;
  shipments: ShipmentsTable;
  manifests: ManifestsTable;
  waves: Planning.WavesTable;
  wave_orders: Planning.WaveOrdersTable;
  pick_lists: Planning.PickListsTable;
  pick_list_orders: Planning.PickListOrdersTable;
  pick_list_lines: Planning.PickListLinesTable;
  pick_events: Planning.PickEventsTable;
  backorders: Planning.BackordersTable;
  gateway_devices: GatewayDevicesTable;
  gateway_pairing_codes: GatewayPairingCodesTable;
  gateway_scans: GatewayScansTable;
  gateway_feed: GatewayFeedTable;
  gateway_settings: GatewaySettingsTable;
  gateway_pairing_attempts: GatewayPairingAttemptsTable;
  api_keys: ApiKeysTable;
  api_idempotency: ApiIdempotencyTable;
  deliveries: DeliveriesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_audit: WebhookAuditTable;
  relay_leases: RelayLeasesTable;
  inbox: InboxTable;
  carrier_events: CarrierEventsTable;
  reorder_points: ReorderPointsTable;
  stock_low_flags: StockLowFlagsTable;
}

export type Dialect = "sqlite" | "postgres";
