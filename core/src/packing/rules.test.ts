import { describe, expect, it } from "vitest";
import type { BoxType } from "../orders/types.js";
import type { PackItem } from "./cartonize.js";
import {
  NOT_WEIGHED,
  boxToWeigh,
  carrierServiceFor,
  cartonCount,
  cartonWarehouse,
  checkPackable,
  checkSupervisor,
  checkWeighedForClose,
  chooseCartonBox,
  closeOutVerdict,
  defaultPackWarehouse,
  shipTracking,
  weighingOf,
} from "./rules.js";
import { checkWeight } from "./weight.js";
import type { PackState } from "./verify.js";

const BOXES: BoxType[] = [
  { code: "S", name: "Carton S", innerLengthMm: 300, innerWidthMm: 220, innerHeightMm: 120, tareGrams: 150, maxWeightGrams: 5000 },
  { code: "M", name: "Carton M", innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 200, tareGrams: 280, maxWeightGrams: 10000 },
];
const unit = (sku: string, quantity: number, l = 100): PackItem => ({ sku, quantity, weightGrams: 200, lengthMm: l, widthMm: 100, heightMm: 50 });
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? undefined : r.error!.code);

describe("packable orders", () => {
  it("packs only Processing orders and says why not", () => {
    expect(checkPackable({ number: "SO-1", status: "Processing" }).ok).toBe(true);
    const packed = checkPackable({ number: "SO-1", status: "Packed" });
    expect(!packed.ok && packed.error.message).toBe("order SO-1 cannot be packed: it is already packed");
    const confirmed = checkPackable({ number: "SO-1", status: "Confirmed" });
    expect(!confirmed.ok && confirmed.error).toMatchObject({ code: "PACK_ORDER_NOT_PACKABLE", details: { status: "Confirmed" } });
    expect(!confirmed.ok && confirmed.error.message).toContain("not been released for picking");
  });
});

describe("the carton's warehouse", () => {
  const none = { picked: [], packed: [], allocated: [] };
  it("takes the caller's warehouse first", () => {
    expect(cartonWarehouse({ ...none, requested: "WH2", fallback: "WH1", picked: [{ warehouse: "WH1", quantity: 3 }] })).toBe("WH2");
  });
  it("packs a waved line where most of it was picked and not packed yet", () => {
    const picked = [{ warehouse: "WH1", quantity: 2 }, { warehouse: "WH2", quantity: 2 }];
    expect(cartonWarehouse({ ...none, fallback: "WH1", picked, packed: [{ warehouse: "WH1", quantity: 1 }] })).toBe("WH2");
    expect(cartonWarehouse({ ...none, fallback: "WH9", picked })).toBe("WH1"); // tie: by code
  });
  it("keeps the fallback while it holds unpacked allocation, else the warehouse holding most", () => {
    const allocated = [{ warehouse: "WH1", quantity: 1 }, { warehouse: "WH2", quantity: 3 }];
    expect(cartonWarehouse({ ...none, fallback: "WH1", allocated })).toBe("WH1");
    expect(cartonWarehouse({ ...none, fallback: "WH1", allocated, packed: [{ warehouse: "WH1", quantity: 1 }] })).toBe("WH2");
    expect(cartonWarehouse({ ...none, fallback: "WH3" })).toBe("WH3");
  });
  it("the order's main warehouse holds most of its stock; else the first by priority; else none", () => {
    const main = defaultPackWarehouse([{ warehouse: "WH2", quantity: 1 }, { warehouse: "WH1", quantity: 4 }], "WH2");
    expect(main.ok && main.value).toBe("WH1");
    const first = defaultPackWarehouse([], "WH3");
    expect(first.ok && first.value).toBe("WH3");
    expect(codeOf(defaultPackWarehouse([], undefined))).toBe("PACK_NO_WAREHOUSE");
  });
});

describe("the box", () => {
  it("another box than suggested needs a reason, recorded with the suggestion", () => {
    expect(codeOf(chooseCartonBox("M", "S"))).toBe("PACK_BOX_REASON_REQUIRED");
    expect(codeOf(chooseCartonBox("M", "S", "  "))).toBe("PACK_BOX_REASON_REQUIRED");
    const other = chooseCartonBox("M", "S", " fragile ");
    expect(other.ok && other.value).toEqual({ box: "M", suggested: "S", reason: "fragile" });
    const same = chooseCartonBox("S", "S", "ignored");
    expect(same.ok && same.value).toEqual({ box: "S", suggested: undefined, reason: undefined });
    const noSuggestion = chooseCartonBox("M", undefined, "nothing fits");
    expect(noSuggestion.ok && noSuggestion.value).toEqual({ box: "M", suggested: undefined, reason: "nothing fits" });
  });
  it("weighs in the chosen box, else the smallest that holds the contents", () => {
    const chosen = boxToWeigh("M", [unit("A", 1)], BOXES);
    expect(chosen.ok && chosen.value.code).toBe("M");
    const smallest = boxToWeigh(undefined, [unit("A", 1)], BOXES);
    expect(smallest.ok && smallest.value.code).toBe("S");
    expect(codeOf(boxToWeigh(undefined, [unit("POLE", 1, 2000)], BOXES, {}, 2))).toBe("PACK_NO_BOX_FITS");
  });
});

