/**
 * The shipping area's reads: shipments (one query for a listing), manifests, what a close-out would
 * take, and the packing slip (delivery note) of an order. Each takes the database or transaction first.
 */
import type { Kysely } from "kysely";
import { InputError, type Address, type LabelAddress, type ManifestData, type PackingSlipData, type PaperSize, type ShippingLabelData } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import type { StoreTransaction } from "../store.js";
import * as repo from "./repository.js";
import type { ManifestRecord, PendingCloseOut, ShipmentRecord } from "./types.js";
import { defaultWarehouse } from "./warehouse.js";

type Q = Kysely<Database>;

/** An address as a label prints it (empty optional parts left out). */
export function labelAddress(a: Address): LabelAddress {
  const out: { -readonly [K in keyof LabelAddress]: LabelAddress[K] } = { name: a.name, street: a.street, postalCode: a.postalCode, city: a.city, country: a.country };
  if (a.company) out.company = a.company;
  if (a.street2) out.street2 = a.street2;
  if (a.region) out.region = a.region;
  if (a.phone) out.phone = a.phone;
  return out;
}

export const orderNotFound = (ref: string): InputError => new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)}`);

function shipmentsQuery(db: Q) {
  return db
    .selectFrom("shipments")
    .innerJoin("orders", "orders.id", "shipments.order_id")
    .innerJoin("cartons", "cartons.id", "shipments.carton_id")
    .select([
      "shipments.id",
      "shipments.shipment_number",
      "orders.number as order_number",
      "cartons.carton_no",
      "shipments.warehouse",
      "shipments.carrier",
      "shipments.service",
      "shipments.tracking_number",
      "shipments.sscc",
      "shipments.weight_grams",
      "shipments.ship_date",
      "shipments.created_at",
      "shipments.manifest_number",
      "shipments.label_data",
    ]);
}

type ShipmentRow = Awaited<ReturnType<ReturnType<typeof shipmentsQuery>["executeTakeFirstOrThrow"]>>;

const toShipment = (row: ShipmentRow): ShipmentRecord => ({
  id: Number(row.id),
  shipmentNumber: row.shipment_number,
  orderNumber: row.order_number,
  cartonNo: row.carton_no,
  warehouse: row.warehouse,
  carrier: row.carrier,
  service: row.service,
  trackingNumber: row.tracking_number,
  sscc: row.sscc,
  weightGrams: row.weight_grams,
  shipDate: row.ship_date,
  createdAt: row.created_at,
  manifestNumber: row.manifest_number ?? undefined,
  label: JSON.parse(row.label_data) as ShippingLabelData,
});

/** A shipment by its shipment number (e.g. SO-100001-1) or numeric id. */
export async function getShipment(db: Q, ref: string): Promise<ShipmentRecord | undefined> {
  let row = await shipmentsQuery(db).where("shipments.shipment_number", "=", ref).executeTakeFirst();
  if (!row && /^\d{1,9}$/.test(ref)) row = await shipmentsQuery(db).where("shipments.id", "=", Number(ref)).executeTakeFirst();
  return row ? toShipment(row) : undefined;
}

/** Shipments in creation order (optionally of one order, by number or id, and/or one ship date): one query. */
export async function listShipments(db: Q, filter: { readonly order?: string; readonly date?: string } = {}): Promise<ShipmentRecord[]> {
  let q = shipmentsQuery(db).orderBy("shipments.id");
  const order = filter.order;
  if (order) q = q.where((eb) => eb.or([eb("orders.number", "=", order), ...(/^\d+$/.test(order) ? [eb("orders.id", "=", Number(order))] : [])]));
  if (filter.date) q = q.where("shipments.ship_date", "=", filter.date);
  return (await q.execute()).map(toShipment);
}

const toManifest = (r: { manifest_number: string; carrier: string; warehouse: string; date: string; sequence: number; created_at: string; data: string }): ManifestRecord => {
  const manifest = JSON.parse(r.data) as ManifestData;
  return { manifestNumber: r.manifest_number, carrier: r.carrier, warehouse: r.warehouse, date: r.date, sequence: r.sequence, createdAt: r.created_at, shipments: manifest.shipments.length, manifest };
};

/** Manifests, oldest first (optionally of one day and/or warehouse). */
export async function listManifests(db: Q, filter: { readonly date?: string; readonly warehouse?: string } = {}): Promise<ManifestRecord[]> {
  let q = db.selectFrom("manifests").selectAll().orderBy("date").orderBy("warehouse").orderBy("carrier").orderBy("sequence");
  if (filter.date) q = q.where("date", "=", filter.date);
  if (filter.warehouse) q = q.where("warehouse", "=", filter.warehouse);
  return (await q.execute()).map(toManifest);
}

/** One stored manifest by its number (e.g. LC-WH1-20261122-1), for a reprint. */
export async function getManifest(db: Q, manifestNumber: string): Promise<ManifestRecord | undefined> {
  const r = await db.selectFrom("manifests").selectAll().where("manifest_number", "=", manifestNumber).executeTakeFirst();
  return r ? toManifest(r) : undefined;
}

/** Warehouses (and carriers) with shipments of `date` not on a manifest yet: what a close-out of that day would take. */
export async function pendingCloseOuts(db: Q, date: string): Promise<PendingCloseOut[]> {
  const rows = await db
    .selectFrom("shipments")
    .select(["warehouse", "carrier", (eb) => eb.fn.countAll<number>().as("n")])
    .where("ship_date", "=", date)
    .where("manifest_number", "is", null)
    .groupBy(["warehouse", "carrier"])
    .orderBy("warehouse")
    .orderBy("carrier")
    .execute();
  return rows.map((r) => ({ warehouse: r.warehouse, carrier: r.carrier, shipments: Number(r.n) }));
}

/** Delivery note data for an order: its closed cartons with their items (or the ordered lines when nothing is packed yet). */
export async function packingSlip(tx: StoreTransaction, orderRef: string, paper: PaperSize = "A4"): Promise<PackingSlipData> {
  const order = await tx.loadOrder(orderRef);
  if (!order) throw orderNotFound(orderRef);
  const names = await repo.skuNames(tx.db, order.lines.map((l) => l.sku));
  const cartons = await tx.db
    .selectFrom("cartons")
    .leftJoin("shipments", "shipments.carton_id", "cartons.id")
    .select(["cartons.id", "cartons.carton_no", "cartons.warehouse", "cartons.sscc", "shipments.tracking_number", "shipments.shipment_number"])
    .where("cartons.order_id", "=", order.id)
    .where("cartons.status", "=", "closed")
    .orderBy("cartons.carton_no")
    .execute();
  const items = cartons.length === 0 ? [] : await tx.db.selectFrom("carton_items").selectAll().where("carton_id", "in", cartons.map((c) => c.id)).orderBy("line_no").execute();
  const whCode = cartons[0]?.warehouse ?? (await defaultWarehouse(tx.db, order.id));
  const wh = await tx.db.selectFrom("warehouses").select("address").where("code", "=", whCode).executeTakeFirstOrThrow();
  const slipCartons =
    cartons.length > 0
      ? cartons.map((c) => ({
          index: c.carton_no,
          ...(c.sscc ? { sscc: c.sscc } : {}),
          ...(c.tracking_number ? { trackingNumber: c.tracking_number } : {}),
          items: items.filter((i) => i.carton_id === c.id).map((i) => ({ sku: i.sku, description: names.get(i.sku) ?? i.sku, quantity: i.quantity })),
        }))
      : [{ index: 1, items: order.lines.map((l) => ({ sku: l.sku, description: names.get(l.sku) ?? l.sku, quantity: l.quantity })) }];
  // a part-shipped order: what its closed cartons do not hold yet is still to come
  const inCartons = new Map<number, number>();
  for (const i of items) inCartons.set(i.line_no, (inCartons.get(i.line_no) ?? 0) + i.quantity);
  const toCome = order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity - (inCartons.get(l.lineNo) ?? 0) })).filter((l) => l.quantity > 0);
  const note =
    cartons.length === 0
      ? "Not packed yet: ordered items listed."
      : toCome.length > 0
        ? `Part delivery. Still to come in a later parcel: ${toCome.map((l) => `${l.quantity} × ${l.sku} ${names.get(l.sku) ?? ""}`.trim()).join("; ")}.`
        : undefined;
  return {
    paper,
    orderNumber: order.number,
    orderDate: new Date(order.createdAt).toISOString().slice(0, 10),
    ...(cartons.length === 1 && cartons[0]!.shipment_number ? { shipmentNumber: cartons[0]!.shipment_number } : {}),
    shipFrom: labelAddress(JSON.parse(wh.address) as Address),
    shipTo: labelAddress(order.shipTo),
    cartons: slipCartons,
    ...(note ? { note } : {}),
  };
}

/** A shipment by its tracking number or SSCC (a label scanned at the station), with how many cartons its order has. */
export async function shipmentByLabel(db: Q, code: string): Promise<(ShipmentRecord & { readonly cartonsOfOrder: number }) | undefined> {
  const row = await shipmentsQuery(db)
    .where((eb) => eb.or([eb("shipments.tracking_number", "=", code), eb("shipments.sscc", "=", code)]))
    .executeTakeFirst();
  if (!row) return undefined;
  const s = toShipment(row);
  const count = await db
    .selectFrom("cartons")
    .innerJoin("orders", "orders.id", "cartons.order_id")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .where("orders.number", "=", s.orderNumber)
    .executeTakeFirstOrThrow();
  return { ...s, cartonsOfOrder: Number(count.n) };
}

/** What the simulated pack station (`gateway --devices sim`) packs: a packer's badge and the first fully picked Processing order not packed at all, with its lines' barcodes and weights. */
export interface SimPackFixture {
  readonly badge: string | undefined;
  readonly order: string | undefined;
  readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly barcode: string; readonly weightGrams: number }[];
  /** A barcode of a SKU the order does not have (the wrong-item scan). */
  readonly foreignBarcode: string | undefined;
  readonly smallestBoxTareGrams: number | undefined;
}

export async function simPackFixture(db: Q): Promise<SimPackFixture> {
  const badge = (await db.selectFrom("users").select("badge").where("role", "=", "packer").where("badge", "is not", null).orderBy("id").executeTakeFirst())?.badge ?? undefined;
  const order = await db
    .selectFrom("orders")
    .innerJoin("order_lines", "order_lines.order_id", "orders.id")
    .select(["orders.id", "orders.number"])
    .where("orders.status", "=", "Processing")
    .groupBy(["orders.id", "orders.number"])
    .having((eb) => eb.fn.sum("order_lines.packed_quantity"), "=", 0)
    .having((eb) => eb.fn.sum(eb.case().when("order_lines.picked_quantity", "<", eb.ref("order_lines.quantity")).then(1).else(0).end()), "=", 0)
    .orderBy("orders.id")
    .executeTakeFirst();
  const box = await db.selectFrom("box_types").select("tare_grams").orderBy("inner_length_mm").executeTakeFirst();
  if (!order) return { badge, order: undefined, lines: [], foreignBarcode: undefined, smallestBoxTareGrams: box?.tare_grams };
  const lines = await db.selectFrom("order_lines").select(["sku", "quantity"]).where("order_id", "=", order.id).orderBy("line_no").execute();
  const skus = lines.map((l) => l.sku);
  const codes = await db.selectFrom("sku_barcodes").select(["sku", "barcode"]).orderBy("barcode").execute();
  const weights = await db.selectFrom("skus").select(["sku", "weight_grams"]).where("sku", "in", skus).execute();
  return {
    badge,
    order: order.number,
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, barcode: codes.find((c) => c.sku === l.sku)?.barcode ?? l.sku, weightGrams: weights.find((w) => w.sku === l.sku)?.weight_grams ?? 0 })),
    foreignBarcode: codes.find((c) => !skus.includes(c.sku))?.barcode,
    smallestBoxTareGrams: box?.tare_grams,
  };
}
