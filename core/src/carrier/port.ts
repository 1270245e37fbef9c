/**
 * The carrier port: what pickpack needs from any carrier (own fleet today, parcel carriers' APIs
 * later). An adapter turns a ShipmentRequest into tracking numbers and label data, and closes out
 * the day into a manifest. Adapters for real carriers live outside core (they do IO) and implement
 * this same interface; see docs/labels.md "The carrier port".
 */
import type { DimensionsCm, LabelAddress, ManifestData, ShippingLabelData } from "../labels/types.js";
import type { CarrierTrackingEvent, TrackedParcel } from "./tracking.js";

export interface CarrierService {
  /** Stable code used in requests, e.g. "SAMEDAY". */
  readonly code: string;
  /** Printed on the label, e.g. "Same day". */
  readonly name: string;
}

export interface ParcelRequest {
  readonly weightKg: number;
  readonly dimensions?: DimensionsCm;
  /** The carton's SSCC (allocated by pickpack before the carrier is called). */
  readonly sscc: string;
}

/** Where a shipment leaves from: the warehouse code and its IANA time zone (its day is the ship date). */
export interface ShipmentOrigin {
  readonly warehouse: string;
  /** IANA time zone, e.g. "Europe/Berlin"; "UTC" when the warehouse has none. */
  readonly timeZone: string;
}

export interface ShipmentRequest {
  readonly shipmentNumber: string;
  /** The shipping warehouse: manifests are per warehouse, ship dates in its time zone. */
  readonly origin: ShipmentOrigin;
  readonly orderNumber: string;
  /** A service code from `services()`. */
  readonly service: string;
  readonly shipFrom: LabelAddress;
  readonly shipTo: LabelAddress;
  readonly parcels: readonly ParcelRequest[];
  readonly reference?: string;
}

export interface CarrierParcel {
  /** 1-based. */
  readonly index: number;
  readonly trackingNumber: string;
  readonly sscc: string;
  readonly weightKg: number;
  readonly dimensions?: DimensionsCm;
}

export interface CarrierShipment {
  readonly carrier: { readonly code: string; readonly name: string };
  readonly service: CarrierService;
  readonly shipmentNumber: string;
  readonly orderNumber: string;
  /** Tracking number of the shipment (the first parcel's for carriers without a master number). */
  readonly trackingNumber: string;
  /** The shipping warehouse's code (from the request's origin). */
  readonly warehouse: string;
  /** YYYY-MM-DD, the warehouse's local day (in its time zone) when the shipment was created. */
  readonly shipDate: string;
  readonly shipFrom: LabelAddress;
  readonly shipTo: LabelAddress;
  readonly parcels: readonly CarrierParcel[];
  /** One label per parcel, ready for `renderShippingLabelPdf` / `renderShippingLabelZpl`. */
  readonly labels: readonly ShippingLabelData[];
}

export interface CarrierPort {
  readonly code: string;
  readonly name: string;
  services(): readonly CarrierService[];
  /**
   * Register a shipment with the carrier. Refuses (DomainError) unknown services and parcels the
   * carrier does not take; InputError for malformed requests. Never returns without tracking numbers.
   */
  createShipment(request: ShipmentRequest): Promise<CarrierShipment>;
  /**
   * Close out one warehouse's day: every shipment of that warehouse with ship date `date` that is
   * not on a manifest yet goes on a new manifest (numbered per carrier, warehouse and day: 1, 2, …),
   * which is handed to the driver. Shipments created after a close-out go on the next manifest.
   * Refuses (`MANIFEST_EMPTY`) when there is nothing new to close out.
   */
  closeOut(request: CloseOutRequest): Promise<ManifestData>;
  /**
   * Tracking events of parcels handed over, up to `until` (ms), oldest first, with stable ids (see
   * tracking.ts). Optional: a carrier that pushes its events posts them instead.
   */
  trackingEvents?(parcels: readonly TrackedParcel[], until: number): Promise<readonly CarrierTrackingEvent[]>;
}

export interface CloseOutRequest {
  /** YYYY-MM-DD, the warehouse's local day. */
  readonly date: string;
  readonly warehouse: string;
  /** The warehouse's address, printed on the manifest. */
  readonly shipFrom: LabelAddress;
}

/** The manifest number: carrier, warehouse, day and the day's manifest count, e.g. LC-WH1-20261122-2. */
export function manifestNumber(carrierCode: string, warehouse: string, date: string, sequence: number): string {
  return `${carrierCode}-${warehouse}-${date.replaceAll("-", "")}-${sequence}`;
}

/** Where a carrier adapter keeps its shipments until close-out. The store implements it. */
export interface CarrierShipmentLog {
  record(shipment: CarrierShipment): Promise<void>;
  /** Shipments of that carrier and warehouse with that ship date that are on no manifest yet, in creation order. */
  listUnmanifested(carrierCode: string, warehouse: string, date: string): Promise<readonly CarrierShipment[]>;
  /** How many manifests that carrier already has for that warehouse and day. */
  countManifests(carrierCode: string, warehouse: string, date: string): Promise<number>;
  /** Store the manifest and mark its shipments as manifested. */
  saveManifest(manifest: ManifestData, key: ManifestKey): Promise<void>;
}

export interface ManifestKey {
  readonly warehouse: string;
  /** 1-based count of the carrier's manifests for that warehouse and day. */
  readonly sequence: number;
}

/** An in-memory CarrierShipmentLog for tests and the demo. */
export class InMemoryCarrierShipmentLog implements CarrierShipmentLog {
  readonly #shipments: CarrierShipment[] = [];
  readonly #manifested = new Set<string>();
  readonly manifests: { readonly manifest: ManifestData; readonly key: ManifestKey }[] = [];
  async record(shipment: CarrierShipment): Promise<void> {
    this.#shipments.push(shipment);
  }
  async listUnmanifested(carrierCode: string, warehouse: string, date: string): Promise<readonly CarrierShipment[]> {
    return this.#shipments.filter((s) => s.carrier.code === carrierCode && s.warehouse === warehouse && s.shipDate === date && !this.#manifested.has(s.shipmentNumber));
  }
  async countManifests(carrierCode: string, warehouse: string, date: string): Promise<number> {
    return this.manifests.filter((m) => m.manifest.carrier.code === carrierCode && m.key.warehouse === warehouse && m.manifest.date === date).length;
  }
  async saveManifest(manifest: ManifestData, key: ManifestKey): Promise<void> {
    this.manifests.push({ manifest, key });
    for (const s of manifest.shipments) this.#manifested.add(s.shipmentNumber);
  }
}
