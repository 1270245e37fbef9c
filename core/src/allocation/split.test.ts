import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../shared/errors.js";
import { haversineKm } from "./geo.js";
import { allocationHoldPlanner } from "./hold-planner.js";
import { allocateOrder } from "./split.js";
import type { AllocationRequest, AllocationResult, AllocationStrategy, WarehouseCandidate } from "./types.js";

// The seed example of issue 3: WH1 holds A:1, B:5; WH2 holds A:10, C:3; the order is A:2, B:1, C:1.
const seed: AllocationRequest = {
  orderId: "SO-1",
  lines: [
    { lineId: "L1", sku: "A", quantity: 2 },
    { lineId: "L2", sku: "B", quantity: 1 },
    { lineId: "L3", sku: "C", quantity: 1 },
  ],
  warehouses: [
    { code: "WH1", priority: 1, available: { A: 1, B: 5 }, location: { latitude: 52.52, longitude: 13.405 } },
    { code: "WH2", priority: 2, available: { A: 10, C: 3 }, location: { latitude: 48.137, longitude: 11.575 } },
  ],
  shipTo: { latitude: 50.11, longitude: 8.682 }, // Frankfurt: WH2 (Munich) is nearer than WH1 (Berlin)
};

const shipmentsOf = (r: AllocationResult) =>
  r.shipments.map((s) => [s.warehouse, s.lines.map((l) => `${l.sku}:${l.quantity}`).join(" ")]);

describe("seed example", () => {
  it("priority: shipment 1 from WH1 (A:1, B:1), shipment 2 from WH2 (A:1, C:1)", () => {
    const r = allocateOrder({ ...seed, strategy: "priority" });
    expect(shipmentsOf(r)).toEqual([
      ["WH1", "A:1 B:1"],
      ["WH2", "A:1 C:1"],
    ]);
    expect(r.summary.splitLines).toBe(1);
    expect(r.complete).toBe(true);
  });

  it("fewest-shipments: 2 shipments, A not split, proven minimal", () => {
    const r = allocateOrder(seed);
    expect(r.strategy).toBe("fewest-shipments");
    expect(shipmentsOf(r)).toEqual([
      ["WH1", "B:1"],
      ["WH2", "A:2 C:1"],
    ]);
    expect(r.lines.find((l) => l.sku === "A")?.split).toBe(false);
    expect(r.search).toMatchObject({ exhaustive: true, minimalShipmentsProven: true, lowerBound: 2 });
    expect(r.trace.join("\n")).toContain("no set of 1 warehouse(s) covers the order");
    expect(r.trace.join("\n")).toContain("line L1 A×2 → WH2×2: whole from WH2");
  });

  it("closest: nearest warehouse first (WH2 is nearer to Frankfurt)", () => {
    const r = allocateOrder({ ...seed, strategy: "closest" });
    expect(shipmentsOf(r)).toEqual([
      ["WH2", "A:2 C:1"],
      ["WH1", "B:1"],
    ]);
    expect(r.candidates.map((c) => c.code)).toEqual(["WH2", "WH1"]);
  });

  it("reports what is missing when no warehouse can cover the order", () => {
    const r = allocateOrder({ ...seed, lines: [...seed.lines, { lineId: "L4", sku: "C", quantity: 5 }, { lineId: "L5", sku: "D", quantity: 1 }] });
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual([
      { lineId: "L4", sku: "C", quantity: 3 },
      { lineId: "L5", sku: "D", quantity: 1 },
    ]);
    expect(r.trace.join("\n")).toContain("missing: L4 C×3, L5 D×1");
  });
});

