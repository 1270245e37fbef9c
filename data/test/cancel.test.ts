// One cancellation path: however an order is cancelled (the store port's applyOrderEvent, a step in
// someone's transaction, the planning-aware cancelOrder), an order on a released wave leaves its
// pick lists in the same transaction, so no picker is sent to pick it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ImportBatch, type Layout } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { PickingService, getPickList, listWaves, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { backends } from "./backends.js";
import { order, ordersBatch, refusalCode as codeOf, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const MIN = 60_000;
const by = (n: number) => ({ now: T0 + n * MIN, actor: "test" });

const LAYOUT: Layout = { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };

function world(): ImportBatch {
  return { ...seedBatch(), layouts: [{ value: { ...LAYOUT }, file: "cancel.json", line: 1 }] };
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`cancellation on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let picking: PickingService;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(world(), { now: T0, actor: "test" });
      picking = new PickingService(store);
    });
    afterEach(async () => cleanup());

    /** Two Confirmed WH1 orders on one released trip; returns the trip and S1's line. */
    async function releasedTrip() {
      await store.importData(ordersBatch(order("S1", [["B", 2]]), order("S2", [["B", 1]])), { now: T0, actor: "test" });
      for (const n of ["S1", "S2"]) await store.applyOrderEvent(n, { type: "PaymentSucceeded" }, by(1));
      const plan = await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by(2) });
      await releaseWave(store, plan.waves[0]!.id, by(3));
      const list = await getPickList(store.kysely, plan.waves[0]!.pickLists[0]!.id);
      return { list, s1: list.stopsInOrder.find((s) => s.order === "S1")! };
    }

    async function expectOffTheTrip(list: { id: number }, s1LineId: number) {
      const view = await getPickList(store.kysely, list.id);
      expect(view.stopsInOrder.find((s) => s.lineId === s1LineId)!.status).toBe("cancelled");
      // the picker is sent to S2 only; scanning S1's item is refused as done, never as an over-pick
      await picking.confirmLocation({ pickListId: list.id, location: "A-02-01-A" }, by(5));
      expect(await picking.nextTask(list.id)).toMatchObject({ order: "S2" });
      expect(await codeOf(picking.confirmItem({ pickListId: list.id, code: "B", lineId: s1LineId }, by(5)))).toBe("PICK_LINE_DONE");
      const done = await picking.confirmItem({ pickListId: list.id, code: "B" }, by(6));
      expect(done.next).toBeNull();
      const events = await store.kysely.selectFrom("pick_events").select("type").where("type", "=", "order-cancelled").execute();
      expect(events).toHaveLength(1);
    }

    it("store.applyOrderEvent(Cancel) on an order in a released wave takes its lines off the trip", async () => {
      const { list, s1 } = await releasedTrip();
      const out = await store.applyOrderEvent("S1", { type: "Cancel", reason: "customer request" }, by(4));
      expect(out).toMatchObject({ from: "Processing", to: "Cancelled" });
      await expectOffTheTrip(list, s1.lineId);
    });

    it("tx.applyOrderEvent(Cancel) inside a transaction does the same", async () => {
      const { list, s1 } = await releasedTrip();
      await store.transaction((tx) => tx.applyOrderEvent("S1", { type: "Cancel", reason: "customer request" }, by(4)));
      await expectOffTheTrip(list, s1.lineId);
    });

    it("a trip whose every order is cancelled through the port is cancelled with its wave", async () => {
      const { list } = await releasedTrip();
      for (const n of ["S1", "S2"]) await store.applyOrderEvent(n, { type: "Cancel", reason: "duplicate" }, by(4));
      const view = await getPickList(store.kysely, list.id);
      expect(view.status).toBe("cancelled");
      expect((await listWaves(store.kysely))[0]!.status).toBe("cancelled");
    });
  });
}
