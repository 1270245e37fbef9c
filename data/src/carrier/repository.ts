/** Carrier tracking queries: parcels out with a carrier, shipments by tracking number, carrier events recorded once. */
import type { Selectable } from "kysely";
import type { Q } from "../db/unit-of-work.js";
import type { CarrierEventsTable } from "./tables.js";

/** Statuses in which an order's parcels are with the carrier. */
export const WITH_CARRIER = ["Shipped", "InTransit", "OutForDelivery"] as const;

/** Parcels of a carrier whose order is with the carrier, with when the order shipped (its Shipped transition). */
export async function parcelsWithCarrier(q: Q, carrier: string): Promise<{ trackingNumber: string; orderNumber: string; shippedAt: string }[]> {
  const rows = await q
    .selectFrom("shipments")
    .innerJoin("orders", "orders.id", "shipments.order_id")
    .innerJoin("order_transitions", (j) => j.onRef("order_transitions.order_id", "=", "orders.id").on("order_transitions.to_status", "=", "Shipped"))
    .select(["shipments.tracking_number", "orders.number", "order_transitions.at"])
    .where("shipments.carrier", "=", carrier)
    .where("orders.status", "in", [...WITH_CARRIER])
    .orderBy("shipments.id")
    .execute();
  const out = new Map<string, { trackingNumber: string; orderNumber: string; shippedAt: string }>();
  for (const r of rows) {
    const seen = out.get(r.tracking_number);
    if (!seen || r.at > seen.shippedAt) out.set(r.tracking_number, { trackingNumber: r.tracking_number, orderNumber: r.number, shippedAt: r.at });
  }
  return [...out.values()];
}

export async function shipmentByTracking(q: Q, trackingNumber: string): Promise<{ orderId: number; orderNumber: string; shipmentNumber: string; carrier: string } | undefined> {
  const r = await q
    .selectFrom("shipments")
    .innerJoin("orders", "orders.id", "shipments.order_id")
    .select(["shipments.order_id", "orders.number", "shipments.shipment_number", "shipments.carrier"])
    .where("shipments.tracking_number", "=", trackingNumber)
    .executeTakeFirst();
  return r && { orderId: r.order_id, orderNumber: r.number, shipmentNumber: r.shipment_number, carrier: r.carrier };
}

/** Record a carrier event; false when that carrier's event id is recorded already. */
export async function insertCarrierEvent(q: Q, row: Omit<CarrierEventsTable, "id">): Promise<boolean> {
  const r = await q.insertInto("carrier_events").values(row).onConflict((oc) => oc.columns(["carrier", "event_id"]).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function settleCarrierEvent(q: Q, carrier: string, eventId: string, set: { outcome: string; detail: string; order_id: number | null }): Promise<void> {
  await q.updateTable("carrier_events").set(set).where("carrier", "=", carrier).where("event_id", "=", eventId).execute();
}

/** A tracking number's recorded events, oldest first. */
export async function carrierEventsOf(q: Q, trackingNumber: string): Promise<Selectable<CarrierEventsTable>[]> {
  return q.selectFrom("carrier_events").selectAll().where("tracking_number", "=", trackingNumber).orderBy("occurred_at").orderBy("id").execute();
}