describe("fewest-shipments tie-breaks", () => {
  const one = (code: string, extra: Partial<WarehouseCandidate> = {}): WarehouseCandidate => ({
    code,
    priority: 1,
    available: { A: 5 },
    ...extra,
  });
  const order = { lines: [{ lineId: "1", sku: "A", quantity: 3 }] };
  it("prefers the cheaper shipment, then the nearer, then the higher priority, then the code", () => {
    expect(allocateOrder({ ...order, warehouses: [one("X", { costPerShipment: 5 }), one("Y", { costPerShipment: 4 })] }).shipments[0]?.warehouse).toBe("Y");
    const near = { latitude: 50, longitude: 8 };
    expect(
      allocateOrder({ ...order, shipTo: near, warehouses: [one("X", { location: { latitude: 51, longitude: 8 } }), one("Y", { location: { latitude: 52, longitude: 8 } })] }).shipments[0]?.warehouse,
    ).toBe("X");
    expect(allocateOrder({ ...order, warehouses: [one("X", { priority: 2 }), one("Y", { priority: 1 })] }).shipments[0]?.warehouse).toBe("Y");
    expect(allocateOrder({ ...order, warehouses: [one("Y"), one("X")] }).shipments[0]?.warehouse).toBe("X");
  });
  it("prefers a warehouse that still makes today's cut-off", () => {
    const r = allocateOrder({
      ...order,
      now: "2025-03-01T15:00:00Z",
      warehouses: [one("X", { cutoff: "2025-03-01T14:00:00Z" }), one("Y", { cutoff: "2025-03-01T16:00:00Z", costPerShipment: 9 })],
    });
    expect(r.shipments[0]?.warehouse).toBe("Y");
    expect(r.candidates.find((c) => c.code === "X")?.pastCutoff).toBe(true);
    // The warehouse's stored "HH:MM" form works the same with a local time of day.
    const local = allocateOrder({ ...order, now: "15:00", warehouses: [one("X", { cutoff: "14:00" }), one("Y", { cutoff: "16:00", costPerShipment: 9 })] });
    expect(local.shipments[0]?.warehouse).toBe("Y");
    expect(local.trace.join("\n")).toContain("cut-off passed");
    expect(() => allocateOrder({ ...order, now: "2025-03-01T15:00:00Z", warehouses: [one("X", { cutoff: "14:00" })] })).toThrow(InputError);
  });
  it("compares a warehouse's HH:MM cut-off in its own time zone (midnight, DST, zones apart)", () => {
    const past = (now: string, cutoff: string, timeZone: string) =>
      allocateOrder({ ...order, now, warehouses: [one("X", { cutoff, timeZone })] }).candidates.find((c) => c.code === "X")?.pastCutoff;
    // Berlin in winter (UTC+1): 15:59 local is 14:59Z, 16:00 local is 15:00Z
    expect(past("2026-11-22T14:59:00Z", "16:00", "Europe/Berlin")).toBe(false);
    expect(past("2026-11-22T15:00:00Z", "16:00", "Europe/Berlin")).toBe(true);
    // summer (UTC+2): 16:00 local is 14:00Z
    expect(past("2026-07-01T13:59:00Z", "16:00", "Europe/Berlin")).toBe(false);
    expect(past("2026-07-01T14:00:00Z", "16:00", "Europe/Berlin")).toBe(true);
    // the days clocks change: 29 March (forward) and 25 October (back), 16:00 local is 14:00Z and 15:00Z
    expect(past("2026-03-29T13:59:00Z", "16:00", "Europe/Berlin")).toBe(false);
    expect(past("2026-03-29T14:00:00Z", "16:00", "Europe/Berlin")).toBe(true);
    expect(past("2026-10-25T14:59:00Z", "16:00", "Europe/Berlin")).toBe(false);
    expect(past("2026-10-25T15:00:00Z", "16:00", "Europe/Berlin")).toBe(true);
    // just after local midnight a new day starts: before every cut-off again (23:30Z is 00:30 in Berlin)
    expect(past("2026-11-22T23:30:00Z", "16:00", "Europe/Berlin")).toBe(false);
    expect(past("2026-11-22T23:30:00Z", "16:00", "UTC")).toBe(true);
    // one instant, two warehouses in different zones: New York (UTC−5) still ships at 15:00Z, Berlin does not
    const r = allocateOrder({ ...order, now: "2026-11-22T15:30:00Z", warehouses: [one("BER", { cutoff: "16:00", timeZone: "Europe/Berlin" }), one("NYC", { cutoff: "16:00", timeZone: "America/New_York", costPerShipment: 9 })] });
    expect(r.candidates.map((c) => [c.code, c.pastCutoff])).toEqual([["BER", true], ["NYC", false]]);
    expect(r.shipments[0]?.warehouse).toBe("NYC");
    const bad = (() => {
      try {
        allocateOrder({ ...order, now: "2026-11-22T15:30:00Z", warehouses: [one("X", { cutoff: "16:00", timeZone: "Mars/Base" })] });
      } catch (e) {
        return e;
      }
    })();
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).issues).toEqual([{ field: "warehouses[0].timeZone", message: 'must be an IANA time zone such as "Europe/Berlin", got "Mars/Base"' }]);
  });
  it("prefers fewer split lines among covering sets of the same size", () => {
    // {P,Q} covers A only by splitting it; {P,R} ships A whole from R.
    const r = allocateOrder({
      lines: [
        { lineId: "1", sku: "A", quantity: 4 },
        { lineId: "2", sku: "B", quantity: 1 },
      ],
      warehouses: [
        { code: "P", priority: 1, available: { A: 2, B: 1 } },
        { code: "Q", priority: 1, available: { A: 2 } },
        { code: "R", priority: 9, available: { A: 4 } },
      ],
    });
    expect(shipmentsOf(r)).toEqual([
      ["P", "B:1"],
      ["R", "A:4"],
    ]);
    expect(r.summary.splitLines).toBe(0);
  });
  it("assigns lines sharing a SKU so that as few as possible are split", () => {
    // W1 holds 5, W2 holds 5 of A; lines 5 and 3 and 2: 5 → one, 3+2 → the other, nothing split.
    const r = allocateOrder({
      lines: [
        { lineId: "a", sku: "A", quantity: 3 },
        { lineId: "b", sku: "A", quantity: 5 },
        { lineId: "c", sku: "A", quantity: 2 },
      ],
      warehouses: [
        { code: "W1", priority: 1, available: { A: 5 } },
        { code: "W2", priority: 1, available: { A: 5 } },
      ],
    });
    expect(r.summary.splitLines).toBe(0);
    expect(r.summary.shipments).toBe(2);
  });
});

