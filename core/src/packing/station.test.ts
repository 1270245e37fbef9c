import { describe, expect, it } from "vitest";
import { STATION_PHASES, stationNext, type StationEvent, type StationPhase, type StationSnapshot } from "./station.js";

const at = (phase: StationPhase, order: string | null = "SO-1"): StationSnapshot => ({ phase, order });
const next = (s: StationSnapshot, e: StationEvent) => {
  const r = stationNext(s, e);
  return r.ok ? r.value : r.error.code;
};

describe("pack station phases", () => {
  it("walks one order through two cartons to packed", () => {
    let s = at("idle", null);
    const step = (e: StationEvent, order: string | null = "SO-1") => {
      const r = stationNext(s, e);
      if (!r.ok) throw r.error;
      s = { phase: r.value, order: r.value === "idle" ? null : order };
      return r.value;
    };
    expect(step({ type: "open-order", cartonInProgress: false, resumeWeigh: false })).toBe("scanning");
    expect(step({ type: "item-packed", remaining: 2 })).toBe("scanning");
    expect(step({ type: "box-chosen" })).toBe("scanning");
    expect(step({ type: "carton-done", empty: false })).toBe("weigh");
    expect(step({ type: "weight-refused" })).toBe("weight-refused");
    expect(step({ type: "weight-accepted" })).toBe("labelled");
    expect(step({ type: "label-confirmed", orderComplete: false })).toBe("scanning");
    expect(step({ type: "item-packed", remaining: 0 })).toBe("weigh");
    expect(step({ type: "weight-refused" })).toBe("weight-refused");
    expect(step({ type: "override" })).toBe("labelled");
    expect(step({ type: "label-confirmed", orderComplete: true })).toBe("packed");
    expect(step({ type: "open-order", cartonInProgress: false, resumeWeigh: true }, "SO-2")).toBe("weigh");
  });

  it("refuses steps out of phase", () => {
    expect(next(at("idle", null), { type: "item-packed", remaining: 1 })).toBe("PACK_NO_ORDER");
    expect(next(at("packed"), { type: "item-packed", remaining: 1 })).toBe("PACK_NO_ORDER");
    expect(next(at("idle", null), { type: "box-chosen" })).toBe("PACK_NO_ORDER");
    expect(next(at("scanning"), { type: "weight-accepted" })).toBe("PACK_NOT_WEIGHING");
    expect(next(at("weigh"), { type: "override" })).toBe("PACK_NO_OVERRIDE_NEEDED");
    expect(next(at("weigh"), { type: "carton-done", empty: false })).toBe("PACK_WEIGHT_MISSING");
    expect(next(at("scanning"), { type: "carton-done", empty: true })).toBe("PACK_CARTON_EMPTY");
    expect(next(at("scanning"), { type: "label-confirmed", orderComplete: true })).toBe("PACK_NO_LABEL");
    expect(next(at("idle", null), { type: "exception" })).toBe("PACK_NO_ORDER");
  });

  it("keeps an order with a carton in progress until it is finished", () => {
    for (const p of ["scanning", "weigh", "weight-refused"] as const) {
      expect(next(at(p), { type: "open-order", cartonInProgress: true, resumeWeigh: false })).toBe("PACK_ORDER_IN_PROGRESS");
    }
    expect(next(at("labelled"), { type: "open-order", cartonInProgress: true, resumeWeigh: false })).toBe("scanning");
    expect(next(at("weigh"), { type: "close-station" })).toBe("PACK_ORDER_IN_PROGRESS");
    expect(next(at("scanning"), { type: "close-station" })).toBe("idle");
  });

  it("a box choice re-weighs a refused carton and starts the next carton after a label", () => {
    expect(next(at("weight-refused"), { type: "box-chosen" })).toBe("weigh");
    expect(next(at("labelled"), { type: "box-chosen" })).toBe("scanning");
    expect(next(at("packed"), { type: "box-chosen" })).toBe("scanning");
    expect(next(at("weigh"), { type: "box-chosen" })).toBe("weigh");
  });

  it("an exception returns the station to idle from any phase with an order", () => {
    for (const p of STATION_PHASES) expect(next(at(p), { type: "exception" })).toBe("idle");
  });
});
