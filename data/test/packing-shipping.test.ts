// The shipping reads and the one ship path on both backends: the shipments listing is one query, ship with a given or a stored tracking number.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KyselyPlugin } from "kysely";
import type { SqlStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { getShipment, listShipments } from "@pickpack/data/packing";
import { backends } from "./backends.js";
import { inputRejection, refusal } from "./fixtures.js";
import { T0, importProcessing, labelRenderer, packOnePerMailer, seedProcessingOrder } from "./packing-fixtures.js";

const ctx = (dt = 0, actor = "u-ben") => ({ now: T0 + 60_000 + dt, actor });

/** A plugin that counts the statements a Kysely instance runs. */
function counter(): KyselyPlugin & { count: number } {
  const c = {
    count: 0,
    transformQuery: (args: Parameters<KyselyPlugin["transformQuery"]>[0]) => {
      c.count++;
      return args.node;
    },
    transformResult: async (args: Parameters<KyselyPlugin["transformResult"]>[0]) => args.result,
  };
  return c;
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`packing shipping on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let svc: PackingService;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      svc = new PackingService(store, { labels: labelRenderer });
    });
    afterEach(async () => cleanup());

    const packOneCartonEach = (order: string, units: number) => packOnePerMailer(svc, order, units, ctx);

    it("lists shipments with one query, whatever their number, each as getShipment returns it", async () => {
      await seedProcessingOrder(store, "SO-M", [["B", 3]]);
      await packOneCartonEach("SO-M", 3);
      const plugin = counter();
      const db = store.kysely.withPlugin(plugin);
      const all = await listShipments(db);
      expect(plugin.count).toBe(1);
      expect(all.map((s) => [s.shipmentNumber, s.cartonNo, s.orderNumber])).toEqual([["SO-M-1", 1, "SO-M"], ["SO-M-2", 2, "SO-M"], ["SO-M-3", 3, "SO-M"]]);
      for (const s of all) expect(await getShipment(store.kysely, s.shipmentNumber)).toEqual(s);
      const byId = await listShipments(db, { order: String((await store.getOrder("SO-M"))!.order.id), date: all[0]!.shipDate });
      expect(byId).toEqual(all);
      expect(await listShipments(db, { date: "2000-01-01" })).toEqual([]);
      expect(await svc.listShipments({ order: "SO-M" })).toEqual(all);
    });

    it("ships with the first carton's tracking number, or with a tracking number from another carrier", async () => {
      await seedProcessingOrder(store, "SO-1", [["B", 2]]);
      await packOneCartonEach("SO-1", 2);
      const first = (await svc.listShipments({ order: "SO-1" }))[0]!;
      const t = await svc.own.ship({ order: "SO-1" }, ctx(100));
      expect(t).toMatchObject({ from: "Packed", to: "Shipped", order: { trackingNumber: first.trackingNumber } });

      // packed outside pickpack's cartons: no shipment stored, the carrier's tracking number is given
      await importProcessing(store, "SO-X", [["B", 1]]);
      expect((await refusal(svc.own.ship({ order: "SO-X", trackingNumber: "PP1" }, ctx(101)))).code).toBe("ORDER_ILLEGAL_TRANSITION");
      const so = (await store.getOrder("SO-X"))!.order;
      await store.kysely.updateTable("order_lines").set({ picked_quantity: 1, packed_quantity: 1 }).where("order_id", "=", so.id).execute();
      await store.applyOrderEvent("SO-X", { type: "MarkPacked" }, ctx(102));
      expect((await refusal(svc.own.ship({ order: "SO-X" }, ctx(103)))).code).toBe("SHIP_NO_SHIPMENT");
      const x = await svc.own.ship({ order: "SO-X", trackingNumber: "PP0001", carrier: "DHL" }, ctx(104));
      expect(x).toMatchObject({ from: "Packed", to: "Shipped", order: { trackingNumber: "PP0001" } });
      expect((await inputRejection(svc.own.ship({ order: "SO-404" }, ctx(105)))).code).toBe("ORDER_NOT_FOUND");
    });

    it("a close-out reports an order shipped before it as already shipped, not as an order left behind", async () => {
      await seedProcessingOrder(store, "SO-1", [["B", 2]]);
      await packOneCartonEach("SO-1", 2);
      await svc.own.ship({ order: "SO-1" }, ctx(100));
      const first = (await svc.listShipments({ order: "SO-1" }))[0]!;
      const m = await svc.own.closeOutManifest({ date: first.shipDate, warehouse: first.warehouse }, ctx(200));
      expect(m).toMatchObject({ shipped: [], alreadyShipped: ["SO-1"], notShipped: [] });
    });

    it("a close-out takes the warehouse named, else asks which when several are defined", async () => {
      await seedProcessingOrder(store, "SO-1", [["B", 1]]);
      await packOneCartonEach("SO-1", 1);
      const wh = (await svc.listShipments())[0]!.warehouse;
      expect(await svc.closeOutTarget("2026-11-22", "WH9")).toEqual({ warehouse: "WH9" });
      expect(await svc.closeOutTarget("2026-11-22")).toEqual({ warehouse: undefined, warehouses: ["WH1", "WH2"], pending: [{ warehouse: wh, carrier: "LC", shipments: 1 }] });
    });
  });
}
