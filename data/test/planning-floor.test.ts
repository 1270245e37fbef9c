// Everyday exceptions on the floor, on both backends: wave limits as a person reads them, cancelling
// a wave, short picks by stop number, back-orders seen and re-allocated when stock arrives.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError, type ImportBatch, type Layout } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { PickingService, backordersOf, cancelBackorder, cancelWave, listBackorders, getPickList, listWaves, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { completeTask, listTasks } from "@pickpack/data";
import { backends } from "./backends.js";
import { order, ordersBatch, refusalCode as codeOf, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const MIN = 60_000;
const by = (n: number) => ({ now: T0 + n * MIN, actor: "test" });
const LAYOUTS: Layout[] = [
  { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } },
  { warehouse: "WH2", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } },
];
const src = <T>(value: T, line: number) => ({ value, file: "floor.json", line });
const world = (): ImportBatch => ({ ...seedBatch(), layouts: LAYOUTS.map((l, i) => src({ ...l }, i + 1)) });

async function confirmed(store: SqlStore, ...orders: ReturnType<typeof order>[]) {
  await store.importData(ordersBatch(...orders), { now: T0, actor: "test" });
  for (const o of orders) await store.applyOrderEvent(o.number, { type: "PaymentSucceeded" }, by(1));
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`floor exceptions on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(world(), { now: T0, actor: "test" });
    });
    afterEach(async () => cleanup());

    it("--max-orders N plans one wave of at most N orders; the rest wait unless more waves are asked for", async () => {
      await confirmed(store, ...["S1", "S2", "S3", "S4", "S5"].map((n) => order(n, [["B", 1]])));
      const one = await planWavesFor(store, { warehouse: "WH1", mode: "single", maxOrders: 2, ...by(2) });
      expect(one.waves.map((w) => w.orders)).toEqual([["S1", "S2"]]);
      expect(one.deferred).toEqual(["S3", "S4", "S5"]);
      const two = await planWavesFor(store, { warehouse: "WH1", mode: "single", maxOrders: 2, waves: 2, ...by(3) });
      expect(two.waves.map((w) => w.orders)).toEqual([["S3", "S4"], ["S5"]]);
      expect(two.deferred).toEqual([]);
    });

    it("waves cancel: a planned wave's orders can be planned again; a released one's go back to Confirmed, audited", async () => {
      await confirmed(store, order("S1", [["B", 1]]), order("S2", [["B", 2]]));
      const planned = await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by(2) });
      const w1 = planned.waves[0]!.id;
      const c1 = await cancelWave(store, `W${w1}`, by(3));
      expect(c1).toMatchObject({ waveId: w1, was: "planned", confirmed: [] });
      expect((await listWaves(store.kysely)).find((w) => w.id === w1)?.status).toBe("cancelled");

      const again = await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by(4) });
      expect(again.waves.flatMap((w) => w.orders).sort()).toEqual(["S1", "S2"]);
      const w2 = again.waves[0]!.id;
      await releaseWave(store, w2, by(5));
      expect((await store.getOrder("S1"))!.order.status).toBe("Processing");
      const c2 = await cancelWave(store, w2, by(6));
      expect(c2).toMatchObject({ was: "released", confirmed: ["S1", "S2"] });
      const s1 = (await store.getOrder("S1"))!;
      expect(s1.order.status).toBe("Confirmed");
      expect(s1.history.at(-1)).toMatchObject({ event: "StopProcessing", from: "Processing", to: "Confirmed", actor: "test", metadata: { waveId: String(w2) } });
      const list = await getPickList(store.kysely, again.waves[0]!.pickLists[0]!.id);
      expect(list.status).toBe("cancelled");
      // stock still allocated: planned again
      expect((await planWavesFor(store, { warehouse: "WH1", ...by(7) })).waves.flatMap((w) => w.orders).sort()).toEqual(["S1", "S2"]);
      expect(await codeOf(cancelWave(store, w2, by(8)))).toBe("WAVE_NOT_CANCELLABLE");
    });

    it("waves cancel refuses a wave whose picking has started", async () => {
      await confirmed(store, order("S1", [["B", 1]]));
      const w = (await planWavesFor(store, { warehouse: "WH1", ...by(2) })).waves[0]!;
      await releaseWave(store, w.id, by(3));
      const picking = new PickingService(store);
      await picking.assignNext({ picker: "u-ana", warehouse: "WH1" }, by(4));
      await picking.confirmLocation({ pickListId: w.pickLists[0]!.id, location: "A-02-01-A" }, by(4));
      expect(await codeOf(cancelWave(store, w.id, by(5)))).toBe("WAVE_ALREADY_STARTED");
      expect((await store.getOrder("S1"))!.order.status).toBe("Processing");
    });

    it("a short pick names the stop number shown by picklists show (or the line id); an unknown stop is bad input", async () => {
      await confirmed(store, order("S1", [["B", 2]]), order("S2", [["A", 1]]));
      const w = (await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by(2) })).waves[0]!;
      await releaseWave(store, w.id, by(3));
      const listId = w.pickLists[0]!.id;
      const view = await getPickList(store.kysely, listId);
      const stop2 = view.stopsInOrder[1]!;
      const picking = new PickingService(store);
      const r = await picking.short({ pickListId: listId, stop: 2, found: 0 }, by(4));
      expect(r).toMatchObject({ lineId: stop2.lineId, found: 0, missing: stop2.quantity });
      expect((await getPickList(store.kysely, listId)).stopsInOrder.find((s) => s.lineId === stop2.lineId)?.status).toBe("short");
      const e = await picking.short({ pickListId: listId, stop: 9, found: 0 }, by(5)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe("PICK_STOP_NOT_FOUND");
    });

    it("back-orders are listed, per order and in all, with the order's state", async () => {
      await confirmed(store, order("S1", [["B", 2]]));
      const w = (await planWavesFor(store, { warehouse: "WH1", ...by(2) })).waves[0]!;
      await releaseWave(store, w.id, by(3));
      const r = await new PickingService(store).short({ pickListId: w.pickLists[0]!.id, stop: 1, found: 0 }, by(4));
      expect(r.backordered).toBe(2);
      const open = await listBackorders(store, {});
      expect(open.map((b) => [b.order, b.orderStatus, b.lineNo, b.sku, b.quantity, b.warehouse, b.status])).toEqual([["S1", "Processing", 1, "B", 2, "WH1", "open"]]);
      expect((await backordersOf(store, "S1")).map((b) => b.quantity)).toEqual([2]);
      expect(await listBackorders(store, { sku: "A" })).toEqual([]);
    });

    async function backorderedS1(): Promise<void> {
      await confirmed(store, order("S1", [["B", 2]]));
      const w = (await planWavesFor(store, { warehouse: "WH1", ...by(2) })).waves[0]!;
      await releaseWave(store, w.id, by(3));
      expect((await new PickingService(store).short({ pickListId: w.pickLists[0]!.id, stop: 1, found: 0 }, by(4))).backordered).toBe(2);
      expect((await planWavesFor(store, { warehouse: "WH1", ...by(5) })).waves).toEqual([]);
    }

    it("a cycle count that restocks the location allocates the back-order again; the next wave plans it", async () => {
      await backorderedS1();
      const count = (await listTasks(store, { type: "cycle-count" }))[0]!;
      const done = await completeTask(store, count.id, { counted: 3 }, by(6));
      expect(done.detail.backordersAllocated).toEqual([{ backorder: expect.any(Number) as number, order: "S1", quantity: 2 }]);
      expect(await listBackorders(store, {})).toEqual([]);
      expect((await listBackorders(store, { status: "allocated" })).map((b) => b.order)).toEqual(["S1"]);
      expect((await store.getOrder("S1"))!.order.lines[0]!.backorderedQuantity).toBe(0);
      expect((await store.listOutbox({ orderRef: "S1" })).map((m) => m.type)).toContain("inventory.backorder.allocated.v1");
      const again = await planWavesFor(store, { warehouse: "WH1", ...by(7) });
      expect(again.waves.map((w) => w.orders)).toEqual([["S1"]]);
      expect(again.waves[0]!.pickLists[0]!.units).toBe(2);
    });

    it("stock imported after a back-order allocates it straight away; the next waves plan picks it", async () => {
      await backorderedS1();
      await store.importData({ stock: [{ value: { warehouse: "WH1", location: "A-02-01-A", sku: "B", onHand: 4 }, file: "stock.csv", line: 2 }] }, by(6));
      expect((await listBackorders(store, { status: "allocated" })).map((b) => [b.order, b.quantity])).toEqual([["S1", 2]]);
      expect(await listBackorders(store, {})).toEqual([]);
      const plan = await planWavesFor(store, { warehouse: "WH1", ...by(7) });
      expect(plan.backordersAllocated).toEqual([]);
      expect(plan.waves.map((w) => w.orders)).toEqual([["S1"]]);
    });

    it("a dry-run stock import allocates nothing", async () => {
      await backorderedS1();
      await store.importData({ stock: [{ value: { warehouse: "WH1", location: "A-02-01-A", sku: "B", onHand: 4 }, file: "stock.csv", line: 2 }] }, { ...by(6), dryRun: true });
      expect((await listBackorders(store, {})).map((b) => b.order)).toEqual(["S1"]);
    });

    it("a back-order can be cancelled with a reason (audited); the order then no longer waits for it", async () => {
      await backorderedS1();
      const [b] = await listBackorders(store, {});
      const c = await cancelBackorder(store, b!.id, "customer agreed", by(6));
      expect(c).toMatchObject({ order: "S1", quantity: 2, reason: "customer agreed", orderCancelled: true });
      // S1's only line was back-ordered in full: with nothing left to ship, the order is cancelled (audited)
      const s1 = (await store.getOrder("S1"))!;
      expect(s1.order.status).toBe("Cancelled");
      expect(s1.history.at(-1)).toMatchObject({ from: "Processing", to: "Cancelled", actor: "test" });
      expect(s1.history.at(-1)!.reason).toContain(`back-order ${b!.id} cancelled`);
      expect((await listBackorders(store, { status: "cancelled" })).map((x) => x.id)).toEqual([b!.id]);
      expect((await store.listOutbox({ orderRef: "S1" })).map((m) => m.type)).toContain("inventory.backorder.cancelled.v1");
      const ev = await store.kysely.selectFrom("pick_events").select(["type", "actor", "detail"]).where("type", "=", "backorder-cancelled").execute();
      expect(ev).toHaveLength(1);
      expect(ev[0]!.actor).toBe("test");
      // stock arriving later does not bring it back
      await store.importData({ stock: [{ value: { warehouse: "WH1", location: "A-02-01-A", sku: "B", onHand: 4 }, file: "stock.csv", line: 2 }] }, by(7));
      expect((await planWavesFor(store, { warehouse: "WH1", ...by(8) })).waves).toEqual([]);
      expect(await codeOf(cancelBackorder(store, b!.id, "again", by(9)))).toBe("BACKORDER_NOT_OPEN");
      expect((await store.getOrder("S1"))!.order.status).toBe("Cancelled");
      const missing = await cancelBackorder(store, 999, "x", by(9)).catch((x: unknown) => x);
      expect((missing as InputError).code).toBe("BACKORDER_NOT_FOUND");
    });

    it("units of a return restocked on QC pass go to a waiting back-order of that SKU first", async () => {
      // R1 ships two B and is delivered; later S1's B is back-ordered; R1's return puts two B back on the shelf
      await confirmed(store, order("R1", [["B", 2]]));
      await store.applyOrderEvent("R1", { type: "StartProcessing", waveId: "W0" }, by(2));
      await store.kysely.updateTable("order_lines").set({ packed_quantity: 2, picked_quantity: 2 }).execute();
      for (const e of [{ type: "MarkPacked" }, { type: "Ship", trackingNumber: "PP1" }, { type: "Delivered" }] as const) await store.applyOrderEvent("R1", e, by(2));
      await backorderedS1();
      for (const e of [
        { type: "RequestReturn", reason: "wrong size" },
        { type: "ReviewReturn" },
        { type: "ApproveReturn" },
        { type: "ReturnShipped" },
        { type: "ReturnReceived" },
        { type: "StartQualityCheck" },
        { type: "ApproveRefund", restockWarehouse: "WH1", restockLocation: "A-02-01-A" },
      ] as const) {
        await store.applyOrderEvent("R1", e, by(6));
      }
      expect((await listBackorders(store, { status: "allocated" })).map((b) => [b.order, b.quantity])).toEqual([["S1", 2]]);
      expect((await store.getOrder("S1"))!.order.lines[0]!.backorderedQuantity).toBe(0);
      const again = await planWavesFor(store, { warehouse: "WH1", ...by(7) });
      expect(again.waves.map((w) => w.orders)).toEqual([["S1"]]);
    });

    it("cancelling the back-order of an order that has other units to ship keeps the order: it ships without them", async () => {
      await confirmed(store, order("S2", [["A", 1], ["B", 2]]));
      const w = (await planWavesFor(store, { warehouse: "WH1", ...by(2) })).waves[0]!;
      await releaseWave(store, w.id, by(3));
      const list = await getPickList(store, w.pickLists[0]!.id);
      const stopB = list.stopsInOrder.find((x) => x.sku === "B")!.stop;
      expect((await new PickingService(store).short({ pickListId: list.id, stop: stopB, found: 0 }, by(4))).backordered).toBe(2);
      const [b] = await listBackorders(store, { order: "S2" });
      const c = await cancelBackorder(store, b!.id, "discontinued", by(5));
      expect(c.orderCancelled).toBe(false);
      const s2 = (await store.getOrder("S2"))!;
      expect(s2.order.status).toBe("Processing");
      expect(s2.order.lines.map((l) => [l.sku, l.quantity - l.backorderedQuantity])).toEqual([["A", 1], ["B", 0]]);
    });
  });
}
