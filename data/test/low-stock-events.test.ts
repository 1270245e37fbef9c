// stock.low.v1: a SKU that falls to its reorder point is announced once through the outbox (a stream
// event, valid against the catalogue's schema); it is not repeated while it stays low; once it recovers
// above the point, the next fall is announced again. On both backends.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EVENT_CATALOGUE } from "@pickpack/core";
import { checkLowStock, type SqlStore } from "@pickpack/data";
import { importReorderPoints } from "@pickpack/data/reports";
import { Ajv2020 } from "ajv/dist/2020.js";
import { backends } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const by = (min: number) => ({ now: T0 + min * 60_000, actor: "test" });

for (const backend of backends) {
  describe.skipIf(!backend.available)(`stock.low.v1 on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let dir: string;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      dir = mkdtempSync(join(tmpdir(), "pickpack-low-"));
      await store.importData(seedBatch(), by(0)); // WH1 holds B:5
      const file = join(dir, "reorder.csv");
      writeFileSync(file, "warehouse,sku,reorderPoint,target\nWH1,B,3,10\n");
      await importReorderPoints(store, file, { now: T0 });
    });
    afterEach(async () => {
      await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });
    const lowEvents = async () =>
      (await store.kysely.selectFrom("outbox").select(["type", "stream", "payload"]).where("type", "=", "stock.low.v1").orderBy("id").execute()).map((r) => ({ stream: r.stream, ...(JSON.parse(r.payload) as Record<string, unknown>) }));

    it("announces a fall to the reorder point once, and again after a recovery", async () => {
      expect((await checkLowStock(store, by(1).now)).announced).toEqual([]); // 5 available > 3
      await store.importData(ordersBatch(order("L1", [["B", 2]])), by(2)); // 3 left: at the reorder point
      const first = await checkLowStock(store, by(3).now);
      expect(first.announced).toEqual([{ warehouse: "WH1", sku: "B", available: 3, reorderPoint: 3 }]);
      expect((await checkLowStock(store, by(4).now)).announced).toEqual([]); // still low: not repeated
      const events = await lowEvents();
      expect(events).toEqual([{ stream: "stock:WH1:B", warehouse: "WH1", sku: "B", available: 3, reorderPoint: 3 }]);
      const schema = EVENT_CATALOGUE.find((e) => e.type === "stock.low.v1")!.schema;
      const valid = new Ajv2020({ strict: false }).compile(schema);
      expect(valid({ ...events[0], orderNumber: "", sequence: 1 }), JSON.stringify(valid.errors)).toBe(true);

      // stock arrives: recovered; the next fall is announced again
      await store.importData({ stock: [{ value: { warehouse: "WH1", location: "A-02-01-A", sku: "B", onHand: 12 }, file: "stock.csv", line: 2 }] }, by(5));
      expect((await checkLowStock(store, by(6).now)).recovered).toEqual([{ warehouse: "WH1", sku: "B" }]);
      await store.importData(ordersBatch(order("L2", [["B", 9]])), by(7));
      expect((await checkLowStock(store, by(8).now)).announced).toEqual([{ warehouse: "WH1", sku: "B", available: 1, reorderPoint: 3 }]);
      expect((await lowEvents()).map((e) => (e as { available?: number }).available)).toEqual([3, 1]);
    });
  });
}
