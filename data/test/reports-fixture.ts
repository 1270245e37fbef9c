/**
 * A small recorded history for the report tests, written row by row as the services record it (orders,
 * transitions, reservations, waves, pick events, cartons, scans, outbox), so every KPI can be computed by
 * hand: a New York warehouse (cut-off 16:00) and a Tokyo one (cut-off 17:00), around 23 November 2026.
 * The hand-computed values are in data/test/reports-queries.test.ts beside each assertion.
 */
import type { ImportBatch, Sourced } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { address } from "./fixtures.js";

const src = <T>(value: T, line: number): Sourced<T> => ({ value, file: "reports.json", line });

export function reportsSeed(): ImportBatch {
  return {
    warehouses: [
      src({ code: "NY", name: "New York", address: address("New York"), latitude: 40.7, longitude: -74, priority: 1, cutoff: "16:00", costPerShipment: 5, timeZone: "America/New_York" }, 1),
      src({ code: "TK", name: "Tokyo", address: address("Tokyo"), latitude: 35.7, longitude: 139.7, priority: 2, cutoff: "17:00", costPerShipment: 5, timeZone: "Asia/Tokyo" }, 2),
    ],
    locations: [
      src({ warehouse: "NY", code: "A-01", zone: "A", aisle: 0, position: 1, level: 1 }, 1),
      src({ warehouse: "NY", code: "A-02", zone: "A", aisle: 0, position: 2, level: 1 }, 2),
      src({ warehouse: "TK", code: "T-01", zone: "T", aisle: 0, position: 1, level: 1 }, 3),
    ],
    skus: ["A", "B"].map((sku, i) => src({ sku, name: `Item ${sku}`, barcodes: [], weightGrams: 100, lengthMm: 100, widthMm: 80, heightMm: 50, tracksLot: false, tracksSerial: false, tracksExpiry: false }, i + 1)),
    stock: [
      src({ warehouse: "NY", location: "A-01", sku: "A", onHand: 6 }, 1),
      src({ warehouse: "NY", location: "A-02", sku: "B", onHand: 1 }, 2),
      src({ warehouse: "TK", location: "T-01", sku: "A", onHand: 2 }, 3),
    ],
    users: [
      src({ id: "u-ana", name: "Ana Picker", role: "picker", badge: "BADGE-0001" }, 1),
      src({ id: "u-ben", name: "Ben Packer", role: "packer", badge: "BADGE-0002" }, 2),
      src({ id: "u-sue", name: "Sue Supervisor", role: "supervisor", badge: "BADGE-0003" }, 3),
    ],
  };
}

type Step = [to: string, at: string, reason?: string];

interface OrderSpec {
  number: string;
  warehouse: string | null;
  createdAt: string;
  steps: Step[];
  shipBy?: string;
  lines: [sku: string, qty: number, price: number, backordered?: number][];
  reservation?: { state: string; expiresAt?: string };
}

