/**
 * The shipping workflows of the packing service, each inside the caller's transaction: close a
 * carton (SSCC, shipment through the carrier port, label; the order goes Packed with its last
 * carton), ship an order, and close out a warehouse's day (manifest; the orders it completes ship).
 * Each loads what it needs, asks core/packing's rules, saves, and writes the outbox in the same
 * transaction.
 */
import {
  DomainError,
  InputError,
  LocalCourier,
  SsccAllocator,
  carrierServiceFor,
  cartonCount,
  checkWeighedForClose,
  closeOutVerdict,
  closePackCarton,
  shipTracking,
  type Address,
  type CarrierPort,
  type CarrierShipmentLog,
  type CartonizeOptions,
  type Clock,
  type Order,
  type SerialSequence,
  type SsccConfig,
  type TransitionOutput,
} from "@pickpack/core";
import type { StoreTransaction } from "../store.js";
import { TxShipmentLog } from "./carrier-log.js";
import { planRest } from "./pack-view.js";
import { renderLabel } from "./printing.js";
import { labelAddress, orderNotFound } from "./queries.js";
import * as repo from "./repository.js";
import { StoreSerialSequence } from "./sequence.js";
import type { ActorContext, CloseCartonInput, CloseCartonOutcome, CloseOutInput, ManifestOutcome, PackingConfig, ShipInput } from "./types.js";

/** What the shipping workflows need from the service's configuration. */
export interface ShippingSettings {
  readonly config: PackingConfig;
  readonly sscc: SsccConfig;
  readonly cartonize: CartonizeOptions;
}

function carrierFor(config: PackingConfig, sequence: SerialSequence, log: CarrierShipmentLog, now: number): CarrierPort {
  const clock: Clock = { now: () => now };
  return config.carrier ? config.carrier({ sequence, log, clock }) : new LocalCourier({ sequence, log, clock });
}

/** Close the open carton of a packable order (weighed since its last change, with a box). */
export async function closeCarton(s: ShippingSettings, tx: StoreTransaction, order: Order, input: CloseCartonInput, ctx: ActorContext): Promise<CloseCartonOutcome> {
  const state = await repo.loadPackState(tx.db, order);
  const closed = closePackCarton(state);
  if (!closed.ok) throw closed.error;
  const { cartonNo, complete, state: after } = closed.value;
  const row = await repo.cartonByNo(tx.db, order.id, cartonNo);
  const weighed = checkWeighedForClose(order.number, cartonNo, repo.weighingOfRow(row));
  if (!weighed.ok) throw weighed.error;
  const weightGrams = weighed.value.grams;
  const boxes = await repo.boxTypes(tx.db);
  const box = boxes.find((b) => b.code === row.box_type);
  if (!box) throw new DomainError("PACK_NO_BOX_FITS", `carton ${cartonNo} has no box type; choose one`);

  const sequence = new StoreSerialSequence(tx.db);
  const sscc = await new SsccAllocator(s.sscc, sequence).next();
  const count = cartonCount(after, await planRest(tx.db, after, boxes, s.cartonize), cartonNo);
  const log = new TxShipmentLog(tx.db, ctx.now, { orderId: order.id, cartonId: row.id, warehouse: row.warehouse, weightGrams, label: (l) => ({ ...l, carton: { index: cartonNo, count } }) }, tx.dialect);
  const carrier = carrierFor(s.config, sequence, log, ctx.now);
  const warehouse = await repo.findWarehouse(tx.db, row.warehouse);
  if (!warehouse) throw new Error(`carton ${cartonNo} of order ${order.number}: warehouse ${row.warehouse} is gone`);
  const shipment = await carrier.createShipment({
    shipmentNumber: `${order.number}-${cartonNo}`,
    origin: { warehouse: row.warehouse, timeZone: warehouse.time_zone },
    orderNumber: order.number,
    service: carrierServiceFor(order.service, s.config.serviceMap, s.config.defaultService),
    shipFrom: labelAddress(JSON.parse(warehouse.address) as Address),
    shipTo: labelAddress(order.shipTo),
    parcels: [{ weightKg: Math.round(weightGrams) / 1000, sscc, dimensions: { lengthCm: box.innerLengthMm / 10, widthCm: box.innerWidthMm / 10, heightCm: box.innerHeightMm / 10 } }],
  });
  if (log.recordedId === undefined || !log.recordedLabel) throw new Error(`carrier ${carrier.code} did not record shipment ${shipment.shipmentNumber}`);
  await repo.markCartonClosed(tx.db, row.id, sscc, ctx.actor, ctx.now);
  const trackingNumber = shipment.parcels[0]!.trackingNumber;
  await tx.writeOutbox(
    order.id,
    "shipment.created.v1",
    { orderNumber: order.number, shipmentNumber: shipment.shipmentNumber, cartonNo, sscc, trackingNumber, carrier: shipment.carrier.code, service: shipment.service.code, weightKg: Math.round(weightGrams) / 1000, shipDate: shipment.shipDate, warehouse: row.warehouse, box: box.code },
    ctx.now,
  );
  if (complete) {
    const cartons = after.cartons.length;
    await tx.applyOrderEvent(order.number, { type: "MarkPacked", cartons }, ctx);
    const tracking = await repo.shipmentsOfOrder(tx.db, order.id);
    await tx.writeOutbox(order.id, "order.packed.v1", { orderNumber: order.number, cartons, shipments: tracking.map((t) => ({ shipmentNumber: t.shipment_number, trackingNumber: t.tracking_number, sscc: t.sscc })) }, ctx.now);
  }
  const format = input.format ?? s.config.labelFormat ?? "pdf";
  const dpi = input.dpi ?? s.config.labelDpi ?? 203;
  const bytes = await renderLabel(s.config.labels, log.recordedLabel, format, dpi);
  return {
    orderNumber: order.number,
    cartonNo,
    sscc,
    shipmentId: log.recordedId,
    shipmentNumber: shipment.shipmentNumber,
    trackingNumber,
    carrier: shipment.carrier.code,
    label: { data: log.recordedLabel, format, dpi, ...(bytes ? { bytes } : {}) },
    orderPacked: complete,
    cartons: complete ? after.cartons.length : count,
  };
}

