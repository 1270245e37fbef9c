// Carrier tracking in, on both dialects: tracking events become lifecycle events (in transit, out for
// delivery, delivered; forward jumps audited; delivery failed and returned to sender), each audited and
// answered with shipment.tracking.updated.v1; an event reported twice changes nothing; a late, older
// scan is recorded without moving the order back; an invalid body is refused whole. The local
// courier's simulated stream is deterministic for a seed and the clock and drives `poll`.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { CARRIER_UPDATES, LocalCourierTracking, simulateLocalCourierJourney } from "@pickpack/core";
import { pollCarrierTracking, receiveCarrierEvents, TRACKING_UPDATED_EVENT, type SqlStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { backends } from "./backends.js";
import { T0, importProcessing, labelRenderer, packOnePerMailer, seedProcessingOrder } from "./packing-fixtures.js";

const HOUR = 3_600_000;
const ctx = (dt = 0, actor = "u-ben") => ({ now: T0 + 60_000 + dt, actor });
const iso = (ms: number) => new Date(ms).toISOString();

describe("local courier tracking simulation", () => {
  it("is deterministic for a seed, moves only forward along the delivery path, and ends delivered or returned", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), fc.integer(), (serial, seed) => {
        const parcel = { trackingNumber: `LC${String(serial).padStart(11, "0")}`, shippedAt: T0 };
        const a = simulateLocalCourierJourney(parcel, seed);
        expect(simulateLocalCourierJourney(parcel, seed)).toEqual(a);
        expect(a.every((e, i) => i === 0 || e.occurredAt > a[i - 1]!.occurredAt)).toBe(true);
        expect(a[0]!.occurredAt).toBeGreaterThan(T0);
        expect(["delivered", "returned-to-sender"]).toContain(a.at(-1)!.status);
        expect(new Set(a.map((e) => e.eventId)).size).toBe(a.length);
        for (const e of a) expect(CARRIER_UPDATES).toContain(e.status);
      }),
      { numRuns: 200 },
    );
    // over many parcels, the stream shows every kind of event
    const all = Array.from({ length: 300 }, (_, i) => simulateLocalCourierJourney({ trackingNumber: `LC${i}`, shippedAt: T0 }, 7)).flat();
    for (const s of CARRIER_UPDATES) expect(all.some((e) => e.status === s), s).toBe(true);
  });

  it("reports only what happened up to the clock", async () => {
    const t = new LocalCourierTracking({ seed: 1 });
    const parcel = { trackingNumber: "LC00000000018", shippedAt: T0 };
    expect(await t.trackingEvents([parcel], T0)).toEqual([]);
    const all = await t.trackingEvents([parcel], T0 + 30 * 24 * HOUR);
    const half = await t.trackingEvents([parcel], all[1]!.occurredAt);
    expect(half).toEqual(all.slice(0, 2));
  });
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`carrier tracking in on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let svc: PackingService;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      svc = new PackingService(store, { labels: labelRenderer });
    });
    afterEach(async () => cleanup());

    /** Pack an order of `units` B in one-unit mailers and ship it; its tracking numbers. */
    async function shipped(order: string, units: number, seeded = false): Promise<string[]> {
      if (!seeded) await seedProcessingOrder(store, order, [["B", units]]);
      else await importProcessing(store, order, [["B", units]]);
      await packOnePerMailer(svc, order, units, ctx);
      await svc.own.ship({ order }, ctx(100));
      return (await svc.listShipments({ order })).map((s) => s.trackingNumber);
    }
    const status = async (n: string) => (await store.getOrder(n))!.order.status;
    const ev = (eventId: string, trackingNumber: string, s: string, hours: number, extra: Record<string, unknown> = {}) => ({ eventId, trackingNumber, status: s, occurredAt: iso(T0 + hours * HOUR), ...extra });

    it("maps statuses onto the lifecycle, audited, with shipment.tracking.updated.v1; twice changes nothing", async () => {
      const [tn] = await shipped("SO-1", 1);
      const body = { carrier: "LC", events: [ev("e1", tn!, "in-transit", 2, { location: "depot" })] };
      const r = await receiveCarrierEvents(store, body, T0 + 3 * HOUR);
      expect(r).toMatchObject({ received: 1, applied: 1, events: [{ outcome: "applied", orderNumber: "SO-1", from: "Shipped", to: "InTransit" }] });
      const again = await receiveCarrierEvents(store, body, T0 + 4 * HOUR);
      expect(again).toMatchObject({ applied: 0, duplicates: 1 });
      expect(await status("SO-1")).toBe("InTransit");

      await receiveCarrierEvents(store, { carrier: "LC", events: [ev("e2", tn!, "out-for-delivery", 20), ev("e3", tn!, "delivered", 22)] }, T0 + 23 * HOUR);
      expect(await status("SO-1")).toBe("Delivered");
      const history = (await store.getOrder("SO-1"))!.history.slice(-3);
      expect(history.map((h) => [h.from, h.to, h.actor])).toEqual([["Shipped", "InTransit", "carrier:LC"], ["InTransit", "OutForDelivery", "carrier:LC"], ["OutForDelivery", "Delivered", "carrier:LC"]]);
      const updates = (await store.listOutbox({ orderRef: "SO-1" })).filter((e) => e.type === TRACKING_UPDATED_EVENT);
      expect(updates.map((u) => [u.payload.carrierStatus, u.payload.status])).toEqual([["in-transit", "InTransit"], ["out-for-delivery", "OutForDelivery"], ["delivered", "Delivered"]]);
      expect(updates[0]!.payload).toMatchObject({ orderNumber: "SO-1", trackingNumber: tn, carrier: "LC", carrierEventId: "e1", location: "depot", shipmentNumber: "SO-1-1" });
    });

    it("jumps forward (skipped states audited), records a late older scan without going back, ignores unknown parcels", async () => {
      const [tn] = await shipped("SO-2", 1);
      const r = await receiveCarrierEvents(store, { carrier: "LC", events: [ev("d", tn!, "delivered", 20), ev("t", tn!, "in-transit", 2), ev("x", "LC99999999999", "delivered", 3)] }, T0 + 30 * HOUR);
      // applied oldest first: in transit, then delivered (skipping out for delivery)
      expect(r.events.map((e) => [e.eventId, e.outcome])).toEqual([["t", "applied"], ["x", "unknown"], ["d", "applied"]]);
      const last = (await store.getOrder("SO-2"))!.history.at(-1)!;
      expect(last).toMatchObject({ from: "InTransit", to: "Delivered" });
      expect(last.reason).toMatch(/skipped OutForDelivery/);
      const late = await receiveCarrierEvents(store, { carrier: "LC", events: [ev("o", tn!, "out-for-delivery", 18)] }, T0 + 31 * HOUR);
      expect(late.events[0]).toMatchObject({ outcome: "recorded", orderNumber: "SO-2" });
      expect(await status("SO-2")).toBe("Delivered");
    });

    it("exceptions: a failed attempt goes back in transit; returned to sender takes the returns path", async () => {
      const [a] = await shipped("SO-3", 1);
      await receiveCarrierEvents(store, { carrier: "LC", events: [ev("a1", a!, "out-for-delivery", 20), ev("a2", a!, "delivery-failed", 21, { reason: "nobody home" })] }, T0 + 22 * HOUR);
      expect(await status("SO-3")).toBe("InTransit");
      expect((await store.getOrder("SO-3"))!.history.at(-1)!.reason).toMatch(/nobody home/);
      await receiveCarrierEvents(store, { carrier: "LC", events: [ev("a3", a!, "out-for-delivery", 44), ev("a4", a!, "returned-to-sender", 45, { reason: "address not found" })] }, T0 + 46 * HOUR);
      expect(await status("SO-3")).toBe("ReturnShipped");
      expect((await store.listOutbox({ orderRef: "SO-3" })).map((e) => e.type)).toContain("shipment.returned-to-sender.v1");
    });

    it("refuses an invalid body whole, naming each problem", async () => {
      const [tn] = await shipped("SO-4", 1);
      const bad = { carrier: "LC", events: [ev("ok", tn!, "in-transit", 2), { eventId: "", trackingNumber: tn, status: "lost", occurredAt: "yesterday" }] };
      const e = await receiveCarrierEvents(store, bad, T0).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: "CARRIER_EVENTS_INVALID" });
      expect((e as { issues: { field?: string }[] }).issues.map((i) => i.field)).toEqual(["events[1].eventId", "events[1].status", "events[1].occurredAt"]);
      await expect(receiveCarrierEvents(store, { carrier: "LC", events: [] }, T0)).rejects.toMatchObject({ code: "CARRIER_EVENTS_INVALID" });
      await expect(receiveCarrierEvents(store, "nope", T0)).rejects.toMatchObject({ code: "CARRIER_EVENTS_INVALID" });
      expect(await status("SO-4")).toBe("Shipped");
    });

    it("poll: the local courier's stream moves every shipped parcel along; polling again changes nothing", async () => {
      const tns = [...(await shipped("SO-5", 2)), ...(await shipped("SO-6", 1, true))];
      const courier = new LocalCourierTracking({ seed: 42 });
      const early = await pollCarrierTracking(store, courier, { now: T0 + 60_000, actor: "carrier:LC" });
      expect(early).toMatchObject({ parcels: 3, received: 0 });
      const later = T0 + 10 * 24 * HOUR;
      const r = await pollCarrierTracking(store, courier, { now: later, actor: "carrier:LC" });
      expect(r.received).toBeGreaterThanOrEqual(6);
      expect(r.duplicates + r.unknown).toBe(0);
      for (const n of ["SO-5", "SO-6"]) expect(["Delivered", "ReturnShipped"]).toContain(await status(n));
      // the orders are no longer with the carrier: nothing more to poll
      expect(await pollCarrierTracking(store, courier, { now: later + HOUR, actor: "carrier:LC" })).toMatchObject({ parcels: 0, received: 0 });
      // had they been, the same events would be duplicates
      const events = await courier.trackingEvents(tns.map((t) => ({ trackingNumber: t, shippedAt: T0 + 60_000 + 100 })), later);
      const replay = await receiveCarrierEvents(store, { carrier: "LC", events: events.map((e) => ({ eventId: e.eventId, trackingNumber: e.trackingNumber, status: e.status, occurredAt: iso(e.occurredAt), ...(e.reason ? { reason: e.reason } : {}) })) }, later + 2 * HOUR);
      expect(replay.duplicates).toBe(events.length);
    });
  });
}
