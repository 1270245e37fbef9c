/**
 * The packing area's types: the service's configuration and the views and outcomes its workflows and
 * reads return. Shared by service.ts, queries.ts, printing.ts and their callers (gateway, CLI).
 */
import type {
  CarrierPort,
  CarrierShipmentLog,
  Cartonization,
  Clock,
  LabelDpi,
  LabelFormat,
  LabelPrinter,
  ManifestData,
  Order,
  ScanRulesConfig,
  SerialSequence,
  ShippingLabelData,
  ShippingLabelRenderer,
  SsccConfig,
  WeightCheck,
  WeightTolerance,
} from "@pickpack/core";
import type { StoreTransaction } from "../store.js";

export { DEFAULT_SERVICE_MAP } from "@pickpack/core";

export interface ActorContext {
  /** ms epoch */
  readonly now: number;
  /** Who did it (user id, "device:…", "cli:…"): recorded on cartons and in the audit trail. */
  readonly actor: string;
}

export interface CarrierDeps {
  readonly sequence: SerialSequence;
  readonly log: CarrierShipmentLog;
  readonly clock: Clock;
}

export interface PackingConfig {
  /** GS1 SSCC: extension digit + company prefix. Default: extension 0, GS1's example prefix 0614141. */
  readonly sscc?: SsccConfig;
  /** Weight check tolerance (default ±50 g or ±5 %, whichever is larger). */
  readonly tolerance?: WeightTolerance;
  /** Cartonization fill factor (default 0.85). */
  readonly fillFactor?: number;
  /** Order service → carrier service code (default express→SAMEDAY, standard→NEXTDAY; codes pass through). */
  readonly serviceMap?: Readonly<Record<string, string>>;
  /** Carrier service when the order's service maps to nothing (default NEXTDAY). */
  readonly defaultService?: string;
  /** Build the carrier for one transaction. Default: the built-in local courier. */
  readonly carrier?: (deps: CarrierDeps) => CarrierPort;
  /** Renders labels when a carton closes (pass an adapter over @pickpack/labels). Without it, closeCarton returns label data only. */
  readonly labels?: ShippingLabelRenderer;
  /** Sends labels to printers (used by `own.closeCarton` with a printer, and by reprints). */
  readonly printer?: LabelPrinter;
  readonly labelFormat?: LabelFormat;
  readonly labelDpi?: LabelDpi;
  /** Scan classification rules (default core's DEFAULT_SCAN_RULES). */
  readonly scanRules?: ScanRulesConfig;
  /** Map a scanned tote id to an order number (the gateway wires it to planning's pick lists). */
  readonly resolveTote?: (tx: StoreTransaction, tote: string) => Promise<string | undefined>;
}

/** GS1's example company prefix 0614141 with extension digit 0 (configure your own). */
export const DEFAULT_SSCC_CONFIG: SsccConfig = { extensionDigit: 0, companyPrefix: "0614141" };

export interface PackLineView {
  readonly lineNo: number;
  readonly sku: string;
  readonly name: string;
  readonly ordered: number;
  readonly packed: number;
}

export interface CartonView {
  readonly cartonNo: number;
  readonly status: "open" | "closed";
  readonly warehouse: string;
  readonly box: string | undefined;
  readonly boxReason: string | undefined;
  readonly items: readonly { readonly lineNo: number; readonly sku: string; readonly quantity: number }[];
  readonly expectedWeightGrams: number | undefined;
  readonly measuredWeightGrams: number | undefined;
  readonly weightVerdict: string | undefined;
  readonly weightOverrideBy: string | undefined;
  readonly sscc: string | undefined;
  readonly shipmentNumber: string | undefined;
  readonly trackingNumber: string | undefined;
}

export interface PackView {
  readonly orderNumber: string;
  readonly status: Order["status"];
  /** The pack station's warehouse the view is for (lines, cartons and progress are that warehouse's), or undefined for the whole order. */
  readonly warehouse: string | undefined;
  /** Units still to pack that ship from other warehouses (in their own cartons); empty for the whole-order view. */
  readonly elsewhere: readonly { readonly lineNo: number; readonly sku: string; readonly name: string; readonly warehouse: string; readonly quantity: number }[];
  readonly lines: readonly PackLineView[];
  readonly cartons: readonly CartonView[];
  readonly openCarton: number | undefined;
  /** Box for the open carton (its contents) or, with none open, for the next carton. */
  readonly suggestedBox: string | undefined;
  /** What the scale should show for the open carton: its items plus the tare of its box (or the suggested one); undefined with no open carton or an empty one. */
  readonly openCartonExpectedGrams: number | undefined;
  /** Cartonization of everything not yet packed. */
  readonly plan: Cartonization;
  readonly progress: { readonly ordered: number; readonly packed: number; readonly complete: boolean };
}

