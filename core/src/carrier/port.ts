/**
 * The carrier port: what pickpack needs from any carrier (own fleet today, parcel carriers' APIs
 * later). An adapter turns a ShipmentRequest into tracking numbers and label data, and closes out
 * the day into a manifest. Adapters for real carriers live outside core (they do IO) and implement
 * this same interface; see docs/labels.md "The carrier port".
 */
import type { DimensionsCm, LabelAddress, ManifestData, ShippingLabelData } from "../labels/types.js";

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

export interface ShipmentRequest {
  readonly shipmentNumber: string;
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
  /** YYYY-MM-DD, in the warehouse's day. */
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
   * Close out a day: every shipment created for `date` (YYYY-MM-DD) and not yet closed goes on the
   * manifest, which is handed to the driver. Closing an already-closed day returns the same manifest.
   */
  closeOut(date: string): Promise<ManifestData>;
}

/** Where a carrier adapter keeps its shipments until close-out. The store implements it. */
export interface CarrierShipmentLog {
  record(shipment: CarrierShipment): Promise<void>;
  /** Shipments of that carrier with that ship date, in creation order. */
  listByDate(carrierCode: string, date: string): Promise<readonly CarrierShipment[]>;
  /** The manifest stored for that carrier/date, if the day was closed. */
  getManifest(carrierCode: string, date: string): Promise<ManifestData | undefined>;
  saveManifest(manifest: ManifestData): Promise<void>;
}

/** An in-memory CarrierShipmentLog for tests and the demo. */
export class InMemoryCarrierShipmentLog implements CarrierShipmentLog {
  readonly #shipments: CarrierShipment[] = [];
  readonly #manifests = new Map<string, ManifestData>();
  async record(shipment: CarrierShipment): Promise<void> {
    this.#shipments.push(shipment);
  }
  async listByDate(carrierCode: string, date: string): Promise<readonly CarrierShipment[]> {
    return this.#shipments.filter((s) => s.carrier.code === carrierCode && s.shipDate === date);
  }
  async getManifest(carrierCode: string, date: string): Promise<ManifestData | undefined> {
    return this.#manifests.get(`${carrierCode}/${date}`);
  }
  async saveManifest(manifest: ManifestData): Promise<void> {
    this.#manifests.set(`${manifest.carrier.code}/${manifest.date}`, manifest);
  }
}
