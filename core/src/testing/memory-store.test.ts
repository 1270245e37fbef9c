// Workflow rules of the store port, on the in-memory fake (no database): reserve, pay, cancel, sweep,
// and the no-oversell property over random operation sequences.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DomainError } from "../shared/errors.js";
import type { OrderEvent } from "../orders/order-machine.js";
import type { ImportBatch, NewOrder } from "../orders/ports.js";
import { MemoryStore } from "./memory-store.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const MIN = 60_000;
const by = (now: number) => ({ now, actor: "test" });
const address = { name: "Dock", street: "1 Main St", postalCode: "10115", city: "Berlin", country: "DE" };

function seed(): ImportBatch {
  const src = <T>(value: T, line = 1) => ({ value, file: "seed.json", line });
  return {
    warehouses: [
      src({ code: "WH1", name: "Berlin", address, latitude: 52.5, longitude: 13.4, priority: 1, cutoff: "16:00", costPerShipment: 5, timeZone: "Europe/Berlin" }),
      src({ code: "WH2", name: "Hamburg", address, latitude: 53.5, longitude: 9.9, priority: 2, cutoff: "17:00", costPerShipment: 5, timeZone: "Europe/Berlin" }),
    ],
    locations: [src({ warehouse: "WH1", code: "L1", zone: "A", aisle: 0, position: 1, level: 1 }), src({ warehouse: "WH2", code: "L2", zone: "A", aisle: 0, position: 1, level: 1 })],
    skus: ["A", "B"].map((sku) => src({ sku, name: sku, barcodes: [], weightGrams: 1, lengthMm: 1, widthMm: 1, heightMm: 1, tracksLot: false, tracksSerial: false, tracksExpiry: false })),
    stock: [src({ warehouse: "WH1", location: "L1", sku: "A", onHand: 2 }), src({ warehouse: "WH2", location: "L2", sku: "A", onHand: 3 }), src({ warehouse: "WH1", location: "L1", sku: "B", onHand: 4 })],
  };
}

const newOrder = (number: string, lines: [string, number][]): NewOrder => ({
  number,
  customer: "C",
  shipTo: address,
  lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPrice: 1 })),
  priority: 1,
  carrier: "own-fleet",
  service: "standard",
});

async function storeWith(...orders: NewOrder[]): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.importData(seed(), by(T0));
  if (orders.length > 0) await store.importData({ orders: orders.map((value, i) => ({ value, file: "orders.json", line: i + 1 })) }, by(T0));
  return store;
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(DomainError);
  return (e as DomainError).code;
};

