/** Tables of the shipping area (migration 0004_shipping). Times are ISO-8601 UTC strings. */
import type { Generated } from "kysely";

export interface CartonsTable {
  id: Generated<number>;
  order_id: number;
  /** 1-based within the order. */
  carton_no: number;
  warehouse: string;
  /** "open" | "closed" */
  status: string;
  box_type: string | null;
  /** What cartonization suggested when the packer chose another box. */
  box_suggested: string | null;
  box_reason: string | null;
  expected_weight_grams: number | null;
  measured_weight_grams: number | null;
  /** "ok" | "too_light" | "too_heavy" */
  weight_verdict: string | null;
  weight_override_by: string | null;
  weight_override_reason: string | null;
  sscc: string | null;
  opened_by: string;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

export interface CartonItemsTable {
  carton_id: number;
  line_no: number;
  sku: string;
  quantity: number;
}

export interface ShipmentsTable {
  id: Generated<number>;
  order_id: number;
  carton_id: number;
  warehouse: string;
  shipment_number: string;
  carrier: string;
  service: string;
  tracking_number: string;
  sscc: string;
  weight_grams: number;
  /** JSON ShippingLabelData: what `pickpack label SHIPMENT_ID` renders. */
  label_data: string;
  /** JSON CarrierShipment as the carrier returned it. */
  carrier_data: string;
  /** YYYY-MM-DD in the warehouse's day. */
  ship_date: string;
  created_at: string;
  manifest_number: string | null;
  manifest_date: string | null;
  manifested_at: string | null;
}

/** One close-out (migration 0006_manifests): several per carrier, warehouse and day, numbered by `sequence`. */
export interface ManifestsTable {
  id: Generated<number>;
  carrier: string;
  warehouse: string;
  /** YYYY-MM-DD, the warehouse's local day. */
  date: string;
  /** 1-based within carrier, warehouse and day. */
  sequence: number;
  manifest_number: string;
  /** JSON ManifestData */
  data: string;
  created_at: string;
}
