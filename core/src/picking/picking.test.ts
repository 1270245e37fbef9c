import { describe, expect, it } from "vitest";
import { aisleDistance } from "../routing/layout.js";
import { pickPointOf } from "../planning/route-lines.js";
import { metresToGo } from "./walk.js";
import { DomainError, InputError } from "../shared/errors.js";
import { skuLookupFromList } from "../scanning/classify.js";
import { resolveScan } from "../scanning/resolve.js";
import {
  PICK_LINE_STATUS,
  assertPickable,
  assessShortPick,
  checkItemPick,
  checkLocationScan,
  checkPickQuantity,
  checkTripDone,
  chooseLocations,
  coverElsewhere,
  coverFromOtherLocations,
  freeStock,
  locationKey,
  resequenceTrip,
  statusAfterAction,
  targetLine,
  tripHandOver,
  walkingOrder,
  waveComplete,
} from "./index.js";

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError || e instanceof InputError) return e.code;
    throw e;
  }
  return "none";
};

describe("pick-list machine", () => {
  it("only released and picking lists can be picked; the first action starts a released list", () => {
    expect(codeOf(() => assertPickable({ id: 1, status: "planned", waveId: 2 }))).toBe("PICK_LIST_NOT_RELEASED");
    expect(codeOf(() => assertPickable({ id: 1, status: "completed", waveId: 2 }))).toBe("PICK_LIST_CLOSED");
    expect(codeOf(() => assertPickable({ id: 1, status: "cancelled", waveId: 2 }))).toBe("PICK_LIST_CLOSED");
    expect(codeOf(() => assertPickable({ id: 1, status: "released", waveId: 2 }))).toBe("none");
    expect(statusAfterAction("released")).toBe("picking");
    expect(statusAfterAction("picking")).toBe("picking");
  });

  it("walks open lines first, skipped ones at the end, and names why a line is not open", () => {
    const lines = [
      { id: 1, status: "skipped" },
      { id: 2, status: "open" },
      { id: 3, status: "open" },
    ];
    expect(walkingOrder(lines).map((l) => l.id)).toEqual([2, 3, 1]);
    expect(targetLine(7, walkingOrder(lines), undefined).id).toBe(2);
    expect(targetLine(7, lines, 1).id).toBe(1);
    expect(codeOf(() => targetLine(7, [], undefined))).toBe("PICK_NOTHING_TO_PICK");
    expect(codeOf(() => targetLine(7, lines, 9, { pickListId: 8, status: "open" }))).toBe("PICK_NOT_ON_TRIP");
    expect(codeOf(() => targetLine(7, lines, 9))).toBe("PICK_NOT_ON_TRIP");
    expect(codeOf(() => targetLine(7, lines, 9, { pickListId: 7, status: "picked" }))).toBe("PICK_LINE_DONE");
  });

  it("checks location and item scans", () => {
    const line = { location: "A-01-01-A", sku: "B", quantity: 2, picked: 1, description: "Item B" };
    expect(codeOf(() => checkLocationScan(line, " a-01-01-a ", []))).toBe("none");
    expect(codeOf(() => checkLocationScan(line, "A-02-01-A", [line]))).toBe("PICK_WRONG_LOCATION");
    expect(codeOf(() => checkItemPick(line, { code: "X", sku: undefined }, 1))).toBe("PICK_WRONG_ITEM");
    expect(codeOf(() => checkItemPick(line, { code: "B", sku: "B" }, 2))).toBe("PICK_OVERPICK");
    expect(checkItemPick(line, { code: "B", sku: "B" }, 1)).toEqual({ remaining: 1, lineDone: true });
    expect(codeOf(() => checkPickQuantity(0, "quantity"))).toBe("PICK_QUANTITY_INVALID");
  });

  it("a trip is done when nothing is open; the hand-over groups orders per tote", () => {
    expect(codeOf(() => checkTripDone(1, [{ location: "L", sku: "A", quantity: 2, picked: 0, status: "skipped" }]))).toBe("PICK_TRIP_NOT_DONE");
    const h = tripHandOver([
      { orderId: 1, order: "S1", tote: 2, quantity: 2, picked: 2, status: "picked" },
      { orderId: 1, order: "S1", tote: 2, quantity: 3, picked: 1, status: "short" },
      { orderId: 2, order: "S2", tote: 1, quantity: 1, picked: 1, status: "picked" },
    ]);
    expect(h.totes).toEqual([
      { tote: 1, orders: ["S2"] },
      { tote: 2, orders: ["S1"] },
    ]);
    expect(h.orders).toEqual([
      { orderId: 1, order: "S1", picked: 3, short: 2 },
      { orderId: 2, order: "S2", picked: 1, short: 0 },
    ]);
    expect(waveComplete(["completed", "cancelled"])).toBe(true);
    expect(waveComplete(["completed", "released"])).toBe(false);
  });

  it("resequences a trip: done lines keep their place, open lines by route, skipped at the end", () => {
    const layout = { warehouse: "W", aisles: 3, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };
    const l = (id: number, seq: number, status: string, aisle: number) => ({ id, seq, status, location: `L${id}`, point: { aisle, y: 5 }, orderId: 1, lineNo: id });
    expect(resequenceTrip(layout, [l(1, 1, PICK_LINE_STATUS.Picked, 0), l(2, 4, "skipped", 0), l(3, 2, "open", 2), l(4, 0, "open", 1)])).toEqual([
      { id: 4, seq: 2 },
      { id: 3, seq: 3 },
      { id: 2, seq: 4 },
    ]);
  });
});