describe("store port rules on the in-memory fake", () => {
  it("reserves across warehouses in priority order, and a payment confirms the holds", async () => {
    const store = await storeWith(newOrder("S1", [["A", 4]]));
    const d = (await store.getOrder("S1"))!;
    expect(d.order.status).toBe("PaymentPending");
    expect(d.reservations.map((r) => [r.warehouse, r.quantity, r.state])).toEqual([["WH1", 2, "reserved"], ["WH2", 2, "reserved"]]);
    await store.applyOrderEvent("S1", { type: "PaymentSucceeded" }, by(T0 + MIN));
    expect((await store.listReservations({ orderRef: "S1" })).map((r) => r.state)).toEqual(["allocated", "allocated"]);
    expect((await store.listStock({ sku: "A", now: T0 + MIN })).map((p) => [p.warehouse, p.allocated, p.available])).toEqual([["WH1", 2, 0], ["WH2", 2, 1]]);
  });

  it("an order without enough stock stays Pending with inventory.failed.v1", async () => {
    const store = await storeWith(newOrder("S1", [["A", 9]]));
    expect((await store.getOrder("S1"))!.order.status).toBe("Pending");
    expect((await store.listOutbox({ orderRef: "S1" })).map((m) => m.type)).toEqual(["inventory.failed.v1"]);
  });

  it("a payment after the reservation expired is refused; the sweeper cancels the order once", async () => {
    const store = await storeWith(newOrder("S1", [["B", 1]]));
    const expiry = (await store.getOrder("S1"))!.order.reservationExpiresAt!;
    expect(await refusal(store.applyOrderEvent("S1", { type: "PaymentSucceeded" }, by(expiry)))).toBe("RESERVATION_EXPIRED");
    expect((await store.sweepExpiredReservations(by(expiry - 1))).expired).toEqual([]);
    expect((await store.sweepExpiredReservations(by(expiry))).expired).toEqual(["S1"]);
    expect((await store.sweepExpiredReservations(by(expiry + MIN))).expired).toEqual([]);
    expect((await store.getOrder("S1"))!.reservations.map((r) => r.state)).toEqual(["expired"]);
    expect(store.withdrawals).toEqual([{ orderId: 1, reason: "reservation expired" }]);
  });

  it("cancelling through applyOrderEvent releases the stock and takes the order off picking", async () => {
    const store = await storeWith(newOrder("S1", [["B", 3]]));
    await store.applyOrderEvent("S1", { type: "PaymentSucceeded" }, by(T0 + MIN));
    await store.applyOrderEvent("S1", { type: "StartProcessing" }, by(T0 + 2 * MIN));
    await store.applyOrderEvent("S1", { type: "Cancel", reason: "customer request" }, by(T0 + 3 * MIN));
    expect(store.withdrawals).toEqual([{ orderId: 1, reason: "customer request" }]);
    expect((await store.listStock({ sku: "B", now: T0 + 3 * MIN }))[0]).toMatchObject({ onHand: 4, allocated: 0, available: 4 });
    expect(await refusal(store.applyOrderEvent("S1", { type: "Cancel", reason: "again" }, by(T0 + 4 * MIN)))).toBe("ORDER_NOT_CANCELLABLE");
    expect((await store.getOrder("S1"))!.history.map((h) => h.to)).toEqual(["PaymentPending", "Confirmed", "Processing", "Cancelled"]);
  });

  it("ReserveStock through applyOrderEvent is refused; an unknown order is ORDER_NOT_FOUND", async () => {
    const store = await storeWith(newOrder("S1", [["B", 1]]));
    expect(await refusal(store.applyOrderEvent("S1", { type: "ReserveStock", holds: [], ttlMs: 1 }, by(T0)))).toBe("ORDER_RESERVE_THROUGH_STORE");
    await expect(store.applyOrderEvent("NOPE", { type: "Cancel", reason: "x" }, by(T0))).rejects.toMatchObject({ name: "InputError", code: "ORDER_NOT_FOUND" });
  });

  it("never holds more than is on hand, whatever the sequence of orders, payments, cancellations and sweeps", async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("order" as const), sku: fc.constantFrom("A", "B"), quantity: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant("event" as const), pick: fc.nat(), event: fc.constantFrom<OrderEvent>({ type: "PaymentSucceeded" }, { type: "Cancel", reason: "x" }, { type: "PaymentFailed", reason: "x" }, { type: "StartProcessing" }) }),
      fc.record({ kind: fc.constant("wait" as const), minutes: fc.integer({ min: 1, max: 20 }) }),
      fc.constant({ kind: "sweep" as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const store = await storeWith();
        let now = T0;
        let n = 0;
        for (const o of ops) {
          if (o.kind === "order") await store.importData({ orders: [{ value: newOrder(`S${++n}`, [[o.sku, o.quantity]]), file: "o", line: 1 }] }, by(now));
          else if (o.kind === "event" && n > 0) await store.applyOrderEvent(`S${(o.pick % n) + 1}`, o.event, by(now)).catch((e: unknown) => expect(e).toBeInstanceOf(DomainError));
          else if (o.kind === "wait") now += o.minutes * MIN;
          else if (o.kind === "sweep") await store.sweepExpiredReservations(by(now));
          for (const p of await store.listStock({ now })) {
            expect(p.allocated + p.reserved).toBeLessThanOrEqual(p.onHand);
            expect(p.overAllocated).toBe(0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
