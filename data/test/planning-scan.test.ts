// Picking identifies scanned items with the one scan resolver (core's classification), as packing does.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError, type ImportBatch } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { resolveScannedItem } from "@pickpack/data";
import { PickingService, getPickList, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { backends } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const by = (n: number) => ({ now: T0 + n * 60_000, actor: "test" });
const GS1_ITEM_B = "]C1" + "0100036000291452"; // GS1-128, AI 01 = GTIN-14 of SKU B (UPC-A 036000291452)

function world(): ImportBatch {
  const seed = seedBatch();
  return { ...seed, layouts: [{ value: { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } }, file: "l.json", line: 1 }] };
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`scanned items when picking on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(world(), { now: T0, actor: "test" });
    });
    afterEach(async () => cleanup());

    async function atStop(sku: string) {
      await store.importData(ordersBatch(order("S1", [[sku, 2]])), { now: T0, actor: "test" });
      await store.applyOrderEvent("S1", { type: "PaymentSucceeded" }, by(1));
      const plan = await planWavesFor(store, { warehouse: "WH1", ...by(2) });
      await releaseWave(store, plan.waves[0]!.id, by(3));
      const list = await getPickList(store.kysely, plan.waves[0]!.pickLists[0]!.id);
      const picking = new PickingService(store);
      await picking.confirmLocation({ pickListId: list.id, location: list.stopsInOrder[0]!.location }, by(4));
      return { picking, list };
    }

    it("the one resolver names the SKU of a GS1-128 scan, with or without SKU codes", async () => {
      for (const skuCodes of [false, true]) {
        const resolved = await resolveScannedItem(store, GS1_ITEM_B, { skuCodes });
        expect(resolved.ok && resolved.value.item).toMatchObject({ sku: "B", via: "gs1", code: "00036000291452" });
      }
      const own = await resolveScannedItem(store, "B");
      expect(own.ok && own.value.item).toBeUndefined();
      const ownCode = await resolveScannedItem(store, "B", { skuCodes: true });
      expect(ownCode.ok && ownCode.value.item).toMatchObject({ sku: "B", via: "sku-code" });
    });

    it("a GS1-128 scan whose AI 01 is the SKU's GTIN picks the SKU (as packing resolves it)", async () => {
      const { picking, list } = await atStop("B");
      const r = await picking.confirmItem({ pickListId: list.id, code: GS1_ITEM_B }, by(5));
      expect(r).toMatchObject({ sku: "B", picked: 1, quantity: 2, lineDone: false });
    });

    it("still accepts the SKU's own code and its GTIN in another length, and refuses another SKU's GTIN", async () => {
      const { picking, list } = await atStop("B");
      expect(await picking.confirmItem({ pickListId: list.id, code: " B " }, by(5))).toMatchObject({ picked: 1 });
      expect(await picking.confirmItem({ pickListId: list.id, code: "00036000291452" }, by(6))).toMatchObject({ picked: 2, lineDone: true });
    });

    it("refuses a GS1 scan of another SKU's GTIN as the wrong item", async () => {
      const { picking, list } = await atStop("B");
      const e = await picking.confirmItem({ pickListId: list.id, code: "]C1" + "0104006381333931" }, by(5)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("PICK_WRONG_ITEM");
      expect((e as DomainError).message).toContain("scanned A (");
    });
  });
}
