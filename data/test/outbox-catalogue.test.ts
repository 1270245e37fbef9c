// The event catalogue is the truth about what leaves pickpack: drive orders through the real
// services (reserve, pay, cancel, fail, pack two cartons, ship, carrier updates, return, refund) and
// check that every outbox row's type is catalogued and its envelope data validates against the
// type's JSON Schema (with ajv, an independent validator), on both backends.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { EVENT_CATALOGUE, eventType, toEnvelope } from "@pickpack/core";
import { toOutboundEvent, writeStreamEvent, type SqlStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { backends } from "./backends.js";
import { order, ordersBatch } from "./fixtures.js";
import { T0, labelRenderer, packOnePerMailer, seedProcessingOrder } from "./packing-fixtures.js";

const ctx = (dt = 0, actor = "u-ben") => ({ now: T0 + 60_000 + dt, actor });

/** The types the issue asks pickpack to emit (stock.low.v1's emission needs reorder points: written here directly). */
const REQUIRED = [
  "inventory.reserved.v1",
  "inventory.failed.v1",
  "inventory.released.v1",
  "order.status.changed.v1",
  "shipment.created.v1",
  "order.shipped.v1",
  "shipment.tracking.updated.v1",
  "order.delivered.v1",
  "order.cancelled.v1",
  "return.received.v1",
  "refund.approved.v1",
  "stock.low.v1",
];

function validator() {
  const ajv = new Ajv2020({ allErrors: true });
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv;
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`event catalogue on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let svc: PackingService;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      svc = new PackingService(store, { labels: labelRenderer });
    });
    afterEach(async () => cleanup());

    it("every emitted event is catalogued and its data validates against its schema", async () => {
      await seedProcessingOrder(store, "SO-1", [["B", 2]]);
      await packOnePerMailer(svc, "SO-1", 2, ctx);
      await svc.own.ship({ order: "SO-1" }, ctx(100));
      const steps = [
        { type: "InTransit" },
        { type: "DeliveryFailed", reason: "nobody home" },
        { type: "OutForDelivery" },
        { type: "Delivered" },
        { type: "RequestReturn", reason: "too small" },
        { type: "ReviewReturn" },
        { type: "ApproveReturn" },
        { type: "ReturnShipped", trackingNumber: "RET-1" },
        { type: "ReturnReceived" },
        { type: "StartQualityCheck" },
        { type: "ApproveRefund", restockWarehouse: "WH1", restockLocation: "A-02-01-A" },
        { type: "ProcessRefund", refundRef: "RF-1" },
      ] as const;
      for (const [i, e] of steps.entries()) await store.applyOrderEvent("SO-1", e, ctx(200 + i));
      await store.importData(ordersBatch(order("SO-2", [["B", 1]]), order("SO-3", [["B", 1]]), order("SO-4", [["C", 99]])), ctx(300));
      await store.applyOrderEvent("SO-2", { type: "PaymentSucceeded" }, ctx(301));
      await store.applyOrderEvent("SO-2", { type: "Cancel", reason: "customer asked" }, ctx(302));
      await store.applyOrderEvent("SO-3", { type: "PaymentFailed", reason: "card declined" }, ctx(303));
      await store.transaction((tx) => writeStreamEvent(tx.db, "stock:WH1:B", "stock.low.v1", { warehouse: "WH1", sku: "B", available: 0, reorderPoint: 2 }, ctx(304).now));

      const rows = await store.kysely.selectFrom("outbox").leftJoin("orders", "orders.id", "outbox.order_id").select(["outbox.id", "outbox.type", "outbox.order_id", "outbox.stream", "outbox.order_seq", "outbox.payload", "outbox.created_at", "outbox.delivered_at", "orders.number as order_number"]).orderBy("outbox.id").execute();
      const ajv = validator();
      const problems: string[] = [];
      for (const r of rows) {
        const entry = eventType(r.type);
        if (!entry) {
          problems.push(`${r.type}: not in the catalogue`);
          continue;
        }
        const envelope = toEnvelope(toOutboundEvent(r));
        if (!ajv.validate(entry.schema, envelope.data)) problems.push(`${r.type} #${r.id}: ${ajv.errorsText()} in ${JSON.stringify(envelope.data)}`);
      }
      expect(problems).toEqual([]);
      const seen = new Set(rows.map((r) => r.type));
      expect(REQUIRED.filter((t) => !seen.has(t))).toEqual([]);
      const shipped = rows.find((r) => r.type === "order.shipped.v1")!;
      const created = rows.filter((r) => r.type === "shipment.created.v1").map((r) => (JSON.parse(r.payload) as { trackingNumber: string }).trackingNumber);
      expect(created).toHaveLength(2);
      expect((JSON.parse(shipped.payload) as { trackingNumbers: string[] }).trackingNumbers).toEqual(created);
      const tracking = rows.filter((r) => r.type === "shipment.tracking.updated.v1").map((r) => JSON.parse(r.payload) as { carrierStatus: string; status: string });
      expect(tracking.map((t) => [t.carrierStatus, t.status])).toEqual([
        ["in-transit", "InTransit"],
        ["delivery-failed", "InTransit"],
        ["out-for-delivery", "OutForDelivery"],
        ["delivered", "Delivered"],
      ]);
      // Per-order sequences have no gaps.
      const byOrder = new Map<string, number[]>();
      for (const r of rows) byOrder.set(r.order_number ?? r.stream!, [...(byOrder.get(r.order_number ?? r.stream!) ?? []), r.order_seq]);
      for (const seqs of byOrder.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    });
  });
}

describe("catalogue schemas", () => {
  it("compile, and every type is unique and versioned", () => {
    const ajv = validator();
    for (const e of EVENT_CATALOGUE) expect(() => ajv.compile(e.schema)).not.toThrow();
    expect(new Set(EVENT_CATALOGUE.map((e) => e.type)).size).toBe(EVENT_CATALOGUE.length);
    for (const e of EVENT_CATALOGUE) expect(e.type).toMatch(/^[a-z]+(\.[a-z-]+)+\.v\d+$/);
  });
});
