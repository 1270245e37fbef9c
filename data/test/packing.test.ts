// Packing end to end on both backends: scans, boxes, weights, cartons, SSCCs, shipments, labels, Packed, manifest, Shipped.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isValidLocalCourierTracking, isValidSscc } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { backends } from "./backends.js";
import { inputRejection, refusal } from "./fixtures.js";
import { T0, importProcessing, labelRenderer, seedProcessingOrder } from "./packing-fixtures.js";

const ctx = (dt = 0, actor = "u-ben") => ({ now: T0 + 60_000 + dt, actor });
const GTIN_A = "4006381333931"; // SKU A's barcode in the seed
const GTIN_B = "036000291452"; // SKU B (UPC-A)
const GTIN_C = "96385074"; // SKU C (EAN-8)


for (const backend of backends) {
  describe.skipIf(!backend.available)(`packing on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let svc: PackingService;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      svc = new PackingService(store, { labels: labelRenderer, sscc: { extensionDigit: 3, companyPrefix: "4012345" } });
    });
    afterEach(async () => cleanup());

    it("packs a seed order end to end: scans by barcode, suggested box, weight, SSCC, shipment, PDF label, Packed, outbox", async () => {
      await seedProcessingOrder(store, "SO-1", [["A", 1], ["B", 2]]);
      const view = await svc.own.start({ order: "SO-1" });
      expect(view.lines.map((l) => [l.sku, l.ordered, l.packed])).toEqual([["A", 1, 0], ["B", 2, 0]]);
      expect(view.suggestedBox).toBe("S");
      // GS1 form of A's GTIN (with AIM id), plain UPC-A for B, and the stored 12-digit form of B again
      const s1 = await svc.own.scanItem({ order: "SO-1", barcode: `]C1(01)0${GTIN_A}` }, ctx());
      expect(s1).toMatchObject({ sku: "A", name: "Item A", cartonNo: 1, openedCarton: true, packed: 1, ordered: 1, remaining: 2 });
      await svc.own.scanItem({ order: "SO-1", barcode: GTIN_B }, ctx(1));
      await svc.own.scanItem({ order: "SO-1", barcode: `0${GTIN_B}` }, ctx(2));
      // expected = 100 + 2×200 + tare 80 = 580 g; 600 g is within ±50 g
      const w = await svc.own.recordWeight({ order: "SO-1", grams: 600 }, ctx(3));
      expect(w).toMatchObject({ box: "S", check: { verdict: "ok", expectedGrams: 580, measuredGrams: 600 } });
      const closed = await svc.own.closeCarton({ order: "SO-1" }, ctx(4));
      expect(closed).toMatchObject({ orderNumber: "SO-1", cartonNo: 1, orderPacked: true, cartons: 1, carrier: "LC", shipmentNumber: "SO-1-1" });
      expect(isValidSscc(closed.sscc)).toBe(true);
      expect(closed.sscc).toMatch(/^34012345\d{9}\d$/);
      expect(isValidLocalCourierTracking(closed.trackingNumber)).toBe(true);
      expect(Buffer.from(closed.label.bytes!).subarray(0, 4).toString()).toBe("%PDF");
      expect(closed.label.data).toMatchObject({ sscc: closed.sscc, trackingNumber: closed.trackingNumber, carton: { index: 1, count: 1 }, service: "Same day", weightKg: 0.6, orderNumber: "SO-1" });
      expect(closed.label.data.shipFrom.city).toMatch(/Berlin|Hamburg/);

      const details = (await store.getOrder("SO-1"))!;
      expect(details.order.status).toBe("Packed");
      expect(details.order.lines.map((l) => l.packedQuantity)).toEqual([1, 2]);
      expect(details.history.at(-1)).toMatchObject({ from: "Processing", to: "Packed", event: "MarkPacked", actor: "u-ben", metadata: { cartons: 1 } });
      const outbox = (await store.listOutbox({ orderRef: "SO-1" })).map((o) => o.type);
      expect(outbox.slice(-3)).toEqual(["shipment.created.v1", "order.status.changed.v1", "order.packed.v1"]);
      const packed = (await store.listOutbox({ orderRef: "SO-1" })).at(-1)!;
      expect(packed.payload).toEqual({ orderNumber: "SO-1", cartons: 1, shipments: [{ shipmentNumber: "SO-1-1", trackingNumber: closed.trackingNumber, sscc: closed.sscc }] });

      const shipment = (await svc.getShipment("SO-1-1"))!;
      expect(shipment).toMatchObject({ id: closed.shipmentId, sscc: closed.sscc, trackingNumber: closed.trackingNumber, weightGrams: 600, service: "SAMEDAY", shipDate: "2026-11-22" });
      expect((await svc.getShipment(String(closed.shipmentId)))?.shipmentNumber).toBe("SO-1-1");
      // a ZPL rendering of the stored label data
      const zpl = new TextDecoder().decode(await labelRenderer.render(shipment.label, "zpl", 203));
      expect(zpl.startsWith("^XA")).toBe(true);
      expect(zpl).toContain(closed.sscc);

      // nothing more to pack
      expect((await refusal(svc.own.scanItem({ order: "SO-1", barcode: GTIN_A }, ctx(5)))).code).toBe("PACK_ORDER_NOT_PACKABLE");

      // close out the day: the order ships with its tracking number
      const wh = shipment.warehouse;
      const m = await svc.own.closeOutManifest({ date: "2026-11-22", warehouse: wh }, ctx(6, "cli:test"));
      expect(m.manifest).toMatchObject({ manifestNumber: `LC-${wh}-20261122-1`, totals: { shipments: 1, parcels: 1, weightKg: 0.6 } });
      expect(m).toMatchObject({ warehouse: wh, sequence: 1, shipped: ["SO-1"] });
      const after = (await store.getOrder("SO-1"))!;
      expect(after.order).toMatchObject({ status: "Shipped", trackingNumber: closed.trackingNumber });
      expect((await svc.getShipment("SO-1-1"))?.manifestNumber).toBe(`LC-${wh}-20261122-1`);
      // nothing new to close out: refused, the stored manifest stays (reprint it by number)
      const again = await refusal(svc.own.closeOutManifest({ date: "2026-11-22", warehouse: wh }, ctx(7)));
      expect(again.code).toBe("MANIFEST_EMPTY");
      expect((await svc.getManifest(`LC-${wh}-20261122-1`))?.manifest).toEqual(m.manifest);
    });

    it("refuses a wrong item (naming it and its order), an over-pack, and a non-item scan, changing nothing", async () => {
      await seedProcessingOrder(store, "SO-1", [["B", 1]]);
      await importProcessing(store, "SO-2", [["C", 1]]);
      const wrong = await refusal(svc.own.scanItem({ order: "SO-1", barcode: GTIN_C }, ctx()));
      expect(wrong.code).toBe("PACK_WRONG_ITEM");
      expect(wrong.message).toBe("C (Item C) is not on order SO-1; it belongs to order SO-2 — put it aside");
      await svc.own.scanItem({ order: "SO-1", barcode: GTIN_B }, ctx(1));
      const over = await refusal(svc.own.scanItem({ order: "SO-1", barcode: GTIN_B }, ctx(2)));
      expect(over.code).toBe("PACK_OVERPACK");
      expect(over.message).toMatch(/needs 1 × B and all 1 are already packed/);
      const loc = await refusal(svc.own.scanItem({ order: "SO-1", barcode: "LOC-A-01" }, ctx(3)));
      expect(loc.code).toBe("PACK_NOT_AN_ITEM");
      expect(loc.message).toBe("scanned a location (LOC-A-01), expected an item of the order");
      const unknown = await refusal(svc.own.scanItem({ order: "SO-1", barcode: "4006381333948" }, ctx(3)));
      expect(unknown.message).toMatch(/no SKU has GTIN 04006381333948/);
      const view = await svc.own.view("SO-1");
      expect(view.lines.map((l) => l.packed)).toEqual([1]);
      expect(view.cartons).toHaveLength(1);
      expect(view.cartons[0]!.items).toEqual([{ lineNo: 1, sku: "B", quantity: 1 }]);
      expect((await svc.own.view("SO-2")).cartons).toEqual([]);
      // an order not released for picking cannot be packed
      await store.importData({ orders: [{ value: { ...(await import("./fixtures.js")).order("SO-3", [["A", 1]]) }, file: "o", line: 1 }] }, { now: T0, actor: "seed" });
      expect((await refusal(svc.own.start({ order: "SO-3" }))).code).toBe("PACK_ORDER_NOT_PACKABLE");
      expect((await inputRejection(svc.own.start({ order: "SO-404" }))).code).toBe("ORDER_NOT_FOUND");
    });

    it("weight outside tolerance is refused with numbers and advice; a packer cannot override; a supervisor can, recorded", async () => {
      await seedProcessingOrder(store, "SO-1", [["B", 2]]);
      await svc.own.scanItem({ order: "SO-1", sku: "B" }, ctx());
      await svc.own.scanItem({ order: "SO-1", sku: "B" }, ctx(1));
      const noWeight = await refusal(svc.own.closeCarton({ order: "SO-1" }, ctx(2)));
      expect(noWeight.code).toBe("PACK_WEIGHT_MISSING");
      // expected 2×200 + 80 = 480 g; 300 g is 180 g light
      const light = await refusal(svc.own.recordWeight({ order: "SO-1", grams: 300 }, ctx(3)));
      expect(light.code).toBe("PACK_WEIGHT_OUT_OF_TOLERANCE");
      expect(light.message).toBe("carton weighs 300 g, expected 480 g ±50 g (180 g too light): check that every scanned item is really in the carton and that the box type is right");
      expect(light.details).toMatchObject({ verdict: "too_light", expectedGrams: 480, measuredGrams: 300, cartonNo: 1 });
      expect((await svc.own.view("SO-1")).cartons[0]!.measuredWeightGrams).toBeUndefined();
      const packer = await refusal(svc.own.recordWeight({ order: "SO-1", grams: 300, override: { supervisor: "BADGE-0002", reason: "trust me" } }, ctx(4)));
      expect(packer.code).toBe("PACK_OVERRIDE_NOT_SUPERVISOR");
      expect(packer.message).toBe("Ben Packer (u-ben) is a packer; only a supervisor can override a weight check");
      const ok = await svc.own.recordWeight({ order: "SO-1", grams: 300, override: { supervisor: "BADGE-0003", reason: "items are lighter than master data" } }, ctx(5));
      expect(ok).toMatchObject({ overriddenBy: "u-sue", check: { verdict: "too_light" } });
      const carton = (await svc.own.view("SO-1")).cartons[0]!;
      expect(carton).toMatchObject({ measuredWeightGrams: 300, weightVerdict: "too_light", weightOverrideBy: "u-sue" });
      const out = await svc.own.closeCarton({ order: "SO-1", format: "zpl" }, ctx(6));
      expect(new TextDecoder().decode(out.label.bytes!).startsWith("^XA")).toBe(true);
      expect(out.orderPacked).toBe(true);
      const types = (await store.listOutbox({ orderRef: "SO-1" })).map((o) => o.type);
      expect(types).toContain("packing.weight.overridden.v1");
    });

    it("choosing another box needs a reason (recorded); the expected weight uses that box's tare", async () => {
      await seedProcessingOrder(store, "SO-1", [["A", 1]]);
      expect((await svc.own.start({ order: "SO-1" })).suggestedBox).toBe("XS");
      expect((await refusal(svc.own.chooseBox({ order: "SO-1", box: "L" }, ctx()))).code).toBe("PACK_BOX_REASON_REQUIRED");
      expect((await inputRejection(svc.own.chooseBox({ order: "SO-1", box: "NOPE", reason: "x" }, ctx()))).message).toMatch(/no box type "NOPE" \(known: /);
      const v = await svc.own.chooseBox({ order: "SO-1", box: "L", reason: "fragile, needs padding" }, ctx(1));
      expect(v.cartons[0]).toMatchObject({ box: "L", boxReason: "fragile, needs padding", status: "open" });
      await svc.own.scanItem({ order: "SO-1", barcode: GTIN_A }, ctx(2));
      // a scan after choosing keeps the box; 100 + 300 tare = 400 g
      const w = await svc.own.recordWeight({ order: "SO-1", grams: 410 }, ctx(3));
      expect(w).toMatchObject({ box: "L", check: { verdict: "ok", expectedGrams: 400 } });
      const closed = await svc.own.closeCarton({ order: "SO-1" }, ctx(4));
      expect(closed.label.data.dimensions).toEqual({ lengthCm: 40, widthCm: 30, heightCm: 20 });
    });

    it("refuses a box its items cannot fit (size in any rotation, max weight), with the reason; a rotated fit is accepted", async () => {
      await seedProcessingOrder(store, "SO-1", [["A", 1], ["B", 1]]);
      const box = (code: string, l: number, w: number, h: number, max: number, line: number) => ({ value: { code, name: code, innerLengthMm: l, innerWidthMm: w, innerHeightMm: h, tareGrams: 20, maxWeightGrams: max }, file: "boxes.json", line });
      await store.importData({ boxes: [box("CUBE90", 90, 90, 90, 5000, 1), box("FLAT", 60, 120, 90, 5000, 2), box("LIGHT", 300, 200, 100, 250, 3)] }, { now: T0, actor: "seed" });
      await svc.own.scanItem({ order: "SO-1", barcode: GTIN_A }, ctx()); // A: 100×80×50 mm, 100 g
      const cube = await refusal(svc.own.chooseBox({ order: "SO-1", box: "CUBE90", reason: "packer's choice" }, ctx(1)));
      expect(cube.code).toBe("PACK_BOX_TOO_SMALL");
      expect(cube.message).toBe("CUBE90 cannot hold carton 1: A (100×80×50 mm) does not fit inside CUBE90 (90×90×90 mm) in any orientation");
      // 100×80×50 fits 60×120×90 turned on its side
      expect((await svc.own.chooseBox({ order: "SO-1", box: "FLAT", reason: "packer's choice" }, ctx(2))).cartons[0]).toMatchObject({ box: "FLAT" });
      // LIGHT holds A (100 + 20 g) but not A + B (300 + 20 g > 250 g): the unit is refused, nothing packed
      await svc.own.chooseBox({ order: "SO-1", box: "LIGHT", reason: "packer's choice" }, ctx(3));
      const heavy = await refusal(svc.own.scanItem({ order: "SO-1", barcode: GTIN_B }, ctx(4)));
      expect(heavy.code).toBe("PACK_BOX_TOO_SMALL");
      expect(heavy.message).toMatch(/^LIGHT cannot hold carton 1: items 300 g \+ tare 20 g exceed its maximum 250 g/);
      expect((await svc.own.view("SO-1")).lines.map((l) => l.packed)).toEqual([1, 0]);
    });

    it("multi-carton order: each carton its own SSCC, shipment and label (n of m); Packed only when the last closes", async () => {
      await seedProcessingOrder(store, "SO-M", [["B", 3]]);
      await svc.own.chooseBox({ order: "SO-M", box: "XS", reason: "one per mailer" }, ctx());
      await svc.own.scanItem({ order: "SO-M", barcode: GTIN_B }, ctx(1));
      await svc.own.recordWeight({ order: "SO-M", grams: 230 }, ctx(2));
      const c1 = await svc.own.closeCarton({ order: "SO-M" }, ctx(3));
      // 1 closed + 2 × B still fit one S carton
      expect(c1).toMatchObject({ cartonNo: 1, orderPacked: false, cartons: 2, label: { data: { carton: { index: 1, count: 2 } } } });
      expect((await store.getOrder("SO-M"))!.order.status).toBe("Processing");
      // the slip of the part-shipped order says what is still to come
      expect((await svc.packingSlip("SO-M")).note).toBe("Part delivery. Still to come in a later parcel: 2 × B Item B.");
      await svc.own.scanItem({ order: "SO-M", sku: "B" }, ctx(4));
      await svc.own.scanItem({ order: "SO-M", sku: "B" }, ctx(5));
      await svc.own.recordWeight({ order: "SO-M", grams: 480 }, ctx(6));
      const c2 = await svc.own.closeCarton({ order: "SO-M" }, ctx(7));
      expect(c2).toMatchObject({ cartonNo: 2, orderPacked: true, cartons: 2, label: { data: { carton: { index: 2, count: 2 } } } });
      expect(c2.sscc).not.toBe(c1.sscc);
      expect(c2.trackingNumber).not.toBe(c1.trackingNumber);
      expect([c1.sscc, c2.sscc].every(isValidSscc)).toBe(true);
      expect((await store.getOrder("SO-M"))!.order.status).toBe("Packed");
      expect((await svc.listShipments({ order: "SO-M" })).map((s) => [s.shipmentNumber, s.cartonNo])).toEqual([["SO-M-1", 1], ["SO-M-2", 2]]);
      const slip = await svc.packingSlip("SO-M", "Letter");
      expect(slip.cartons.map((c) => [c.index, c.sscc, c.items.map((i) => `${i.sku}×${i.quantity}`).join(",")])).toEqual([
        [1, c1.sscc, "B×1"],
        [2, c2.sscc, "B×2"],
      ]);
      expect(slip.note).toBeUndefined();
      const m = await svc.own.closeOutManifest({ date: "2026-11-22", warehouse: c1.label.data.shipFrom.city === "Berlin" ? "WH1" : "WH2" }, ctx(8));
      expect(m.manifest.totals).toEqual({ shipments: 2, parcels: 2, weightKg: 0.71 });
      expect(m.shipped).toEqual(["SO-M"]);
      expect((await store.getOrder("SO-M"))!.order.trackingNumber).toBe(c1.trackingNumber);
    });

    it("the gateway's shape: steps run inside a caller's transaction roll back with it", async () => {
      await seedProcessingOrder(store, "SO-1", [["A", 1]]);
      await expect(
        store.transaction(async (tx) => {
          await svc.scanItem(tx, { order: "SO-1", barcode: GTIN_A }, ctx());
          throw new Error("ack failed");
        }),
      ).rejects.toThrow("ack failed");
      expect((await svc.own.view("SO-1")).lines[0]!.packed).toBe(0);
      expect((await svc.own.view("SO-1")).cartons).toEqual([]);
    });
  });
}