describe("input errors", () => {
  it("names every bad field", () => {
    let caught: unknown;
    try {
      allocateOrder({
        orderId: "SO-9",
        lines: [
          { lineId: "1", sku: "A", quantity: 0 },
          { lineId: "1", sku: "", quantity: 1.5 },
        ],
        warehouses: [{ code: "W", priority: 1, available: { A: 2.5 }, location: { latitude: 95, longitude: 0 } }],
        strategy: "cheapest" as AllocationStrategy,
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    const e = caught as InputError;
    expect(e.code).toBe("ALLOCATION_INPUT_INVALID");
    expect(e.message).toContain("SO-9");
    expect(e.issues.map((i) => i.field)).toEqual([
      "lines[0].quantity",
      "lines[1].lineId",
      "lines[1].sku",
      "lines[1].quantity",
      "warehouses[0].location.latitude",
      "warehouses[0].available.A",
      "strategy",
    ]);
  });
});

describe("haversine", () => {
  it("matches a known great-circle distance (Berlin–Munich ≈ 504 km)", () => {
    expect(haversineKm({ latitude: 52.52, longitude: 13.405 }, { latitude: 48.137, longitude: 11.575 })).toBeCloseTo(504.4, 0);
    expect(haversineKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });
});

// ---------- property tests ----------

const SKUS = ["A", "B", "C", "D", "E"];
const instance = (maxWh: number) =>
  fc
    .record({
      lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 7 }),
      warehouses: fc.array(
        fc.record({
          priority: fc.integer({ min: 1, max: 4 }),
          available: fc.dictionary(fc.constantFrom(...SKUS), fc.integer({ min: -1, max: 8 })),
          cost: fc.integer({ min: 0, max: 3 }),
          lat: fc.double({ min: 40, max: 55, noNaN: true }),
          lon: fc.double({ min: 0, max: 20, noNaN: true }),
        }),
        { minLength: 1, maxLength: maxWh },
      ),
    })
    .map(
      ({ lines, warehouses }): AllocationRequest => ({
        lines: lines.map((l, i) => ({ lineId: `L${i}`, ...l })),
        warehouses: warehouses.map((w, i) => ({
          code: `W${String(i).padStart(2, "0")}`,
          priority: w.priority,
          available: w.available,
          costPerShipment: w.cost,
          location: { latitude: w.lat, longitude: w.lon },
        })),
        shipTo: { latitude: 50, longitude: 10 },
      }),
    );

function checkValid(req: AllocationRequest, r: AllocationResult): void {
  const avail = new Map(req.warehouses.map((w) => [w.code, w.available]));
  const used = new Map<string, number>();
  for (const s of r.shipments) {
    expect(s.lines.length).toBeGreaterThan(0);
    for (const l of s.lines) {
      expect(l.quantity).toBeGreaterThan(0);
      const key = `${s.warehouse}/${l.sku}`;
      used.set(key, (used.get(key) ?? 0) + l.quantity);
    }
  }
  for (const [key, q] of used) {
    const [wh, sku] = key.split("/") as [string, string];
    expect(q).toBeLessThanOrEqual(Math.max(0, avail.get(wh)?.[sku] ?? 0));
  }
  // Every line is covered exactly, or exactly its shortfall is reported.
  const demand = new Map<string, number>();
  for (const l of req.lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.quantity);
  for (const l of req.lines) {
    const shipped = r.shipments.flatMap((s) => s.lines).filter((x) => x.lineId === l.lineId).reduce((t, x) => t + x.quantity, 0);
    const missing = r.missing.find((m) => m.lineId === l.lineId)?.quantity ?? 0;
    expect(shipped + missing).toBe(l.quantity);
  }
  for (const [sku, d] of demand) {
    const total = req.warehouses.reduce((t, w) => t + Math.max(0, w.available[sku] ?? 0), 0);
    const missing = r.missing.filter((m) => m.sku === sku).reduce((t, m) => t + m.quantity, 0);
    expect(missing).toBe(Math.max(0, d - total));
  }
  expect(r.complete).toBe(r.missing.length === 0);
}

/** Brute force: the smallest number of warehouses whose summed stock covers the coverable demand. */
function bruteForceMin(req: AllocationRequest): number {
  const demand = new Map<string, number>();
  for (const l of req.lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.quantity);
  const whs = req.warehouses;
  const stock = (w: WarehouseCandidate, sku: string) => Math.max(0, w.available[sku] ?? 0);
  const need = [...demand].map(([sku, d]) => [sku, Math.min(d, whs.reduce((t, w) => t + stock(w, sku), 0))] as const);
  let best = Infinity;
  for (let mask = 0; mask < 1 << whs.length; mask++) {
    const set = whs.filter((_, i) => mask & (1 << i));
    if (set.length >= best) continue;
    if (need.every(([sku, d]) => set.reduce((t, w) => t + stock(w, sku), 0) >= d)) best = set.length;
  }
  return best;
}

describe("allocation properties", () => {
  const strategies: AllocationStrategy[] = ["fewest-shipments", "priority", "closest"];

  it("never exceeds available stock and covers every line exactly or reports what is missing", () => {
    fc.assert(
      fc.property(instance(7), fc.constantFrom(...strategies), (req, strategy) => {
        checkValid(req, allocateOrder({ ...req, strategy }));
      }),
      { numRuns: 300 },
    );
  });

  it("fewest-shipments equals the brute-force minimum and splits a line only when no chosen warehouse holds it whole", () => {
    fc.assert(
      fc.property(instance(8), (req) => {
        const r = allocateOrder(req);
        expect(r.summary.shipments).toBe(bruteForceMin(req));
        expect(r.search?.exhaustive).toBe(true);
        const skuCount = new Map<string, number>();
        for (const l of req.lines) skuCount.set(l.sku, (skuCount.get(l.sku) ?? 0) + 1);
        for (const l of r.lines) {
          if (!l.split || skuCount.get(l.sku) !== 1) continue;
          for (const s of r.shipments) {
            const w = req.warehouses.find((x) => x.code === s.warehouse)!;
            expect(w.available[l.sku] ?? 0).toBeLessThan(l.quantity - l.missing);
          }
        }
        // Never more shipments than the greedy strategies.
        expect(r.summary.shipments).toBeLessThanOrEqual(allocateOrder({ ...req, strategy: "priority" }).summary.shipments);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic and does not depend on the order warehouses are listed in", () => {
    fc.assert(
      fc.property(instance(6), fc.constantFrom(...strategies), (req, strategy) => {
        const a = allocateOrder({ ...req, strategy });
        const b = allocateOrder({ ...req, strategy, warehouses: [...req.warehouses].reverse() });
        expect(allocateOrder({ ...req, strategy })).toEqual(a);
        expect(b.shipments).toEqual(a.shipments);
        expect(b.trace).toEqual(a.trace);
      }),
      { numRuns: 200 },
    );
  });

  it("falls back to a valid greedy cover, flagged not proven optimal, when the search budget runs out", () => {
    fc.assert(
      fc.property(instance(8), (req) => {
        const r = allocateOrder({ ...req, options: { maxSearchNodes: 2 } });
        checkValid(req, r);
        if (r.search && !r.search.exhaustive) {
          expect(r.trace.join("\n")).toContain("not proven optimal");
          expect(r.summary.shipments).toBeGreaterThanOrEqual(bruteForceMin(req));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("allocationHoldPlanner (the store's HoldPlanner port)", () => {
  const lines = [
    { lineNo: 1, sku: "A", quantity: 2 },
    { lineNo: 2, sku: "B", quantity: 1 },
    { lineNo: 3, sku: "C", quantity: 1 },
  ];
  const availability = [
    { warehouse: "WH2", priority: 2, available: new Map([["A", 10], ["C", 3]]) },
    { warehouse: "WH1", priority: 1, available: new Map([["A", 1], ["B", 5]]) },
  ];
  it("holds the seed order in 2 warehouses without splitting A", () => {
    expect(allocationHoldPlanner()(lines, availability)).toEqual({
      ok: true,
      holds: [
        { lineNo: 2, sku: "B", warehouse: "WH1", quantity: 1 },
        { lineNo: 1, sku: "A", warehouse: "WH2", quantity: 2 },
        { lineNo: 3, sku: "C", warehouse: "WH2", quantity: 1 },
      ],
    });
  });
  it("reports missing units by line number", () => {
    expect(allocationHoldPlanner({ strategy: "priority" })([{ lineNo: 7, sku: "B", quantity: 9 }], availability)).toEqual({
      ok: false,
      missing: [{ lineNo: 7, sku: "B", missing: 4 }],
    });
  });
});
