import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BoxType } from "../orders/types.js";
import { cartonize, expectedCartonWeightGrams, smallestFittingBox, unitFitsBox, whyNotFits, type PackItem } from "./cartonize.js";
import { checkWeight, toleranceGrams } from "./weight.js";
import { closePackCarton, openPackCarton, packProgress, scanPackItem, type PackState } from "./verify.js";

// The demo box set (data/src/demo/generate.ts).
const BOXES: BoxType[] = [
  { code: "BOX-XS", name: "Mailer XS", innerLengthMm: 220, innerWidthMm: 160, innerHeightMm: 50, tareGrams: 60, maxWeightGrams: 2000 },
  { code: "BOX-S", name: "Carton S", innerLengthMm: 300, innerWidthMm: 220, innerHeightMm: 120, tareGrams: 150, maxWeightGrams: 5000 },
  { code: "BOX-M", name: "Carton M", innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 200, tareGrams: 280, maxWeightGrams: 10000 },
  { code: "BOX-L", name: "Carton L", innerLengthMm: 600, innerWidthMm: 400, innerHeightMm: 300, tareGrams: 520, maxWeightGrams: 20000 },
];
const item = (sku: string, quantity: number, dims: [number, number, number], weightGrams: number): PackItem => ({ sku, quantity, weightGrams, lengthMm: dims[0], widthMm: dims[1], heightMm: dims[2] });

describe("fit test", () => {
  it("rotates a unit to fit: 50×300×20 fits a 300×220×120 box but not a 220×160×50 mailer", () => {
    expect(unitFitsBox({ lengthMm: 50, widthMm: 300, heightMm: 20 }, BOXES[1]!)).toBe(true);
    expect(unitFitsBox({ lengthMm: 50, widthMm: 300, heightMm: 20 }, BOXES[0]!)).toBe(false);
  });
  it("names the rule that fails", () => {
    expect(whyNotFits([item("MAT", 1, [610, 150, 150], 1500)], BOXES[2]!)).toMatch(/MAT .* does not fit inside BOX-M/);
    expect(whyNotFits([item("T", 20, [200, 100, 50], 100)], BOXES[1]!)).toMatch(/fill 253% of BOX-S; at most 85%/);
    expect(whyNotFits([item("LEAD", 1, [100, 100, 100], 4900)], BOXES[1]!)).toBe("items 4900 g + tare 150 g exceed BOX-S's maximum 5000 g");
  });
});

describe("cartonize", () => {
  it("picks the smallest box by inner volume that holds everything", () => {
    const r = cartonize([item("SHIRT", 1, [300, 250, 20], 180)], BOXES);
    // 250 mm is wider than the mailer's 160 and Carton S's 220 mm, so Carton M
    expect(r.cartons.map((c) => c.box.code)).toEqual(["BOX-M"]);
    expect(r.cartons[0]!.expectedWeightGrams).toBe(460);
    expect(cartonize([item("CASE", 2, [170, 90, 20], 60)], BOXES).cartons[0]!.box.code).toBe("BOX-XS");
  });
  it("splits into several cartons when one is not enough, and reports what fits no box", () => {
    const r = cartonize([item("LAMP", 6, [400, 200, 200], 1200), item("MAT", 1, [610, 450, 150], 1500), item("CASE", 3, [170, 90, 20], 60)], BOXES);
    expect(r.unpackable).toEqual([{ sku: "MAT", quantity: 1, reason: expect.stringMatching(/does not fit inside BOX-L/) as unknown as string }]);
    expect(r.cartons.length).toBeGreaterThan(1);
    const lamps = r.cartons.flatMap((c) => c.items).filter((i) => i.sku === "LAMP").reduce((a, i) => a + i.quantity, 0);
    expect(lamps).toBe(6);
  });
  it("expected weight = unit weights × quantities + tare", () => {
    expect(expectedCartonWeightGrams([{ weightGrams: 180.5, quantity: 2 }, { weightGrams: 60, quantity: 3 }], { tareGrams: 150 })).toBe(691);
  });

  const arbItem = fc.record({
    sku: fc.constantFrom("A", "B", "C", "D", "E", "F"),
    quantity: fc.integer({ min: 1, max: 6 }),
    weightGrams: fc.integer({ min: 1, max: 9000 }),
    lengthMm: fc.integer({ min: 1, max: 700 }),
    widthMm: fc.integer({ min: 1, max: 450 }),
    heightMm: fc.integer({ min: 1, max: 320 }),
  });
  const arbItems = fc.uniqueArray(arbItem, { selector: (i) => i.sku, maxLength: 6 });

  it("property: no carton exceeds its box's max weight or size, and every unit lands in exactly one carton or is reported unpackable", () => {
    fc.assert(
      fc.property(arbItems, fc.double({ min: 0.3, max: 1, noNaN: true }), (items, fillFactor) => {
        const r = cartonize(items, BOXES, { fillFactor });
        for (const c of r.cartons) {
          expect(c.itemsWeightGrams + c.box.tareGrams).toBeLessThanOrEqual(c.box.maxWeightGrams);
          expect(c.fillRatio).toBeLessThanOrEqual(fillFactor + 1e-9);
          for (const ci of c.items) expect(unitFitsBox(items.find((i) => i.sku === ci.sku)!, c.box)).toBe(true);
          expect(c.items.length).toBeGreaterThan(0);
        }
        for (const it of items) {
          const inCartons = r.cartons.flatMap((c) => c.items).filter((i) => i.sku === it.sku).reduce((a, i) => a + i.quantity, 0);
          const left = r.unpackable.filter((u) => u.sku === it.sku).reduce((a, u) => a + u.quantity, 0);
          expect(inCartons + left).toBe(it.quantity);
          expect(inCartons === 0 || left === 0).toBe(true);
          // unpackable only when one unit fits no box at all
          if (left > 0) expect(smallestFittingBox([{ ...it, quantity: 1 }], BOXES, { fillFactor })).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });
  it("property: a single-carton answer is the smallest fitting box", () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        const r = cartonize(items, BOXES);
        const best = smallestFittingBox(items, BOXES);
        if (best) expect(r.cartons.map((c) => c.box.code)).toEqual(items.length > 0 ? [best.code] : []);
      }),
    );
  });
});

