/**
 * core's CarrierShipmentLog over the shipments/manifests tables, bound to one transaction.
 * `record` writes the shipments row for the carton being closed (the service passes that context);
 * `listByDate` returns the day's shipments not yet on a manifest; `saveManifest` stores the manifest
 * and stamps its shipments.
 */
import type { Transaction } from "kysely";
import type { CarrierShipment, CarrierShipmentLog, ManifestData, ShippingLabelData } from "@pickpack/core";
import type { Database } from "../schema.js";

export interface PendingShipment {
  readonly orderId: number;
  readonly cartonId: number;
  readonly warehouse: string;
  readonly weightGrams: number;
  /** Adjust the carrier's label (carton n of m across the order's shipments). */
  readonly label: (l: ShippingLabelData) => ShippingLabelData;
}

export class TxShipmentLog implements CarrierShipmentLog {
  readonly #tx: Transaction<Database>;
  readonly #pending: PendingShipment | undefined;
  readonly #now: number;
  recordedId: number | undefined;
  recordedLabel: ShippingLabelData | undefined;

  constructor(tx: Transaction<Database>, now: number, pending?: PendingShipment) {
    this.#tx = tx;
    this.#now = now;
    this.#pending = pending;
  }

  async record(shipment: CarrierShipment): Promise<void> {
    const p = this.#pending;
    if (!p) throw new Error("TxShipmentLog.record: no carton context (shipments are created by closing a carton)");
    const parcel = shipment.parcels[0];
    const first = shipment.labels[0];
    if (!parcel || !first || shipment.parcels.length !== 1) throw new Error(`carrier returned ${shipment.parcels.length} parcels for one carton`);
    const label = p.label(first);
    const row = await this.#tx
      .insertInto("shipments")
      .values({
        order_id: p.orderId,
        carton_id: p.cartonId,
        warehouse: p.warehouse,
        shipment_number: shipment.shipmentNumber,
        carrier: shipment.carrier.code,
        service: shipment.service.code,
        tracking_number: parcel.trackingNumber,
        sscc: parcel.sscc,
        weight_grams: p.weightGrams,
        label_data: JSON.stringify(label),
        carrier_data: JSON.stringify(shipment),
        ship_date: shipment.shipDate,
        created_at: new Date(this.#now).toISOString(),
        manifest_number: null,
        manifest_date: null,
        manifested_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    this.recordedId = Number(row.id);
    this.recordedLabel = label;
  }

  async listByDate(carrierCode: string, date: string): Promise<readonly CarrierShipment[]> {
    const rows = await this.#tx
      .selectFrom("shipments")
      .select("carrier_data")
      .where("carrier", "=", carrierCode)
      .where("ship_date", "=", date)
      .where("manifest_number", "is", null)
      .orderBy("id")
      .execute();
    return rows.map((r) => JSON.parse(r.carrier_data) as CarrierShipment);
  }

  async getManifest(carrierCode: string, date: string): Promise<ManifestData | undefined> {
    const row = await this.#tx.selectFrom("manifests").select("data").where("carrier", "=", carrierCode).where("date", "=", date).executeTakeFirst();
    return row ? (JSON.parse(row.data) as ManifestData) : undefined;
  }

  async saveManifest(manifest: ManifestData): Promise<void> {
    const now = new Date(this.#now).toISOString();
    await this.#tx
      .insertInto("manifests")
      .values({ carrier: manifest.carrier.code, date: manifest.date, manifest_number: manifest.manifestNumber, data: JSON.stringify(manifest), created_at: now })
      .execute();
    const numbers = manifest.shipments.map((s) => s.shipmentNumber);
    if (numbers.length > 0) {
      await this.#tx
        .updateTable("shipments")
        .set({ manifest_number: manifest.manifestNumber, manifest_date: manifest.date, manifested_at: now })
        .where("carrier", "=", manifest.carrier.code)
        .where("shipment_number", "in", numbers)
        .execute();
    }
  }
}