export interface ScanItemInput {
  readonly order: string;
  /** The raw scanned barcode (classified with the scan rules and SKU barcodes)… */
  readonly barcode?: string;
  /** …or the SKU itself. */
  readonly sku?: string;
  /** Packing warehouse for a new carton (default: where the order's stock is allocated). */
  readonly warehouse?: string;
  /** The warehouse of the pack station scanning (a unit of a line that ships from another warehouse is refused as PACK_SHIPS_ELSEWHERE). */
  readonly station?: string | undefined;
}

export interface ScanItemOutcome {
  readonly orderNumber: string;
  readonly sku: string;
  readonly name: string;
  readonly lineNo: number;
  readonly cartonNo: number;
  readonly openedCarton: boolean;
  /** Of this SKU on the order, after the scan. */
  readonly packed: number;
  readonly ordered: number;
  /** Units of the whole order still to pack. */
  readonly remaining: number;
}

export interface WeightOutcome {
  readonly cartonNo: number;
  readonly box: string;
  readonly check: WeightCheck;
  readonly overriddenBy?: string;
}

export interface WeightOverride {
  /** Supervisor's user id or badge. */
  readonly supervisor: string;
  readonly reason: string;
}

export interface CloseCartonOutcome {
  readonly orderNumber: string;
  readonly cartonNo: number;
  readonly sscc: string;
  readonly shipmentId: number;
  readonly shipmentNumber: string;
  readonly trackingNumber: string;
  readonly carrier: string;
  readonly label: { readonly data: ShippingLabelData; readonly format: LabelFormat; readonly dpi: LabelDpi; readonly bytes?: Uint8Array };
  /** True when this carton completed the order (now Packed). */
  readonly orderPacked: boolean;
  readonly cartons: number;
}

export interface PrintOutcome {
  readonly printed: boolean;
  readonly target: string;
  readonly jobId?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface ShipmentRecord {
  readonly id: number;
  readonly shipmentNumber: string;
  readonly orderNumber: string;
  readonly cartonNo: number;
  readonly warehouse: string;
  readonly carrier: string;
  readonly service: string;
  readonly trackingNumber: string;
  readonly sscc: string;
  readonly weightGrams: number;
  readonly shipDate: string;
  readonly createdAt: string;
  readonly manifestNumber: string | undefined;
  readonly label: ShippingLabelData;
}

export interface ManifestOutcome {
  readonly manifest: ManifestData;
  /** The warehouse closed out, and the manifest's number within its carrier and day (1, 2, …). */
  readonly warehouse: string;
  readonly sequence: number;
  /** Orders moved Packed → Shipped by this close-out. */
  readonly shipped: readonly string[];
  /** Orders on the manifest that had shipped before the close-out (e.g. `pickpack ship`): nothing to do. */
  readonly alreadyShipped: readonly string[];
  /** Orders on the manifest that stay as they are (not shipped yet), with why. */
  readonly notShipped: readonly { readonly order: string; readonly status: string; readonly reason: string }[];
}

export interface ManifestRecord {
  readonly manifestNumber: string;
  readonly carrier: string;
  readonly warehouse: string;
  readonly date: string;
  readonly sequence: number;
  readonly createdAt: string;
  readonly shipments: number;
  readonly manifest: ManifestData;
}

/** A warehouse with shipments of a day not on a manifest yet. */
export interface PendingCloseOut {
  readonly warehouse: string;
  readonly carrier: string;
  readonly shipments: number;
}

export interface ChooseBoxInput {
  readonly order: string;
  readonly box: string;
  /** Required when the box is not the one cartonization suggests; recorded with the carton. */
  readonly reason?: string;
  /** Packing warehouse when the choice opens a carton. */
  readonly warehouse?: string;
}

export interface RecordWeightInput {
  readonly order: string;
  readonly grams: number;
  readonly override?: WeightOverride;
}

export interface CloseCartonInput {
  readonly order: string;
  readonly format?: LabelFormat;
  readonly dpi?: LabelDpi;
}

export interface ShipInput {
  readonly order: string;
  /** A tracking number from a carrier outside pickpack; without it the order ships with its first shipment's. */
  readonly trackingNumber?: string;
  /** The carrier of `trackingNumber`. */
  readonly carrier?: string;
}

export interface CloseOutInput {
  /** YYYY-MM-DD, the warehouse's local day. */
  readonly date: string;
  readonly warehouse: string;
}

/** Which warehouse a close-out of a day takes: the one named, the only one defined, or none (the caller must choose). */
export type CloseOutTarget =
  | { readonly warehouse: string }
  | { readonly warehouse: undefined; readonly warehouses: readonly string[]; readonly pending: readonly PendingCloseOut[] };