describe("weight check", () => {
  it("tolerance is the larger of absolute grams and percent", () => {
    expect(toleranceGrams(400, { grams: 50, percent: 5 })).toBe(50);
    expect(toleranceGrams(4000, { grams: 50, percent: 5 })).toBe(200);
  });
  it("gives ok / too light / too heavy with numbers and what to check", () => {
    expect(checkWeight(1000, 1040).verdict).toBe("ok");
    expect(checkWeight(1000, 1050).verdict).toBe("ok"); // boundary is inclusive
    const light = checkWeight(1000, 800);
    expect(light).toMatchObject({ verdict: "too_light", deltaGrams: -200, toleranceGrams: 50 });
    expect(light.message).toBe("carton weighs 800 g, expected 1000 g ±50 g (200 g too light): check that every scanned item is really in the carton and that the box type is right");
    const heavy = checkWeight(1000, 1051, { grams: 50, percent: 0 });
    expect(heavy.verdict).toBe("too_heavy");
    expect(heavy.message).toMatch(/unscanned or wrong item/);
    expect(() => checkWeight(1000, Number.NaN)).toThrow(/grams/);
  });
});

describe("pack verification", () => {
  const start: PackState = {
    orderNumber: "SO-1",
    lines: [
      { lineNo: 1, sku: "A", ordered: 2, packed: 0 },
      { lineNo: 2, sku: "B", ordered: 1, packed: 0 },
    ],
    cartons: [],
  };
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
    if (!r.ok) throw r.error;
    return r.value;
  };
  it("accepts, refuses wrong SKU and over-pack, closes cartons and completes", () => {
    let s = start;
    const first = must(scanPackItem(s, "A"));
    expect(first).toMatchObject({ cartonNo: 1, openedCarton: true, packed: 1, ordered: 2 });
    s = first.state;
    const wrong = scanPackItem(s, "Z", { name: "Yoga Mat", belongsTo: ["SO-2"] });
    expect(!wrong.ok && wrong.error.code).toBe("PACK_WRONG_ITEM");
    expect(!wrong.ok && wrong.error.message).toBe("Z (Yoga Mat) is not on order SO-1; it belongs to order SO-2 — put it aside");
    s = must(scanPackItem(s, "A")).state;
    const over = scanPackItem(s, "A");
    expect(!over.ok && over.error.code).toBe("PACK_OVERPACK");
    s = must(closePackCarton(s)).state;
    expect(packProgress(s)).toMatchObject({ complete: false, packed: 2, closedCartons: 1, remaining: [{ lineNo: 2, sku: "B", quantity: 1 }] });
    const closeNone = closePackCarton(s);
    expect(!closeNone.ok && closeNone.error.code).toBe("PACK_NO_OPEN_CARTON");
    s = must(openPackCarton(s)).state;
    const empty = closePackCarton(s);
    expect(!empty.ok && empty.error.code).toBe("PACK_CARTON_EMPTY");
    s = must(scanPackItem(s, "B")).state;
    const done = must(closePackCarton(s));
    expect(done).toMatchObject({ cartonNo: 2, complete: true });
    const again = openPackCarton(done.state);
    expect(!again.ok && again.error.code).toBe("PACK_ALL_PACKED");
  });

  it("property: packed never exceeds ordered, carton contents always equal packed counts", () => {
    const arbOrder = fc.uniqueArray(fc.record({ sku: fc.constantFrom("A", "B", "C", "D"), ordered: fc.integer({ min: 1, max: 4 }) }), { selector: (l) => l.sku, minLength: 1 });
    const arbStep = fc.oneof(fc.record({ scan: fc.constantFrom("A", "B", "C", "D", "X") }), fc.constant({ close: true as const }), fc.constant({ open: true as const }));
    fc.assert(
      fc.property(arbOrder, fc.array(arbStep, { maxLength: 40 }), (lines, steps) => {
        let s: PackState = { orderNumber: "P", lines: lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, ordered: l.ordered, packed: 0 })), cartons: [] };
        for (const step of steps) {
          const r = "scan" in step ? scanPackItem(s, step.scan) : "close" in step ? closePackCarton(s) : openPackCarton(s);
          if (r.ok) s = r.value.state;
          for (const l of s.lines) {
            expect(l.packed).toBeLessThanOrEqual(l.ordered);
            const inCartons = s.cartons.flatMap((c) => c.items).filter((i) => i.lineNo === l.lineNo).reduce((a, i) => a + i.quantity, 0);
            expect(inCartons).toBe(l.packed);
          }
          expect(s.cartons.filter((c) => c.status === "open").length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
