/**
 * Plain data for every printed document. The store fills these; `@pickpack/labels` renders them to
 * PDF and ZPL. No behaviour here: validation lives in the builders (sscc.ts, gs1-element-string.ts).
 */

/**
 * A postal address as printed on labels. Structurally compatible with the domain `Address`
 * (an `Address` can be passed where a `LabelAddress` is expected).
 */
export interface LabelAddress {
  readonly name: string;
  readonly company?: string;
  readonly street: string;
  readonly street2?: string;
  readonly postalCode: string;
  readonly city: string;
  readonly region?: string;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
  readonly phone?: string;
}

export interface CartonPosition {
  /** 1-based carton number within the shipment. */
  readonly index: number;
  /** Number of cartons in the shipment. */
  readonly count: number;
}

export interface DimensionsCm {
  readonly lengthCm: number;
  readonly widthCm: number;
  readonly heightCm: number;
}

/** One 4×6 in shipping label: one per carton. */
export interface ShippingLabelData {
  readonly shipFrom: LabelAddress;
  readonly shipTo: LabelAddress;
  readonly carrier: { readonly code: string; readonly name: string };
  /** Service name as printed, e.g. "Same day". */
  readonly service: string;
  readonly weightKg: number;
  readonly dimensions?: DimensionsCm;
  readonly orderNumber: string;
  readonly shipmentNumber: string;
  readonly carton: CartonPosition;
  /** Carrier tracking number of this carton (Code 128). */
  readonly trackingNumber: string;
  /** 18-digit SSCC of this carton (GS1-128 with AI 00, lowest barcode). */
  readonly sscc: string;
  /** Ship date, YYYY-MM-DD. */
  readonly shipDate?: string;
  /** Free reference printed small (customer reference, PO). */
  readonly reference?: string;
}

/** GS1 logistic label for a carton or pallet (GS1 General Specifications §6.6). */
export interface LogisticLabelData {
  readonly sscc: string;
  readonly shipFrom?: LabelAddress;
  readonly shipTo?: LabelAddress;
  /** Content of the logistic unit: AI (02) GTIN-14 of the trade items contained, with AI (37) count. */
  readonly content?: { readonly gtin: string; readonly count: number; readonly description?: string };
  /** AI (10) batch/lot. */
  readonly batch?: string;
  /** AI (17) expiry, YYYY-MM-DD (or YYMMDD; DD=00 means end of month). */
  readonly expiry?: string;
  /** AI (420) ship-to postal code (defaults to shipTo.postalCode when given). */
  readonly shipToPostalCode?: string;
  /** Gross weight in kg, AI (3301..3303) depending on decimals. */
  readonly grossWeightKg?: number;
}

export interface PackingSlipItem {
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  readonly lots?: readonly string[];
  readonly serials?: readonly string[];
}

export interface PackingSlipCarton {
  readonly index: number;
  readonly sscc?: string;
  readonly trackingNumber?: string;
  readonly items: readonly PackingSlipItem[];
}

export type PaperSize = "A4" | "Letter";

/** Delivery note packed with the goods. */
export interface PackingSlipData {
  readonly paper: PaperSize;
  readonly orderNumber: string;
  /** YYYY-MM-DD */
  readonly orderDate?: string;
  readonly shipmentNumber?: string;
  readonly shipFrom: LabelAddress;
  readonly shipTo: LabelAddress;
  readonly cartons: readonly PackingSlipCarton[];
  readonly note?: string;
}

export interface PickListStop {
  /** Position in route order, 1-based. */
  readonly sequence: number;
  /** The stop's line id, printed so a short pick can name it even after the trip was re-sequenced. */
  readonly lineId?: number;
  readonly location: string;
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  readonly tote?: string;
  /** The order the stop's units go to (cluster/single picking), printed in a column of its own. */
  readonly order?: string;
  /** What the stop's barcode carries; defaults to the location code. */
  readonly barcode?: string;
}

/** A paper pick list for one wave/route; stops already in route order. */
export interface PickListData {
  readonly paper?: PaperSize;
  readonly pickListId: string;
  readonly waveId?: string;
  /** The warehouse the trip walks (printed in the header). */
  readonly warehouse?: string;
  /** The picker assigned; without one the header leaves a line to write the name on. */
  readonly picker?: string;
  /** As printed: give it in the warehouse's local time (e.g. "2026-12-01 14:05 Europe/Berlin"). */
  readonly createdAt?: string;
  readonly totalDistanceM: number;
  readonly stops: readonly PickListStop[];
}

export interface ManifestShipment {
  readonly shipmentNumber: string;
  readonly orderNumber: string;
  readonly trackingNumber: string;
  readonly service: string;
  readonly parcels: number;
  readonly weightKg: number;
  readonly shipTo: Pick<LabelAddress, "name" | "postalCode" | "city" | "country">;
}

/** The day's close-out list handed to the driver. */
export interface ManifestData {
  readonly paper?: PaperSize;
  readonly carrier: { readonly code: string; readonly name: string };
  /** YYYY-MM-DD */
  readonly date: string;
  readonly manifestNumber: string;
  readonly shipFrom: LabelAddress;
  readonly shipments: readonly ManifestShipment[];
  readonly totals: { readonly shipments: number; readonly parcels: number; readonly weightKg: number };
}