/** Insert one order with its transitions (the last one is its status) and, with a warehouse, its reservations. */
export async function insertOrder(store: SqlStore, o: OrderSpec): Promise<number> {
  const db = store.kysely;
  const status = o.steps.at(-1)?.[0] ?? "Pending";
  const updated = o.steps.at(-1)?.[1] ?? o.createdAt;
  const row = await db
    .insertInto("orders")
    .values({ number: o.number, status, customer: "C", ship_to: "{}", priority: 5, carrier: "own-fleet", service: "standard", ship_by: o.shipBy ?? null, reservation_expires_at: null, tracking_number: null, created_at: o.createdAt, updated_at: updated, version: o.steps.length, payment: "paid" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  for (const [i, [sku, qty, price, bo]] of o.lines.entries()) {
    await db.insertInto("order_lines").values({ order_id: id, line_no: i + 1, sku, quantity: qty, unit_price: price, picked_quantity: 0, packed_quantity: 0, backordered_quantity: bo ?? 0 }).execute();
    if (o.warehouse !== null) {
      await db
        .insertInto("reservations")
        .values({ order_id: id, line_no: i + 1, warehouse: o.warehouse, sku, quantity: qty, state: o.reservation?.state ?? "shipped", expires_at: o.reservation?.expiresAt ?? null, created_at: o.createdAt, updated_at: updated })
        .execute();
    }
  }
  let from = "Pending";
  for (const [to, at, reason] of o.steps) {
    await db.insertInto("order_transitions").values({ order_id: id, from_status: from, to_status: to, event: to, reason: reason ?? "", metadata: "{}", actor: "test", at }).execute();
    from = to;
  }
  return id;
}

export interface ReportsFixture {
  readonly ids: Record<string, number>;
}

/** The whole history (see the file comment). */
export async function loadReportsFixture(store: SqlStore): Promise<ReportsFixture> {
  await store.importData(reportsSeed(), { now: Date.parse("2026-11-20T00:00:00Z"), actor: "test" });
  const db = store.kysely;
  const ids: Record<string, number> = {};
  ids.N1 = await insertOrder(store, {
    number: "N1", warehouse: "NY", createdAt: "2026-11-23T13:00:00.000Z", lines: [["A", 2, 10]],
    steps: [["PaymentPending", "2026-11-23T13:00:00.200Z"], ["Confirmed", "2026-11-23T13:10:00.000Z"], ["Processing", "2026-11-23T13:15:00.000Z"], ["Packed", "2026-11-23T19:00:00.000Z"], ["Shipped", "2026-11-23T20:00:00.000Z"]],
  });
  ids.N2 = await insertOrder(store, {
    number: "N2", warehouse: "NY", createdAt: "2026-11-23T14:00:00.000Z", lines: [["A", 2, 10, 1]],
    steps: [["PaymentPending", "2026-11-23T14:00:00.600Z"], ["Confirmed", "2026-11-23T14:06:00.000Z"], ["Processing", "2026-11-23T14:10:00.000Z"], ["Packed", "2026-11-23T19:04:00.000Z"], ["Shipped", "2026-11-24T03:00:00.000Z"]],
  });
  // Created 23:30 on the 22nd in New York: not in New York's 23rd.
  ids.N3 = await insertOrder(store, { number: "N3", warehouse: "NY", createdAt: "2026-11-23T04:30:00.000Z", lines: [["A", 1, 10]], steps: [["PaymentPending", "2026-11-23T04:30:00.100Z"], ["Cancelled", "2026-11-23T04:40:00.000Z", "customer"]], reservation: { state: "released" } });
  ids.N4 = await insertOrder(store, { number: "N4", warehouse: "NY", createdAt: "2026-11-23T06:00:00.000Z", lines: [["B", 1, 5]], steps: [["PaymentPending", "2026-11-23T06:00:00.100Z"], ["Cancelled", "2026-11-23T06:30:00.000Z", "payment declined"]], reservation: { state: "released" } });
  ids.T1 = await insertOrder(store, {
    number: "T1", warehouse: "TK", createdAt: "2026-11-22T16:00:00.000Z", lines: [["A", 1, 25], ["A", 1, 15]],
    steps: [
      ["PaymentPending", "2026-11-22T16:00:00.100Z"], ["Confirmed", "2026-11-22T16:05:00.000Z"], ["Processing", "2026-11-22T17:00:00.000Z"], ["Packed", "2026-11-23T06:00:00.000Z"], ["Shipped", "2026-11-23T07:00:00.000Z"],
      ["InTransit", "2026-11-23T08:00:00.000Z"], ["Delivered", "2026-11-23T09:00:00.000Z"], ["ReturnRequested", "2026-11-23T10:00:00.000Z", "damaged in transit"],
    ],
  });
  // Tokyo's 24th (01:00 local): outside Tokyo's 23rd; Confirmed and waiting to be picked.
  ids.T2 = await insertOrder(store, { number: "T2", warehouse: "TK", createdAt: "2026-11-23T16:00:00.000Z", lines: [["A", 3, 10]], steps: [["PaymentPending", "2026-11-23T16:00:00.300Z"], ["Confirmed", "2026-11-23T16:05:00.000Z"]], reservation: { state: "allocated" } });

  // A wave and pick list in New York: Ana picks 5 units, 1 min apart, a 30 min break, then 2 min apart.
  const wave = await db.insertInto("waves").values({ warehouse: "NY", mode: "single", status: "complete", cutoff: "16:00", priority: 5, carrier: "own-fleet", created_at: "2026-11-23T13:16:00.000Z", released_at: "2026-11-23T13:17:00.000Z", created_by: "test" }).returning("id").executeTakeFirstOrThrow();
  const list = await db
    .insertInto("pick_lists")
    .values({ wave_id: Number(wave.id), warehouse: "NY", sequence: 1, mode: "single", status: "complete", picker: "u-ana", pack_station: null, distance: 10, optimal: 1, totes: 2, created_at: "2026-11-23T13:16:00.000Z", updated_at: "2026-11-23T14:30:00.000Z" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const plId = Number(list.id);
  const line = async (orderId: number, qty: number, picked: number) =>
    Number((await db.insertInto("pick_list_lines").values({ pick_list_id: plId, seq: 1, location: "A-01", aisle: 0, position: 1, sku: "A", quantity: qty, picked_quantity: picked, order_id: orderId, line_no: 1, tote: 1, status: "picked", location_confirmed: 1, note: null, updated_at: "2026-11-23T14:30:00.000Z" }).returning("id").executeTakeFirstOrThrow()).id);
  const l1 = await line(ids.N1, 2, 2);
  const l2 = await line(ids.N2, 2, 1);
  const l3 = await line(ids.N2, 2, 2);
  const pick = (lineId: number, orderId: number, at: string, type = "item") =>
    db.insertInto("pick_events").values({ pick_list_id: plId, line_id: lineId, order_id: orderId, type, detail: JSON.stringify({ sku: "A", quantity: 1, code: "A" }), actor: "u-ana", at }).execute();
  await pick(l1, ids.N1, "2026-11-23T13:20:00.000Z");
  await pick(l1, ids.N1, "2026-11-23T13:21:00.000Z");
  await pick(l2, ids.N2, "2026-11-23T13:22:00.000Z");
  await pick(l3, ids.N2, "2026-11-23T13:55:00.000Z");
  await pick(l3, ids.N2, "2026-11-23T13:57:00.000Z");
  await db.insertInto("pick_events").values({ pick_list_id: plId, line_id: l2, order_id: ids.N2, type: "short", detail: JSON.stringify({ found: 1, missing: 1 }), actor: "u-ana", at: "2026-11-23T14:30:00.000Z" }).execute();

  // Ben packs both New York orders; N2's carton weighed too light, overridden by Sue.
  const carton = async (orderId: number, closedAt: string, units: number, verdict: string, override: string | null) => {
    const c = await db
      .insertInto("cartons")
      .values({ order_id: orderId, carton_no: 1, warehouse: "NY", status: "closed", box_type: null, box_suggested: null, box_reason: null, expected_weight_grams: 300, measured_weight_grams: 300, weight_verdict: verdict, weight_override_by: override, weight_override_reason: override ? "scale" : null, sscc: null, opened_by: "u-ben", opened_at: closedAt, closed_by: "u-ben", closed_at: closedAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("carton_items").values({ carton_id: Number(c.id), line_no: 1, sku: "A", quantity: units }).execute();
  };
  await carton(ids.N1, "2026-11-23T19:00:00.000Z", 2, "ok", null);
  await carton(ids.N2, "2026-11-23T19:04:00.000Z", 1, "too_light", "u-sue");

  // One refused pick scan (wrong item) on a handheld.
  await db.insertInto("gateway_devices").values({ id: "dev-1", name: "Handheld 1", role: "picker", station: null, paired_at: "2026-11-20T00:00:00.000Z", revoked_at: null, revoke_reason: null, user_id: "u-ana", feed_seq: 0, state: null }).execute();
  await db.insertInto("gateway_scans").values({ device_id: "dev-1", scan_id: "s1", event: "pick.item", user_id: "u-ana", payload_hash: "x", ack: "{}", ok: 0, code: "PICK_WRONG_ITEM", created_at: "2026-11-23T13:30:00.000Z" }).execute();

  // Reorder points, an open cycle count, an undelivered outbox event.
  await db.insertInto("reorder_points").values([
    { warehouse: "NY", sku: "A", reorder_point: 5, target: 20, updated_at: "2026-11-20T00:00:00.000Z" },
    { warehouse: "NY", sku: "B", reorder_point: 2, target: 10, updated_at: "2026-11-20T00:00:00.000Z" },
  ]).execute();
  await db.insertInto("tasks").values({ type: "cycle-count", order_id: null, warehouse: "NY", payload: JSON.stringify({ location: "A-02", sku: "B" }), status: "open", created_at: "2026-11-23T14:30:00.000Z" }).execute();
  await db.insertInto("outbox").values({ type: "order.confirmed.v1", order_id: ids.T2, order_seq: 1, payload: "{}", created_at: "2026-11-24T04:00:00.000Z", delivered_at: null }).execute();
  return { ids };
}