/** Packed → Shipped: with the tracking number given, else with the first carton's (SHIP_NO_SHIPMENT when there is none). */
export async function ship(tx: StoreTransaction, input: ShipInput, ctx: ActorContext): Promise<TransitionOutput> {
  const order = await tx.loadOrder(input.order, { lock: true });
  if (!order) throw orderNotFound(input.order);
  const first = (await repo.shipmentsOfOrder(tx.db, order.id))[0];
  const t = shipTracking(order.number, input, first ? { trackingNumber: first.tracking_number, carrier: first.carrier } : undefined);
  if (!t.ok) throw t.error;
  const out = await tx.applyOrderEvent(order.number, { type: "Ship", ...t.value }, ctx);
  // order.shipped.v1 carries every carton's tracking number (the transition knows only the first).
  const shipments = await repo.shipmentsOfOrder(tx.db, order.id);
  const trackingNumbers = shipments.length > 0 ? [...new Set(shipments.map((x) => x.tracking_number))] : [t.value.trackingNumber];
  await tx.writeOutbox(
    order.id,
    "order.shipped.v1",
    { orderNumber: order.number, carrier: t.value.carrier ?? first?.carrier ?? order.carrier, trackingNumbers, shipments: shipments.map((x) => ({ shipmentNumber: x.shipment_number, trackingNumber: x.tracking_number, sscc: x.sscc })) },
    ctx.now,
  );
  return out;
}

/**
 * Close out one warehouse's day with the carrier: its shipments of `date` on no manifest yet go on a
 * new manifest; then every order on it that core's closeOutVerdict lets go ships. Nothing new →
 * MANIFEST_EMPTY (from the carrier).
 */
export async function closeOutManifest(s: ShippingSettings, tx: StoreTransaction, input: CloseOutInput, ctx: ActorContext): Promise<ManifestOutcome> {
  const wh = await repo.findWarehouse(tx.db, input.warehouse);
  if (!wh) {
    const known = await repo.warehouseCodes(tx.db);
    throw new InputError("WAREHOUSE_NOT_FOUND", `no warehouse ${JSON.stringify(input.warehouse)} (known: ${known.join(", ") || "none"})`, [{ field: "warehouse", message: `unknown warehouse ${JSON.stringify(input.warehouse)}` }]);
  }
  const log = new TxShipmentLog(tx.db, ctx.now, undefined, tx.dialect);
  const carrier = carrierFor(s.config, new StoreSerialSequence(tx.db), log, ctx.now);
  const manifest = await carrier.closeOut({ date: input.date, warehouse: wh.code, shipFrom: labelAddress(JSON.parse(wh.address) as Address) });
  const sequence = await repo.manifestSequence(tx.db, manifest.manifestNumber);
  const shipped: string[] = [];
  const notShipped: { order: string; status: string; reason: string }[] = [];
  const alreadyShipped: string[] = [];
  for (const number of [...new Set(manifest.shipments.map((x) => x.orderNumber))]) {
    const order = await tx.loadOrder(number, { lock: true });
    if (!order) continue;
    const verdict = closeOutVerdict(order.status, order.status === "Packed" ? await repo.unmanifestedShipmentsOf(tx.db, order.id) : []);
    if (!verdict.ship && verdict.alreadyShipped) {
      alreadyShipped.push(number);
      continue;
    }
    if (!verdict.ship) {
      notShipped.push({ order: number, status: order.status, reason: verdict.reason });
      continue;
    }
    await ship(tx, { order: number }, ctx);
    shipped.push(number);
  }
  return { manifest, warehouse: wh.code, sequence, shipped, alreadyShipped, notShipped };
}