describe("the weighing", () => {
  it("a carton closes only when weighed since its last change, within tolerance or overridden", () => {
    expect(codeOf(checkWeighedForClose("SO-1", 1, NOT_WEIGHED))).toBe("PACK_WEIGHT_MISSING");
    const light = checkWeight(1000, 500);
    expect(codeOf(checkWeighedForClose("SO-1", 1, weighingOf(light)))).toBe("PACK_WEIGHT_MISSING");
    const overridden = checkWeighedForClose("SO-1", 1, weighingOf(light, { supervisor: "u-sue", reason: " scale checked " }));
    expect(overridden.ok && overridden.value).toEqual({ grams: 500 });
    expect(weighingOf(light, { supervisor: "u-sue", reason: " scale checked " })).toMatchObject({ verdict: "too_light", overrideBy: "u-sue", overrideReason: "scale checked" });
    const fine = checkWeighedForClose("SO-1", 1, weighingOf(checkWeight(1000, 1010)));
    expect(fine.ok && fine.value).toEqual({ grams: 1010 });
  });
  it("only a supervisor overrides, with a reason", () => {
    const sue = { id: "u-sue", name: "Sue", role: "supervisor" };
    expect(codeOf(checkSupervisor({ supervisor: "B-1", reason: " " }, sue))).toBe("PACK_OVERRIDE_REASON_REQUIRED");
    expect(codeOf(checkSupervisor({ supervisor: "B-1", reason: "x" }, undefined))).toBe("PACK_OVERRIDE_NOT_SUPERVISOR");
    const packer = checkSupervisor({ supervisor: "B-2", reason: "x" }, { id: "u-ben", name: "Ben", role: "packer" });
    expect(!packer.ok && packer.error.message).toBe("Ben (u-ben) is a packer; only a supervisor can override a weight check");
    const ok = checkSupervisor({ supervisor: "B-1", reason: " light items " }, sue);
    expect(ok.ok && ok.value).toEqual({ supervisor: "u-sue", reason: "light items" });
  });
});

describe("the shipment", () => {
  it("maps the order's service to the carrier's, case-insensitively, with a fallback", () => {
    expect(carrierServiceFor("express")).toBe("SAMEDAY");
    expect(carrierServiceFor("Standard")).toBe("NEXTDAY");
    expect(carrierServiceFor("economy")).toBe("NEXTDAY");
    expect(carrierServiceFor("economy", { economy: "ECO" })).toBe("ECO");
    expect(carrierServiceFor("odd", {}, "POST")).toBe("POST");
  });
  it("carton n of m: closed cartons + planned rest + units that fit no box, never less than n", () => {
    const after: PackState = { orderNumber: "SO-1", lines: [], cartons: [{ cartonNo: 1, status: "closed", items: [] }, { cartonNo: 2, status: "closed", items: [] }] };
    const planned = { box: BOXES[0]!, items: [], itemsWeightGrams: 0, expectedWeightGrams: 0, fillRatio: 0 };
    expect(cartonCount(after, { cartons: [planned], unpackable: [{ sku: "POLE", quantity: 2, reason: "too long" }] }, 2)).toBe(5);
    expect(cartonCount({ ...after, cartons: [] }, { cartons: [], unpackable: [] }, 3)).toBe(3);
  });
  it("ships at close-out only Packed orders whose shipments are all on manifests", () => {
    expect(closeOutVerdict("Packed", [])).toEqual({ ship: true });
    expect(closeOutVerdict("Processing", [])).toEqual({ ship: false, reason: "still being packed" });
    expect(closeOutVerdict("Shipped", [])).toEqual({ ship: false, alreadyShipped: true, reason: "already shipped before this close-out (now Shipped)" });
    expect(closeOutVerdict("Delivered", [])).toMatchObject({ ship: false, alreadyShipped: true });
    expect(closeOutVerdict("Cancelled", [])).toEqual({ ship: false, reason: "order is Cancelled" });
    expect(closeOutVerdict("Packed", [{ shipmentNumber: "SO-1-2", warehouse: "WH2" }])).toEqual({ ship: false, reason: "shipments SO-1-2 (WH2) are not on a manifest yet" });
  });
  it("ships with the tracking number given, else with the first shipment's", () => {
    const given = shipTracking("SO-1", { trackingNumber: "PP1", carrier: "DHL" }, { trackingNumber: "LC1", carrier: "LC" });
    expect(given.ok && given.value).toEqual({ trackingNumber: "PP1", carrier: "DHL" });
    const stored = shipTracking("SO-1", {}, { trackingNumber: "LC1", carrier: "LC" });
    expect(stored.ok && stored.value).toEqual({ trackingNumber: "LC1", carrier: "LC" });
    const none = shipTracking("SO-2", {}, undefined);
    expect(!none.ok && none.error).toMatchObject({ code: "SHIP_NO_SHIPMENT", message: "order SO-2 has no shipment: pack it first" });
  });
});
