import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../shared/errors.js";
import { planBatches, type BatchOrder, type BatchRequest, type PickingMode } from "./batching.js";
import { planWaves, type WaveOrder } from "./waves.js";

// ---------- waves ----------

const order = (orderId: string, extra: Partial<WaveOrder> = {}): WaveOrder => ({
  orderId,
  warehouse: "WH1",
  status: "Confirmed",
  priority: 2,
  carrier: "DHL",
  cutoff: "16:00",
  lines: 2,
  ...extra,
});

describe("planWaves", () => {
  it("groups by cut-off, priority and carrier, earliest cut-off and most urgent first", () => {
    const plan = planWaves({
      warehouse: "WH1",
      orders: [
        order("a", { carrier: "UPS" }),
        order("b"),
        order("c", { priority: 1 }),
        order("d", { cutoff: "14:00" }),
        order("e", { cutoff: undefined }),
        order("f"),
      ],
    });
    expect(plan.waves.map((w) => [w.cutoff, w.priority, w.carrier, w.orderIds.join(",")])).toEqual([
      ["14:00", 2, "DHL", "d"],
      ["16:00", 1, "DHL", "c"],
      ["16:00", 2, "DHL", "b,f"],
      ["16:00", 2, "UPS", "a"],
      [undefined, 2, "DHL", "e"],
    ]);
    expect(plan.waves.map((w) => w.sequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it("cuts groups at the order and line limits, oldest orders first, and isolates an oversize order", () => {
    const plan = planWaves({
      warehouse: "WH1",
      limits: { maxOrders: 2, maxLines: 5, maxWaves: 10 },
      orders: [
        order("o1", { createdAt: 5, lines: 2 }),
        order("o2", { createdAt: 1, lines: 2 }),
        order("o3", { createdAt: 2, lines: 2 }),
        order("big", { createdAt: 3, lines: 9 }),
        order("o4", { createdAt: 4, lines: 3 }),
      ],
    });
    expect(plan.waves.map((w) => [w.orderIds.join(","), w.lines, w.oversize])).toEqual([
      ["o2,o3", 4, false],
      ["big", 9, true],
      ["o4,o1", 5, false],
    ]);
  });

  it("a limit per wave means one wave unless maxWaves says more; the rest is deferred in planning order", () => {
    const orders = ["o1", "o2", "o3", "o4", "o5"].map((id, i) => order(id, { createdAt: i }));
    const one = planWaves({ warehouse: "WH1", limits: { maxOrders: 2 }, orders });
    expect(one.waves.map((w) => w.orderIds)).toEqual([["o1", "o2"]]);
    expect(one.deferred).toEqual(["o3", "o4", "o5"]);
    const two = planWaves({ warehouse: "WH1", limits: { maxOrders: 2, maxWaves: 2 }, orders });
    expect(two.waves.map((w) => w.orderIds)).toEqual([["o1", "o2"], ["o3", "o4"]]);
    expect(two.deferred).toEqual(["o5"]);
    expect(planWaves({ warehouse: "WH1", orders }).deferred).toEqual([]);
    expect(() => planWaves({ warehouse: "WH1", orders, limits: { maxWaves: 0 } })).toThrow(InputError);
  });

  it("skips other warehouses, non-Confirmed orders and repeats, saying why", () => {
    const plan = planWaves({
      warehouse: "WH1",
      orders: [order("a"), order("a"), order("b", { warehouse: "WH2" }), order("c", { status: "Processing" })],
    });
    expect(plan.waves.flatMap((w) => w.orderIds)).toEqual(["a"]);
    expect(plan.skipped).toEqual([
      { orderId: "a", reason: "listed more than once (planned once)" },
      { orderId: "b", reason: "ships from WH2, not WH1" },
      { orderId: "c", reason: "status Processing, not Confirmed" },
    ]);
  });

  it("rejects bad limits with an InputError naming the field", () => {
    expect(() => planWaves({ warehouse: "WH1", orders: [], limits: { maxOrders: 0 } })).toThrow(InputError);
    try {
      planWaves({ warehouse: "WH1", orders: [], limits: { maxLines: 2.5 } });
    } catch (e) {
      expect((e as InputError).issues[0]?.field).toBe("maxLines");
    }
  });

  it("property: a wave never holds an order twice, every eligible order is in exactly one wave, limits hold", () => {
    const arb = fc.record({
      orders: fc.array(
        fc.record({
          orderId: fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `O${i}`)),
          warehouse: fc.constantFrom("WH1", "WH2"),
          status: fc.constantFrom("Confirmed", "Confirmed", "Confirmed", "Pending", "Processing"),
          priority: fc.integer({ min: 1, max: 3 }),
          carrier: fc.constantFrom("DHL", "UPS"),
          cutoff: fc.option(fc.constantFrom("14:00", "16:00"), { nil: undefined }),
          lines: fc.integer({ min: 0, max: 8 }),
          createdAt: fc.integer({ min: 0, max: 100 }),
        }),
        { maxLength: 60 },
      ),
      maxOrders: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      maxLines: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, ({ orders, maxOrders, maxLines }) => {
        const plan = planWaves({ warehouse: "WH1", orders, limits: { maxOrders, maxLines, maxWaves: orders.length + 1 } });
        const all = plan.waves.flatMap((w) => w.orderIds);
        expect(new Set(all).size).toBe(all.length);
        const firstSeen = new Map<string, WaveOrder>();
        for (const o of orders) if (!firstSeen.has(o.orderId)) firstSeen.set(o.orderId, o);
        const eligible = [...firstSeen.values()].filter((o) => o.warehouse === "WH1" && o.status === "Confirmed");
        expect([...all].sort()).toEqual(eligible.map((o) => o.orderId).sort());
        expect(plan.skipped.length + all.length).toBe(orders.length);
        for (const w of plan.waves) {
          expect(w.orderIds.length).toBeLessThanOrEqual(maxOrders ?? Infinity);
          if (!w.oversize) expect(w.lines).toBeLessThanOrEqual(maxLines ?? Infinity);
          else expect(w.orderIds).toHaveLength(1);
          const members = w.orderIds.map((id) => firstSeen.get(id)!);
          expect(new Set(members.map((o) => JSON.stringify([o.cutoff, o.priority, o.carrier]))).size).toBe(1);
          expect(w.lines).toBe(members.reduce((t, o) => t + o.lines, 0));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------- batching ----------

/**
 * A route length we own for the tests: the return policy on a 3 m aisle grid (walk the front
 * cross aisle to the farthest aisle and back, enter each visited aisle up to its deepest pick and
 * return). Monotone and subadditive, like any real tour length.
 */
const returnPolicy = (points: readonly { aisle: number; y: number }[]): number => {
  const deepest = new Map<number, number>();
  for (const p of points) deepest.set(p.aisle, Math.max(deepest.get(p.aisle) ?? 0, p.y));
  const far = Math.max(...deepest.keys());
  return 2 * 3 * far + [...deepest.values()].reduce((t, y) => t + 2 * y, 0);
};

describe("planBatches", () => {
  const orders: BatchOrder[] = [
    { orderId: "near1", picks: [{ aisle: 0, y: 10 }] },
    { orderId: "far1", picks: [{ aisle: 9, y: 25 }] },
    { orderId: "near2", picks: [{ aisle: 1, y: 10 }] },
    { orderId: "far2", picks: [{ aisle: 9, y: 20 }] },
  ];
  it("puts orders that share a walk on one trip (cluster, 2 totes)", () => {
    const plan = planBatches({ orders, mode: "cluster", cart: { totes: 2 }, routeLength: returnPolicy });
    expect(plan.trips.map((t) => t.orders.map((o) => `${o.orderId}@${o.totes.join("+")}`))).toEqual([
      ["near1@1", "near2@2"],
      ["far1@1", "far2@2"],
    ]);
    expect(plan.totalLength).toBe(returnPolicy([{ aisle: 0, y: 10 }, { aisle: 1, y: 10 }]) + returnPolicy([{ aisle: 9, y: 25 }]));
  });

  it("single mode: one order per trip; FCFS fills carts in arrival order", () => {
    expect(planBatches({ orders, mode: "single", cart: { totes: 4 }, routeLength: returnPolicy }).trips).toHaveLength(4);
    const fcfs = planBatches({ orders, mode: "cluster", cart: { totes: 2 }, routeLength: returnPolicy, construction: "fcfs", localSearch: false });
    expect(fcfs.trips.map((t) => t.orders.map((o) => o.orderId))).toEqual([
      ["near1", "far1"],
      ["near2", "far2"],
    ]);
    // The local search repairs FCFS into the good grouping.
    const repaired = planBatches({ orders, mode: "cluster", cart: { totes: 2 }, routeLength: returnPolicy, construction: "fcfs" });
    expect(repaired.totalLength).toBeLessThan(fcfs.totalLength);
  });

  it("batch mode counts totes by shared volume; an order too big for the cart rides alone, flagged", () => {
    const plan = planBatches({
      orders: [
        { orderId: "a", picks: [{ aisle: 0, y: 1 }], volume: 20 },
        { orderId: "b", picks: [{ aisle: 0, y: 2 }], volume: 20 },
        { orderId: "huge", picks: [{ aisle: 0, y: 3 }], volume: 500 },
      ],
      mode: "batch",
      cart: { totes: 1, toteVolume: 40, volume: 100 },
      routeLength: returnPolicy,
    });
    expect(plan.trips.map((t) => [t.orders.map((o) => o.orderId).join(","), t.totes, t.overCapacity])).toEqual([
      ["a,b", 1, false],
      ["huge", 13, true],
    ]);
    expect(plan.trips[0]!.orders[0]!.totes).toEqual([]);
  });

  it("rejects a malformed cart with an InputError", () => {
    expect(() => planBatches({ orders, mode: "cluster", cart: { totes: 0 }, routeLength: returnPolicy })).toThrow(InputError);
    expect(() => planBatches({ orders: [orders[0]!, orders[0]!], mode: "cluster", cart: { totes: 2 }, routeLength: returnPolicy })).toThrow(/problem/);
  });

  it("property: every order on exactly one trip, capacity respected, never longer than single-order picking", () => {
    const arb = fc.record({
      orders: fc.array(
        fc.record({
          picks: fc.array(fc.record({ aisle: fc.integer({ min: 0, max: 11 }), y: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 4 }),
          volume: fc.integer({ min: 1, max: 60 }),
          weight: fc.integer({ min: 1, max: 15 }),
          totes: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
        }),
        { maxLength: 14 },
      ),
      mode: fc.constantFrom<PickingMode>("single", "batch", "cluster"),
      cart: fc.record({
        totes: fc.integer({ min: 1, max: 6 }),
        volume: fc.option(fc.integer({ min: 50, max: 200 }), { nil: undefined }),
        weight: fc.option(fc.integer({ min: 10, max: 40 }), { nil: undefined }),
        toteVolume: fc.option(fc.integer({ min: 30, max: 60 }), { nil: undefined }),
        maxOrders: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      }),
      construction: fc.constantFrom<"savings" | "fcfs">("savings", "fcfs"),
    });
    fc.assert(
      fc.property(arb, ({ orders: raw, mode, cart, construction }) => {
        const os = raw.map((o, i) => ({ orderId: `O${i}`, ...o }));
        const req: BatchRequest = { orders: os, mode, cart, routeLength: returnPolicy, construction };
        const plan = planBatches(req);
        const ids = plan.trips.flatMap((t) => t.orders.map((o) => o.orderId));
        expect([...ids].sort()).toEqual(os.map((o) => o.orderId).sort());
        for (const t of plan.trips) {
          const members = t.orders.map((x) => os.find((o) => o.orderId === x.orderId)!);
          if (mode === "single" || t.overCapacity) expect(members).toHaveLength(1);
          if (t.overCapacity) continue;
          expect(t.totes).toBeLessThanOrEqual(cart.totes);
          expect(t.volume).toBeLessThanOrEqual(cart.volume ?? Infinity);
          expect(t.weight).toBeLessThanOrEqual(cart.weight ?? Infinity);
          expect(members.length).toBeLessThanOrEqual(cart.maxOrders ?? Infinity);
          expect(t.length).toBe(returnPolicy(members.flatMap((o) => o.picks)));
          if (mode === "cluster") {
            const totes = t.orders.flatMap((o) => o.totes);
            expect(new Set(totes).size).toBe(totes.length);
            expect(totes.length).toBe(t.totes);
          }
        }
        const single = planBatches({ ...req, mode: "single" });
        expect(plan.totalLength).toBeLessThanOrEqual(single.totalLength + 1e-9);
        expect(planBatches(req)).toEqual(plan);
      }),
      { numRuns: 200 },
    );
  });
});
