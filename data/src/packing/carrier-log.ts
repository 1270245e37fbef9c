/**
 * core's CarrierShipmentLog over the shipments/manifests tables, bound to one transaction.
 * `record` writes the shipments row for the carton being closed (the service passes that context);
 * `listUnmanifested` returns a warehouse's shipments of a day not yet on a manifest; `saveManifest`
 * stores the manifest (numbered per carrier, warehouse and day) and stamps its shipments.
 */
import type { Transaction } from "kysely";
import { DomainError, type CarrierShipment, type CarrierShipmentLog, type ManifestData, type ManifestKey, type ShippingLabelData } from "@pickpack/core";
import type { Database } from "../db/schema.js";

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
  readonly #dialect: "sqlite" | "postgres";
  recordedId: number | undefined;
  recordedLabel: ShippingLabelData | undefined;

  constructor(tx: Transaction<Database>, now: number, pending?: PendingShipment, dialect: "sqlite" | "postgres" = "sqlite") {
    this.#tx = tx;
    this.#dialect = dialect;
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

  async listUnmanifested(carrierCode: string, warehouse: string, date: string): Promise<readonly CarrierShipment[]> {
    let q = this.#tx
      .selectFrom("shipments")
      .select(["carrier_data", "warehouse"])
      .where("carrier", "=", carrierCode)
      .where("warehouse", "=", warehouse)
      .where("ship_date", "=", date)
      .where("manifest_number", "is", null)
      .orderBy("id");
    // PostgreSQL: two close-outs of the same warehouse and day wait for each other (SQLite's write transaction already serialises them)
    if (this.#dialect === "postgres") q = q.forUpdate();
    const rows = await q.execute();
    // shipments stored before 0006 have no warehouse in their carrier data: the row's column is the truth
    return rows.map((r) => ({ ...(JSON.parse(r.carrier_data) as CarrierShipment), warehouse: r.warehouse }));
  }

  async countManifests(carrierCode: string, warehouse: string, date: string): Promise<number> {
    const row = await this.#tx
      .selectFrom("manifests")
      .select((eb) => eb.fn.max<number | null>("sequence").as("n"))
      .where("carrier", "=", carrierCode)
      .where("warehouse", "=", warehouse)
      .where("date", "=", date)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async saveManifest(manifest: ManifestData, key: ManifestKey): Promise<void> {
    const now = new Date(this.#now).toISOString();
    await this.#tx
      .insertInto("manifests")
      .values({ carrier: manifest.carrier.code, warehouse: key.warehouse, date: manifest.date, sequence: key.sequence, manifest_number: manifest.manifestNumber, data: JSON.stringify(manifest), created_at: now })
      .execute();
    const numbers = manifest.shipments.map((s) => s.shipmentNumber);
    if (numbers.length > 0) {
      const res = await this.#tx
        .updateTable("shipments")
        .set({ manifest_number: manifest.manifestNumber, manifest_date: manifest.date, manifested_at: now })
        .where("carrier", "=", manifest.carrier.code)
        .where("warehouse", "=", key.warehouse)
        .where("shipment_number", "in", numbers)
        .where("manifest_number", "is", null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== numbers.length) {
        throw new DomainError("MANIFEST_CONFLICT", `another close-out took shipments of ${key.warehouse} on ${manifest.date} at the same time; run the close-out again`);
      }
    }
  }
}
