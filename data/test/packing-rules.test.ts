// Packing rules on both backends: manifests per warehouse and numbered per day (late shipments go on
// the next one), ship dates in the warehouse's time zone, units packed only where allocated and, for
// waved orders, only once picked.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqlStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { PickingService, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { backends } from "./backends.js";
import { refusal } from "./fixtures.js";
import { order, ordersBatch } from "./fixtures.js";
import { T0, importProcessing, seedProcessingOrder } from "./packing-fixtures.js";

const at = (iso: string, actor = "u-ben") => ({ now: Date.parse(iso), actor });


for (const backend of backends) {
  describe.skipIf(!backend.available)(`packing rules on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let svc: PackingService;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      svc = new PackingService(store);
    });
    afterEach(async () => cleanup());

    /** Scan every unit, weigh at the expected weight, close: one carton. */
    async function packAll(number: string, when: string): Promise<{ shipmentNumber: string; warehouse: string; shipDate: string }> {
      const view = await svc.own.view(number);
      for (const l of view.lines) for (let i = 0; i < l.ordered; i++) await svc.own.scanItem({ order: number, sku: l.sku }, at(when));
      const w = await refusal(svc.own.recordWeight({ order: number, grams: 1 }, at(when)));
      await svc.own.recordWeight({ order: number, grams: Number(w.details?.expectedGrams) }, at(when));
      const c = await svc.own.closeCarton({ order: number }, at(when));
      const s = (await svc.getShipment(c.shipmentNumber))!;
      return { shipmentNumber: s.shipmentNumber, warehouse: s.warehouse, shipDate: s.shipDate };
    }

    it("closes out per warehouse: Berlin's manifest holds only Berlin's shipments, a late shipment goes on manifest 2", async () => {
      // the fixtures allocate B to WH1 (Berlin) and C to WH2 (Hamburg)
      await seedProcessingOrder(store, "SO-B", [["B", 1]]);
      await importProcessing(store, "SO-C", [["C", 1]]);
      await importProcessing(store, "SO-L", [["B", 1]]);
      expect(await packAll("SO-B", "2026-11-22T09:00:00Z")).toMatchObject({ warehouse: "WH1", shipDate: "2026-11-22" });
      expect(await packAll("SO-C", "2026-11-22T09:05:00Z")).toMatchObject({ warehouse: "WH2", shipDate: "2026-11-22" });
      expect(await svc.pendingCloseOuts("2026-11-22")).toEqual([
        { warehouse: "WH1", carrier: "LC", shipments: 1 },
        { warehouse: "WH2", carrier: "LC", shipments: 1 },
      ]);

      const berlin = await svc.own.closeOutManifest({ date: "2026-11-22", warehouse: "WH1" }, at("2026-11-22T15:00:00Z", "cli:sue"));
      expect(berlin).toMatchObject({ warehouse: "WH1", sequence: 1, shipped: ["SO-B"], notShipped: [] });
      expect(berlin.manifest).toMatchObject({ manifestNumber: "LC-WH1-20261122-1", shipFrom: { city: "Berlin" }, totals: { shipments: 1 } });
      expect(berlin.manifest.shipments.map((s) => s.orderNumber)).toEqual(["SO-B"]);
      // Hamburg's packed order is not shipped by Berlin's close-out
      expect((await store.getOrder("SO-C"))!.order.status).toBe("Packed");

      // packed after the close-out: the next manifest of the day takes it
      await packAll("SO-L", "2026-11-22T16:30:00Z");
      const late = await svc.own.closeOutManifest({ date: "2026-11-22", warehouse: "WH1" }, at("2026-11-22T17:00:00Z"));
      expect(late).toMatchObject({ sequence: 2, shipped: ["SO-L"], manifest: { manifestNumber: "LC-WH1-20261122-2", totals: { shipments: 1 } } });
      expect(late.manifest.shipments.map((s) => s.shipmentNumber)).toEqual(["SO-L-1"]);
      expect((await refusal(svc.own.closeOutManifest({ date: "2026-11-22", warehouse: "WH1" }, at("2026-11-22T17:01:00Z")))).code).toBe("MANIFEST_EMPTY");

      const hamburg = await svc.own.closeOutManifest({ date: "2026-11-22", warehouse: "WH2" }, at("2026-11-22T17:30:00Z"));
      expect(hamburg).toMatchObject({ sequence: 1, shipped: ["SO-C"], manifest: { manifestNumber: "LC-WH2-20261122-1", shipFrom: { city: "Hamburg" } } });
      expect((await svc.listManifests({ date: "2026-11-22" })).map((m) => [m.manifestNumber, m.warehouse, m.sequence, m.shipments])).toEqual([
        ["LC-WH1-20261122-1", "WH1", 1, 1],
        ["LC-WH1-20261122-2", "WH1", 2, 1],
        ["LC-WH2-20261122-1", "WH2", 1, 1],
      ]);
      expect(await svc.pendingCloseOuts("2026-11-22")).toEqual([]);
      await expect(svc.own.closeOutManifest({ date: "2026-11-22", warehouse: "WH9" }, at("2026-11-22T18:00:00Z"))).rejects.toMatchObject({ code: "WAREHOUSE_NOT_FOUND" });
    });

    it("dates a shipment in the warehouse's day: 00:30 in Berlin is the next day, though still the previous one in UTC", async () => {
      await seedProcessingOrder(store, "SO-N", [["B", 1]]);
      const s = await packAll("SO-N", "2026-11-22T23:30:00Z");
      expect(s).toMatchObject({ warehouse: "WH1", shipDate: "2026-11-23" });
      await expect(svc.own.closeOutManifest({ date: "2026-11-22", warehouse: "WH1" }, at("2026-11-23T08:00:00Z"))).rejects.toMatchObject({ code: "MANIFEST_EMPTY" });
      const m = await svc.own.closeOutManifest({ date: "2026-11-23", warehouse: "WH1" }, at("2026-11-23T15:00:00Z"));
      expect(m.manifest.manifestNumber).toBe("LC-WH1-20261123-1");
    });

    it("refuses a unit in a carton of a warehouse that holds no allocation for it (PACK_WRONG_WAREHOUSE), changing nothing", async () => {
      await seedProcessingOrder(store, "SO-C", [["C", 1]]); // allocated to WH2
      const e = await refusal(svc.own.scanItem({ order: "SO-C", sku: "C", warehouse: "WH1" }, at("2026-11-22T09:00:00Z")));
      expect(e.code).toBe("PACK_WRONG_WAREHOUSE");
      expect(e.message).toBe("line 1 (C) of order SO-C is not allocated to WH1, the warehouse of this carton; pack it where it is allocated: WH2 (1)");
      expect((await svc.own.view("SO-C")).cartons).toEqual([]);
      // without a warehouse the carton opens where the line is allocated
      expect(await svc.own.scanItem({ order: "SO-C", sku: "C" }, at("2026-11-22T09:01:00Z"))).toMatchObject({ cartonNo: 1 });
      expect((await svc.own.view("SO-C")).cartons[0]!.warehouse).toBe("WH2");
    });

    it("a waved order packs only what was picked (PACK_NOT_PICKED names the pick list); an order never waved packs directly", async () => {
      await seedProcessingOrder(store, "SO-X", [["A", 1]]); // the seed; this order is waved too
      await store.importData(
        { layouts: [{ value: { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } }, file: "layouts.json", line: 1 }] },
        { now: T0, actor: "seed" },
      );
      await store.importData(ordersBatch(order("SO-W", [["B", 2]])), { now: T0, actor: "seed" });
      await store.applyOrderEvent("SO-W", { type: "PaymentSucceeded" }, { now: T0 + 1000, actor: "seed" });
      const by = { now: T0 + 5000, actor: "u-sue" };
      const plan = await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by });
      const wave = plan.waves.find((w) => w.orders.includes("SO-W"))!;
      await releaseWave(store, wave.id, by);
      const list = wave.pickLists.find((l) => l.orders.some((o) => o.order === "SO-W"))!;
      await importProcessing(store, "SO-D", [["B", 1]]); // started by hand after the wave: never waved

      const e = await refusal(svc.own.scanItem({ order: "SO-W", sku: "B" }, at("2026-11-22T09:00:00Z")));
      expect(e.code).toBe("PACK_NOT_PICKED");
      expect(e.message).toBe(`line 1 (B) of order SO-W: only 0 picked in WH1 and 0 already packed — pick it before packing; see pick list ${list.id} (wave ${wave.id}, released: 0 of 2 picked)`);
      expect((await svc.own.view("SO-W")).cartons).toEqual([]);

      // pick one unit through the planning picking service: one unit packs, the second is refused
      const picking = new PickingService(store);
      const soW = (await store.kysely.selectFrom("orders").select("id").where("number", "=", "SO-W").executeTakeFirstOrThrow()).id;
      const line = (await store.kysely.selectFrom("pick_list_lines").select(["id", "location"]).where("pick_list_id", "=", list.id).where("order_id", "=", soW).execute())[0]!;
      await picking.confirmLocation({ pickListId: list.id, location: line.location, lineId: line.id }, { now: T0 + 6000, actor: "u-pia" });
      await picking.confirmItem({ pickListId: list.id, code: "B", quantity: 1, lineId: line.id }, { now: T0 + 7000, actor: "u-pia" });
      expect(await svc.own.scanItem({ order: "SO-W", sku: "B" }, at("2026-11-22T09:01:00Z"))).toMatchObject({ packed: 1, ordered: 2 });
      const again = await refusal(svc.own.scanItem({ order: "SO-W", sku: "B" }, at("2026-11-22T09:02:00Z")));
      expect(again.code).toBe("PACK_NOT_PICKED");
      expect(again.message).toMatch(/only 1 picked in WH1 and 1 already packed .* \(wave \d+, picking: 1 of 2 picked\)/);
      expect(again.details).toMatchObject({ picked: 1, packedHere: 1, pickLists: [list.id] });

      // the order started by hand (no pick list) is packed straight from its allocation
      expect(await svc.own.scanItem({ order: "SO-D", sku: "B" }, at("2026-11-22T09:03:00Z"))).toMatchObject({ packed: 1, remaining: 0 });
    });

    it("packs a split order's waved part where it was picked, and refuses the part of the other warehouse until it is picked there", async () => {
      await seedProcessingOrder(store, "SO-X", [["A", 1]]);
      await store.importData(
        { layouts: [{ value: { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } }, file: "layouts.json", line: 1 }] },
        { now: T0, actor: "seed" },
      );
      // fewest shipments: A×2 and C from WH2, B from WH1
      await store.importData(ordersBatch(order("SO-S", [["A", 2], ["B", 1], ["C", 1]])), { now: T0, actor: "seed" });
      await store.applyOrderEvent("SO-S", { type: "PaymentSucceeded" }, { now: T0 + 1000, actor: "seed" });
      const by = { now: T0 + 5000, actor: "u-sue" };
      const wave = (await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by })).waves.find((w) => w.orders.includes("SO-S"))!;
      await releaseWave(store, wave.id, by);
      const list = wave.pickLists.find((l) => l.orders.some((o) => o.order === "SO-S"))!;
      const picking = new PickingService(store);
      const soS = (await store.kysely.selectFrom("orders").select("id").where("number", "=", "SO-S").executeTakeFirstOrThrow()).id;
      const line = (await store.kysely.selectFrom("pick_list_lines").select(["id", "location"]).where("pick_list_id", "=", list.id).where("order_id", "=", soS).execute())[0]!;
      await picking.confirmLocation({ pickListId: list.id, location: line.location, lineId: line.id }, { now: T0 + 6000, actor: "u-pia" });
      await picking.confirmItem({ pickListId: list.id, code: "B", quantity: 1, lineId: line.id }, { now: T0 + 7000, actor: "u-pia" });

      const a = await refusal(svc.own.scanItem({ order: "SO-S", sku: "A" }, at("2026-11-22T09:00:00Z")));
      expect(a.code).toBe("PACK_NOT_PICKED");
      expect(a.message).toContain("only 0 picked in WH2");
      expect(a.message).toContain("it is on no pick list in WH2");
      expect((await svc.own.view("SO-S")).cartons).toEqual([]);
      expect(await svc.own.scanItem({ order: "SO-S", sku: "B" }, at("2026-11-22T09:01:00Z"))).toMatchObject({ packed: 1 });
      const carton = await store.kysely.selectFrom("cartons").select("warehouse").where("order_id", "=", soS).executeTakeFirstOrThrow();
      expect(carton.warehouse).toBe("WH1");
    });

    it("a pack station of a warehouse shows only what packs there, says what ships from elsewhere, and refuses a unit of the other warehouse as shipping from there", async () => {
      await seedProcessingOrder(store, "SO-X", [["A", 1]]);
      await store.importData(
        { layouts: [{ value: { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } }, file: "layouts.json", line: 1 }] },
        { now: T0, actor: "seed" },
      );
      // A×2 and C from WH2, B from WH1
      await store.importData(ordersBatch(order("SO-S", [["A", 2], ["B", 1], ["C", 1]])), { now: T0, actor: "seed" });
      await store.applyOrderEvent("SO-S", { type: "PaymentSucceeded" }, { now: T0 + 1000, actor: "seed" });
      const by = { now: T0 + 5000, actor: "u-sue" };
      const wave = (await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by })).waves.find((w) => w.orders.includes("SO-S"))!;
      await releaseWave(store, wave.id, by);
      const list = wave.pickLists.find((l) => l.orders.some((o) => o.order === "SO-S"))!;
      const soS = (await store.kysely.selectFrom("orders").select("id").where("number", "=", "SO-S").executeTakeFirstOrThrow()).id;
      const line = (await store.kysely.selectFrom("pick_list_lines").select(["id", "location"]).where("pick_list_id", "=", list.id).where("order_id", "=", soS).execute())[0]!;
      const picking = new PickingService(store);
      await picking.confirmLocation({ pickListId: list.id, location: line.location, lineId: line.id }, { now: T0 + 6000, actor: "u-pia" });
      await picking.confirmItem({ pickListId: list.id, code: "B", quantity: 1, lineId: line.id }, { now: T0 + 7000, actor: "u-pia" });

      const here = await svc.own.start({ order: "SO-S", warehouse: "WH1" });
      expect(here.lines.map((l) => [l.sku, l.ordered, l.packed])).toEqual([["B", 1, 0]]);
      expect(here.elsewhere.map((e) => [e.sku, e.warehouse, e.quantity])).toEqual([["A", "WH2", 2], ["C", "WH2", 1]]);
      expect(here.progress).toEqual({ ordered: 1, packed: 0, complete: false });
      const a = await refusal(svc.own.scanItem({ order: "SO-S", sku: "A", station: "WH1" }, at("2026-11-22T09:00:00Z")));
      expect(a.code).toBe("PACK_SHIPS_ELSEWHERE");
      expect(a.message).toBe("this line ships from WH2 in its own carton: line 1 (A) of order SO-S is packed there, not at this WH1 station");
      expect(await svc.own.scanItem({ order: "SO-S", sku: "B", station: "WH1" }, at("2026-11-22T09:01:00Z"))).toMatchObject({ packed: 1 });
      const after = await store.transaction((tx) => svc.view(tx, "SO-S", "WH1"));
      expect(after.progress).toMatchObject({ ordered: 1, packed: 1 });
      // the whole order seen from WH2's station: nothing packs at WH1's any more, A and C here
      const wh2 = await store.transaction((tx) => svc.view(tx, "SO-S", "WH2"));
      expect(wh2.lines.map((l) => [l.sku, l.ordered])).toEqual([["A", 2], ["C", 1]]);
      expect(wh2.elsewhere).toEqual([]);
    });
  });
}
