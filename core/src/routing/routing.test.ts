import { describe, expect, it } from "vitest";
import { InputError } from "../shared/errors.js";
import type { Layout, PickPoint } from "./index.js";
import { aisleDistance, heldKarpLength, layoutProblems, planRoute, tourLength } from "./index.js";

// Hand-computed cases. Layout: 4 aisles at x = 0, 2, 4, 6, length 10, one block, depot at x = 0.
const block1: Layout = { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 2, crossAisles: 2, depot: { x: 0, y: 0 } };
const A = { aisle: 0, y: 2 };
const B = { aisle: 1, y: 8 };
const C = { aisle: 2, y: 2 };
const D = { aisle: 3, y: 8 };

describe("aisle-graph distance", () => {
  it("is straight within an aisle and goes through the best cross aisle between aisles", () => {
    expect(aisleDistance(block1, A, { aisle: 0, y: 9 })).toBe(7);
    expect(aisleDistance(block1, A, C)).toBe(8); // 2 down + 4 across + 2 up
    expect(aisleDistance(block1, B, D)).toBe(8); // 2 up + 4 across the back + 2 down
    expect(aisleDistance(block1, "depot", D)).toBe(14);
  });
  it("uses a middle cross aisle", () => {
    const twoBlocks = { ...block1, crossAisles: 3 };
    expect(aisleDistance(twoBlocks, { aisle: 0, y: 4 }, { aisle: 2, y: 6 })).toBe(6);
  });
});

describe("planRoute on a hand-computed single block", () => {
  // Optimal: up aisle 0 (10), back cross aisle (6), down aisle 3 (10), front (6) = 32, plus an excursion
  // from the back to B (2·2) and one from the front to C (2·2): 40.
  it("exact finds the 40 m tour and marks it optimal", () => {
    const r = planRoute(block1, [A, B, C, D]);
    expect(r).toMatchObject({ method: "exact", length: 40, optimal: true });
    expect(new Set(r.stops.map((s) => `${s.aisle}:${s.y}`))).toEqual(new Set(["0:2", "1:8", "2:2", "3:8"]));
  });
  it("S-shape and return go aisle by aisle: A, B, C, D = 52", () => {
    for (const m of ["sshape", "return"] as const) {
      const r = planRoute(block1, [D, C, B, A], m);
      expect(r.stops).toEqual([A, B, C, D]);
      expect(r.length).toBe(52);
      expect(r.optimal).toBe(false);
    }
  });
  it("largest gap and midpoint take B from the back and C from the front: A, B, D, C = 40", () => {
    for (const m of ["largest-gap", "midpoint"] as const) {
      const r = planRoute(block1, [A, B, C, D], m);
      expect(r.stops).toEqual([A, B, D, C]);
      expect(r.length).toBe(40);
    }
  });
  it("combined returns into every aisle here (ties favour returning): 52", () => {
    const r = planRoute(block1, [A, B, C, D], "combined");
    expect(r.length).toBe(52);
    expect(r.stops).toEqual([A, B, C, D]);
  });
  it("midpoint splits a middle aisle at half its length, largest gap at its largest gap", () => {
    // Aisle 1 holds picks at 2 and 5.2: midpoint takes 5.2 from the back; largest gap (5.2..10) takes both
    // from the front. Left-to-right sweeps are the shorter of the two directions for both policies.
    const P = { aisle: 1, y: 2 };
    const Q = { aisle: 1, y: 5.2 };
    const mid = planRoute(block1, [A, P, Q, D], "midpoint");
    expect(mid.stops).toEqual([A, Q, D, P]);
    expect(mid.length).toBeCloseTo(40, 9); // 2 + 9.2 + 10.8 + 14 + 4
    const lg = planRoute(block1, [A, P, Q, D], "largest-gap");
    expect(lg.stops).toEqual([A, D, P, Q]);
    expect(lg.length).toBeCloseTo(42.4, 9); // 2 + 16 + 14 + 3.2 + 7.2
  });
});

describe("planRoute edge cases", () => {
  it("an empty pick list is a zero-length tour", () => {
    expect(planRoute(block1, [])).toEqual({ method: "exact", length: 0, stops: [], optimal: true });
  });
  it("keeps duplicate picks, next to each other", () => {
    const r = planRoute(block1, [A, C, { ...A }]);
    expect(r.stops).toHaveLength(3);
    expect(r.stops.filter((s) => s.aisle === 0)).toHaveLength(2);
    const i = r.stops.findIndex((s) => s.aisle === 0);
    expect(r.stops[i + 1]).toEqual(A);
    expect(r.length).toBe(planRoute(block1, [A, C]).length);
  });
  it("handles a pick lying on the middle cross aisle and one on the back", () => {
    const twoBlocks = { ...block1, crossAisles: 3 };
    expect(planRoute(twoBlocks, [{ aisle: 2, y: 5 }]).length).toBe(18);
    expect(planRoute(twoBlocks, [{ aisle: 2, y: 10 }, { aisle: 0, y: 10 }]).length).toBe(28);
  });
  it("uses the middle cross aisle of a two-block layout", () => {
    const twoBlocks = { ...block1, crossAisles: 3 };
    const picks = [{ aisle: 0, y: 4 }, { aisle: 2, y: 6 }];
    expect(planRoute(twoBlocks, picks).length).toBe(20);
    expect(planRoute(block1, picks).length).toBe(28);
  });
  it("handles a depot between two aisles", () => {
    const mid = { ...block1, depot: { x: 1, y: 0 } };
    expect(planRoute(mid, [{ aisle: 0, y: 3 }]).length).toBe(8);
    const picks = [{ aisle: 0, y: 9 }, { aisle: 1, y: 9 }];
    expect(planRoute(mid, picks).length).toBe(heldKarpLength(mid, picks));
    expect(planRoute(mid, picks).length).toBe(24);
  });
  it("past two blocks, exact is a heuristic and says so", () => {
    const four = { ...block1, crossAisles: 4 };
    const r = planRoute(four, [A, B, C, D]);
    expect(r.optimal).toBe(false);
    expect(r.length).toBeCloseTo(tourLength(four, r.stops), 9);
    expect(r.length).toBeCloseTo(heldKarpLength(four, [A, B, C, D]), 9);
  });
});

describe("validation", () => {
  it("names each bad layout field", () => {
    const bad = { ...block1, aisles: 0, crossAisles: 1, depot: { x: 3, y: 2 } };
    const fields = layoutProblems(bad).map((i) => i.field);
    expect(fields).toEqual(["aisles", "crossAisles", "depot.y"]);
    expect(layoutProblems({ ...block1, depot: { x: 7, y: 0 } }).map((i) => i.field)).toEqual(["depot.x"]);
    expect(layoutProblems(block1)).toEqual([]);
  });
  it("refuses picks outside the layout with InputError naming the pick", () => {
    const picks: PickPoint[] = [A, { aisle: 4, y: 1 }, { aisle: 0, y: 11 }];
    try {
      planRoute(block1, picks);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe("ROUTE_BAD_PICKS");
      expect((e as InputError).issues.map((i) => i.field)).toEqual(["[1].aisle", "[2].y"]);
    }
  });
  it("refuses an unusable layout and an unknown method", () => {
    expect(() => planRoute({ ...block1, aisleSpacing: 0 }, [A])).toThrow(/layout/);
    expect(() => planRoute(block1, [A], "nearest" as never)).toThrow(InputError);
  });
});