describe("location choice", () => {
  it("prefers one location that holds everything (the smallest that suffices), else the fullest first", () => {
    const free = freeStock(
      [
        { location: "A", aisle: 0, position: 1, onHand: 5 },
        { location: "B", aisle: 0, position: 2, onHand: 9 },
        { location: "C", aisle: 0, position: 3, onHand: 2 },
      ],
      "S",
      new Map([[locationKey("B", "S"), 6]]),
    );
    expect(free.map((f) => [f.location, f.free])).toEqual([
      ["A", 5],
      ["B", 3],
      ["C", 2],
    ]);
    expect(chooseLocations(free, 3).map((c) => [c.stock.location, c.quantity])).toEqual([["B", 3]]);
    expect(chooseLocations(free, 7).map((c) => [c.stock.location, c.quantity])).toEqual([
      ["A", 5],
      ["B", 2],
    ]);
  });
});

describe("short-pick policy", () => {
  it("picks what was found, corrects the record, and refuses a pick that is not short", () => {
    expect(assessShortPick({ id: 1, quantity: 4, picked: 0 }, 1, 5)).toEqual({ take: 1, missing: 3, bookInTo: undefined, correctToEmpty: true });
    expect(assessShortPick({ id: 1, quantity: 4, picked: 0 }, 3, 2)).toEqual({ take: 3, missing: 1, bookInTo: 3, correctToEmpty: false });
    expect(codeOf(() => assessShortPick({ id: 1, quantity: 4, picked: 0 }, 4, 5))).toBe("PICK_NOT_SHORT");
    expect(codeOf(() => assessShortPick({ id: 1, quantity: 4, picked: 2 }, 1, 5))).toBe("PICK_NOT_SHORT");
    expect(codeOf(() => assessShortPick({ id: 1, quantity: 4, picked: 0 }, -1, 5))).toBe("PICK_QUANTITY_INVALID");
  });

  it("covers the rest from other locations first, then other warehouses, then back-orders", () => {
    const here = coverFromOtherLocations(
      [
        { location: "SHORT", aisle: 0, position: 1, free: 9 },
        { location: "OTHER", aisle: 0, position: 2, free: 1 },
      ],
      "SHORT",
      3,
    );
    expect(here.picks.map((p) => [p.stock.location, p.quantity])).toEqual([["OTHER", 1]]);
    expect(here.missing).toBe(2);
    const away = coverElsewhere({ orderNumber: "S1", lineNo: 1, sku: "A", missing: 2, warehouses: [{ code: "WH2", priority: 1, available: { A: 1 } }], shipTo: undefined, now: "2026-01-01T10:00:00Z" });
    expect(away).toEqual({ moved: [{ warehouse: "WH2", quantity: 1 }], backordered: 1 });
  });
});

describe("the one scan resolver", () => {
  const skus = skuLookupFromList([{ sku: "B", name: "Item B", barcodes: ["036000291452"] }]);
  it("names the SKU of a GS1-128 scan (AI 01), a GTIN in any length, and the SKU code only when asked", () => {
    const gs1 = resolveScan("]C1" + "0100036000291452", { skus });
    expect(gs1.ok && gs1.value.item).toEqual({ sku: "B", name: "Item B", via: "gs1", code: "00036000291452" });
    const ean = resolveScan("0036000291452", { skus });
    expect(ean.ok && ean.value.item).toMatchObject({ sku: "B", via: "gtin" });
    const withCodes = { ...skus, findSkuByCode: (c: string) => (c === "B" ? { sku: "B", name: "Item B" } : undefined) };
    const plain = resolveScan("B", { skus: withCodes });
    expect(plain.ok && plain.value.item).toBeUndefined();
    const own = resolveScan("B", { skus: withCodes, skuCodes: true });
    expect(own.ok && own.value.item).toMatchObject({ sku: "B", via: "sku-code" });
    expect(resolveScan("\x1b[2J", { skus }).ok).toBe(false);
  });
});

describe("metres to go", () => {
  const layout = { warehouse: "W", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };
  it("walks from the current stop through the rest and back to the depot", () => {
    const a = { location: "A", aisle: 0, position: 2 };
    const b = { location: "B", aisle: 1, position: 5 };
    expect(metresToGo(layout, [])).toBe(0);
    expect(metresToGo(layout, [b])).toBe(aisleDistance(layout, pickPointOf(layout, { code: "B", ...b }), "depot"));
    expect(metresToGo(layout, [a, b])).toBeCloseTo(aisleDistance(layout, pickPointOf(layout, { code: "A", ...a }), pickPointOf(layout, { code: "B", ...b })) + metresToGo(layout, [b]));
    expect(metresToGo(layout, [a, b])).toBeGreaterThan(metresToGo(layout, [b]));
  });
});
