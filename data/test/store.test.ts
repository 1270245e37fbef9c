import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError, InputError, type FulfillmentStore } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { address, order, ordersBatch, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const MIN = 60_000;
const as = { actor: "test" };

for (const backend of backends) {
  describe.skipIf(!backend.available)(`store on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(seedBatch(), { now: T0, ...as });
    });
    afterEach(async () => cleanup());

    it("reserves with the priority strategy when configured (the planning issue's seed example)", async () => {
      const { store: byPriority, cleanup: done } = await backend.open({ allocationStrategy: "priority" });
      try {
        await byPriority.importData(seedBatch(), { now: T0, ...as });
        await byPriority.importData(ordersBatch(order("SO-P", [["A", 2], ["B", 1], ["C", 1]])), { now: T0, ...as });
        const d = (await byPriority.getOrder("SO-P"))!;
        expect(d.reservations.map((r) => [r.lineNo, r.warehouse, r.sku, r.quantity])).toEqual([
          [1, "WH1", "A", 1],
          [1, "WH2", "A", 1],
          [2, "WH1", "B", 1],
          [3, "WH2", "C", 1],
        ]);
      } finally {
        await done();
      }
    });

    const available = async (s: FulfillmentStore, sku: string, now: number) =>
      (await s.listStock({ sku, now })).reduce((sum, p) => sum + p.available, 0);

    it("imports master data and updates it on re-import", async () => {
      expect(await store.counts()).toMatchObject({ warehouses: 2, locations: 4, skus: 3, stockUnits: 19, boxes: 1, users: 3, orders: 0 });
      const again = await store.importData(seedBatch(), { now: T0, ...as });
      expect(again.created).toBe(0);
      expect(again.updated).toBeGreaterThan(0);
      expect((await store.counts()).stockUnits).toBe(19);
    });

    it("reports every bad row with file, line and field, and writes nothing", async () => {
      const before = await store.counts();
      const bad = {
        stock: [
          { value: { warehouse: "WH1", location: "NOPE", sku: "A", onHand: 3 }, file: "stock.csv", line: 2 },
          { value: { warehouse: "WH1", location: "A-01-01-A", sku: "A", onHand: 50 }, file: "stock.csv", line: 3 },
          { value: { warehouse: "WH1", location: "A-01-01-A", sku: "ZZZ", onHand: 3 }, file: "stock.csv", line: 4 },
        ],
        orders: [{ value: order("SO-BAD", [["QQ", 1]]), file: "stock.csv", line: 5 }],
      };
      const error = await store.importData(bad, { now: T0, ...as }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const issues = (error as InputError).issues;
      expect(issues.map((i) => [i.line, i.field])).toEqual([
        [2, "location"],
        [4, "sku"],
        [5, "lines[0].sku"],
      ]);
      expect(await store.counts()).toEqual(before);
      expect((await store.listStock({ sku: "A", now: T0 })).find((p) => p.warehouse === "WH1")?.onHand).toBe(1);
    });

    it("dry-run validates and writes nothing", async () => {
      const summary = await store.importData(ordersBatch(order("SO-1", [["B", 1]])), { now: T0, dryRun: true, ...as });
      expect(summary.created).toBe(1);
      expect((await store.counts()).orders).toBe(0);
    });

    it("reserves a new order's stock for 15 minutes, audited, with outbox events", async () => {
      const summary = await store.importData(ordersBatch(order("SO-1", [["A", 2], ["B", 1], ["C", 1]])), { now: T0, ...as });
      expect(summary).toMatchObject({ created: 1, reserved: 1, reservationFailed: 0 });
      const details = (await store.getOrder("SO-1"))!;
      expect(details.order.status).toBe("PaymentPending");
      expect(details.order.reservationExpiresAt).toBe(T0 + 15 * MIN);
      // fewest shipments (the default): 2 shipments, A not split — A:2 and C from WH2, B from WH1
      expect(details.reservations.map((r) => [r.lineNo, r.warehouse, r.sku, r.quantity, r.state])).toEqual([
        [1, "WH2", "A", 2, "reserved"],
        [2, "WH1", "B", 1, "reserved"],
        [3, "WH2", "C", 1, "reserved"],
      ]);
      expect(details.history).toHaveLength(1);
      expect(details.history[0]).toMatchObject({ from: "Pending", to: "PaymentPending", event: "ReserveStock", actor: "test", at: T0 });
      const outbox = await store.listOutbox({ orderRef: "SO-1" });
      expect(outbox.map((m) => [m.type, m.orderSeq])).toEqual([
        ["inventory.reserved.v1", 1],
        ["order.status.changed.v1", 2],
      ]);
      expect(await available(store, "A", T0)).toBe(9);
    });

    it("keeps an order Pending with inventory.failed when stock is short, and reserves on retry", async () => {
      const summary = await store.importData(ordersBatch(order("SO-2", [["C", 5]])), { now: T0, ...as });
      expect(summary).toMatchObject({ reserved: 0, reservationFailed: 1 });
      const d = (await store.getOrder("SO-2"))!;
      expect(d.order.status).toBe("Pending");
      expect(d.history).toHaveLength(0);
      const failed = await store.listOutbox({ orderRef: "SO-2" });
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ type: "inventory.failed.v1", payload: { missing: [{ lineNo: 1, sku: "C", missing: 2 }] } });
      await store.importData({ stock: [{ value: { warehouse: "WH1", location: "A-01-01-A", sku: "C", onHand: 2 }, file: "s", line: 1 }] }, { now: T0, ...as });
      const retry = await store.reserveOrder("SO-2", { now: T0 + MIN, ...as });
      expect(retry.reserved).toBe(true);
      expect(retry.order.status).toBe("PaymentPending");
    });

    it("confirms on payment success (reservation becomes allocation) and cancels on failure", async () => {
      await store.importData(ordersBatch(order("SO-3", [["B", 2]]), order("SO-4", [["B", 3]])), { now: T0, ...as });
      await store.applyOrderEvent("SO-3", { type: "PaymentSucceeded" }, { now: T0 + MIN, ...as });
      await store.applyOrderEvent("SO-4", { type: "PaymentFailed", reason: "card declined" }, { now: T0 + MIN, ...as });
      const s3 = (await store.getOrder("SO-3"))!;
      expect(s3.order.status).toBe("Confirmed");
      expect(s3.reservations.map((r) => r.state)).toEqual(["allocated"]);
      const s4 = (await store.getOrder("SO-4"))!;
      expect(s4.order.status).toBe("Cancelled");
      expect(s4.reservations.map((r) => r.state)).toEqual(["released"]);
      expect(s4.history.at(-1)).toMatchObject({ to: "Cancelled", reason: "payment failed: card declined" });
      // allocated stays held forever (no expiry); released is free again
      expect(await available(store, "B", T0 + 60 * MIN)).toBe(3);
    });

    it("stops counting a reservation at the exact instant it expires, and the sweeper cancels it idempotently", async () => {
      await store.importData(ordersBatch(order("SO-5", [["C", 3]])), { now: T0, ...as });
      const expiry = T0 + 15 * MIN;
      expect(await available(store, "C", expiry - 1)).toBe(0);
      expect(await available(store, "C", expiry)).toBe(3); // 15:00.000 exactly: no longer held
      expect((await store.sweepExpiredReservations({ now: expiry - 1, ...as })).expired).toEqual([]);
      // paying after expiry is refused even before the sweeper ran
      const late = await store.applyOrderEvent("SO-5", { type: "PaymentSucceeded" }, { now: expiry, ...as }).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(DomainError);
      expect((late as DomainError).code).toBe("RESERVATION_EXPIRED");
      expect((await store.sweepExpiredReservations({ now: expiry, ...as })).expired).toEqual(["SO-5"]);
      expect((await store.sweepExpiredReservations({ now: expiry + MIN, ...as })).expired).toEqual([]);
      const d = (await store.getOrder("SO-5"))!;
      expect(d.order.status).toBe("Cancelled");
      expect(d.history.map((h) => [h.to, h.reason])).toEqual([
        ["PaymentPending", "stock reserved while payment is pending"],
        ["Cancelled", "reservation expired"],
      ]);
      expect(d.reservations.map((r) => r.state)).toEqual(["expired"]);
    });

    it("refuses to cancel a shipped order and walks the whole lifecycle including a return", async () => {
      await store.importData(ordersBatch(order("SO-6", [["A", 1]])), { now: T0, ...as });
      const steps = [
        { type: "PaymentSucceeded" },
        { type: "StartProcessing", waveId: "W1" },
      ] as const;
      let t = T0;
      for (const e of steps) await store.applyOrderEvent("SO-6", e, { now: (t += MIN), ...as });
      // pack everything (the packing flow will do this through the gateway)
      await store.kysely.updateTable("order_lines").set({ packed_quantity: 1, picked_quantity: 1 }).execute();
      await store.applyOrderEvent("SO-6", { type: "MarkPacked" }, { now: (t += MIN), ...as });
      await store.applyOrderEvent("SO-6", { type: "Ship", trackingNumber: "PP123" }, { now: (t += MIN), ...as });
      expect((await store.listStock({ sku: "A", warehouse: "WH1", now: t }))[0]).toMatchObject({ onHand: 0, allocated: 0, available: 0 });
      const refused = await store.applyOrderEvent("SO-6", { type: "Cancel", reason: "customer changed mind" }, { now: t, ...as }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).message).toContain("already shipped — use a return");
      for (const e of [
        { type: "InTransit" },
        { type: "OutForDelivery" },
        { type: "Delivered" },
        { type: "RequestReturn", reason: "wrong size" },
        { type: "ReviewReturn" },
        { type: "ApproveReturn" },
        { type: "ReturnShipped" },
        { type: "ReturnReceived" },
        { type: "StartQualityCheck" },
        { type: "ApproveRefund", restockWarehouse: "WH1", restockLocation: "A-01-01-A" },
        { type: "ProcessRefund" },
      ] as const) {
        await store.applyOrderEvent("SO-6", e, { now: (t += MIN), ...as });
      }
      const d = (await store.getOrder("SO-6"))!;
      expect(d.order.status).toBe("RefundProcessed");
      expect(d.order.trackingNumber).toBe("PP123");
      expect(d.history).toHaveLength(16);
      expect(new Set(d.history.map((h) => h.id)).size).toBe(16);
      expect((await store.listStock({ sku: "A", warehouse: "WH1", now: t }))[0]?.onHand).toBe(1); // restocked on QC pass
    });

    it("cancelling a confirmed order releases its allocation", async () => {
      await store.importData(ordersBatch(order("SO-7", [["C", 3]])), { now: T0, ...as });
      await store.applyOrderEvent("SO-7", { type: "PaymentSucceeded" }, { now: T0 + MIN, ...as });
      expect(await available(store, "C", T0 + MIN)).toBe(0);
      await store.applyOrderEvent("SO-7", { type: "Cancel", reason: "customer request" }, { now: T0 + 2 * MIN, ...as });
      expect(await available(store, "C", T0 + 2 * MIN)).toBe(3);
      const unknown = await store.applyOrderEvent("NOPE", { type: "Cancel", reason: "x" }, { now: T0, ...as }).catch((e: unknown) => e);
      expect((unknown as DomainError).code).toBe("ORDER_NOT_FOUND");
    });

    it("confirms an order imported as paid once its stock is reserved, now or when stock arrives, and nothing expires it", async () => {
      const r = await store.importData(ordersBatch(order("SO-PAID", [["B", 2]], { payment: "paid" }), order("SO-WAIT", [["C", 9]], { payment: "paid" })), { now: T0, ...as });
      expect(r).toMatchObject({ created: 2, reserved: 1, confirmed: 1, reservationFailed: 1 });
      const paid = (await store.getOrder("SO-PAID"))!;
      expect(paid.order.status).toBe("Confirmed");
      expect(paid.history.map((h) => [h.from, h.to, h.reason])).toEqual([
        ["Pending", "PaymentPending", "stock reserved while payment is pending"],
        ["PaymentPending", "Confirmed", "paid in the order system"],
      ]);
      expect(paid.reservations.every((x) => x.state === "allocated")).toBe(true);
      // 20 minutes later the sweeper finds nothing to cancel.
      expect((await store.sweepExpiredReservations({ now: T0 + 20 * MIN, ...as })).expired).toEqual([]);
      expect((await store.getOrder("SO-PAID"))!.order.status).toBe("Confirmed");
      // The order waiting for stock is confirmed as soon as it is reserved.
      await store.importData({ stock: [{ value: { warehouse: "WH2", location: "B-03-01-A", sku: "C", onHand: 20 }, file: "s.csv", line: 2 }] }, { now: T0 + MIN, ...as });
      const later = await store.reserveOrder("SO-WAIT", { now: T0 + 2 * MIN, ...as });
      expect(later.order.status).toBe("Confirmed");
    });

    it("re-imports orders: unchanged ones are left and reported, allowed changes saved and audited, the rest are conflicts", async () => {
      await store.importData(ordersBatch(order("SO-R1", [["B", 1]], { payment: "paid" }), order("SO-R2", [["B", 1]], { payment: "paid" }), order("SO-R3", [["A", 1]])), { now: T0, ...as });
      const moved = { ...address("Bonn"), street: "2 New St" };
      const again = await store.importData(
        ordersBatch(
          order("SO-R1", [["B", 1]], { payment: "paid" }),
          order("SO-R2", [["B", 2]], { payment: "paid", shipTo: moved }),
          order("SO-R3", [["A", 1]], { payment: "paid" }),
          order("SO-R4", [["B", 1]], { payment: "paid" }),
        ),
        { now: T0 + MIN, ...as },
      );
      expect(again).toMatchObject({ created: 1, updated: 1, unchanged: ["SO-R1"] });
      expect(again.conflicts).toEqual([{ number: "SO-R2", file: "orders.json", line: 2, reason: expect.stringContaining("cannot change its lines") }]);
      // SO-R3 was PaymentPending: the order system now reports it paid → Confirmed.
      expect((await store.getOrder("SO-R3"))!.order.status).toBe("Confirmed");
      expect((await store.getOrder("SO-R2"))!.order.lines[0]!.quantity).toBe(1);

      const addressOnly = await store.importData(ordersBatch(order("SO-R1", [["B", 1]], { payment: "paid", shipTo: moved })), { now: T0 + 2 * MIN, ...as });
      expect(addressOnly).toMatchObject({ created: 0, updated: 1 });
      const r1 = (await store.getOrder("SO-R1"))!;
      expect(r1.order.shipTo.city).toBe("Bonn");
      expect(r1.history.at(-1)).toMatchObject({ from: "Confirmed", to: "Confirmed", event: "ImportUpdate", reason: "updated by import: shipTo" });

      const skipped = await store.importData(ordersBatch(order("SO-R1", [["B", 3]])), { now: T0 + 3 * MIN, ...as, onExisting: "skip" });
      expect(skipped).toMatchObject({ created: 0, updated: 0, skipped: ["SO-R1"] });
      const failed = await store.importData(ordersBatch(order("SO-R1", [["B", 1]])), { now: T0 + 3 * MIN, ...as, onExisting: "fail" }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(InputError);
      expect((failed as InputError).issues[0]!.message).toContain("order SO-R1 already exists");
    });

    it("imports stock for an unknown warehouse as an unknown warehouse, not an unknown location", async () => {
      const error = (await store.importData({ stock: [{ value: { warehouse: "WH9", location: "A-01-01-A", sku: "A", onHand: 3 }, file: "stock.csv", line: 2 }] }, { now: T0, ...as }).catch((e: unknown) => e)) as InputError;
      expect(error.issues).toEqual([{ file: "stock.csv", line: 2, field: "warehouse", message: 'unknown warehouse "WH9"' }]);
    });

    it("lets carrier updates skip steps on the delivery path, audited, and records a return to sender", async () => {
      await store.importData(ordersBatch(order("SO-T", [["B", 1]], { payment: "paid" })), { now: T0, ...as });
      await store.applyOrderEvent("SO-T", { type: "StartProcessing" }, { now: T0 + MIN, ...as });
      await store.kysely.updateTable("order_lines").set({ picked_quantity: 1, packed_quantity: 1 }).execute();
      await store.applyOrderEvent("SO-T", { type: "MarkPacked" }, { now: T0 + MIN, ...as });
      await store.applyOrderEvent("SO-T", { type: "Ship", trackingNumber: "TRK1" }, { now: T0 + MIN, ...as });
      const out = await store.applyOrderEvent("SO-T", { type: "OutForDelivery" }, { now: T0 + 2 * MIN, ...as });
      expect(out.to).toBe("OutForDelivery");
      const back = await store.applyOrderEvent("SO-T", { type: "ReturnedToSender", reason: "address unknown" }, { now: T0 + 3 * MIN, ...as });
      expect(back.to).toBe("ReturnShipped");
      const d = (await store.getOrder("SO-T"))!;
      expect(d.history.find((h) => h.to === "OutForDelivery")!.metadata).toEqual({ skipped: ["InTransit"] });
      expect((await store.listOutbox({ orderRef: "SO-T" })).map((m) => m.type)).toContain("shipment.returned-to-sender.v1");
    });
  });
}
