import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Layout, PickPoint, RouteMethod } from "./index.js";
import { ROUTE_METHODS, crossAisleYs, heldKarpLength, planRoute } from "./index.js";

/**
 * An independent model of the aisle graph: explicit vertices (every aisle × cross-aisle crossing, every
 * pick point, the depot) joined along aisle centre lines and cross aisles, shortest paths by Dijkstra.
 */
function graphDistances(layout: Layout, points: readonly PickPoint[]): (a: PickPoint | "depot", b: PickPoint | "depot") => number {
  const ys = crossAisleYs(layout);
  const key = (x: number, y: number) => `${x},${y}`;
  const coords = new Map<string, [number, number]>();
  const add = (x: number, y: number) => coords.set(key(x, y), [x, y]);
  for (let a = 0; a < layout.aisles; a++) for (const y of ys) add(a * layout.aisleSpacing, y);
  for (const p of points) add(p.aisle * layout.aisleSpacing, p.y);
  add(layout.depot.x, 0);
  const adj = new Map<string, [string, number][]>();
  const link = (u: string, v: string, w: number) => {
    adj.set(u, [...(adj.get(u) ?? []), [v, w]]);
    adj.set(v, [...(adj.get(v) ?? []), [u, w]]);
  };
  const all = [...coords.values()];
  // Along each aisle: consecutive vertices with the same x.
  for (let a = 0; a < layout.aisles; a++) {
    const x = a * layout.aisleSpacing;
    const col = all.filter(([px]) => px === x).sort((p, q) => p[1] - q[1]);
    for (let i = 0; i + 1 < col.length; i++) link(key(...col[i]!), key(...col[i + 1]!), col[i + 1]![1] - col[i]![1]);
  }
  // Along each cross aisle: consecutive vertices with the same y (aisle crossings, and the depot on the front).
  for (const y of ys) {
    const row = all.filter(([, py]) => py === y);
    row.sort((p, q) => p[0] - q[0]);
    for (let i = 0; i + 1 < row.length; i++) link(key(...row[i]!), key(...row[i + 1]!), row[i + 1]![0] - row[i]![0]);
  }
  const cache = new Map<string, Map<string, number>>();
  const dijkstra = (src: string) => {
    const dist = new Map<string, number>([[src, 0]]);
    const done = new Set<string>();
    for (;;) {
      let u: string | undefined;
      for (const [v, d] of dist) if (!done.has(v) && (u === undefined || d < dist.get(u)!)) u = v;
      if (u === undefined) return dist;
      done.add(u);
      for (const [v, w] of adj.get(u) ?? []) {
        const nd = dist.get(u)! + w;
        if (nd < (dist.get(v) ?? Infinity)) dist.set(v, nd);
      }
    }
  };
  const keyOf = (p: PickPoint | "depot") => (p === "depot" ? key(layout.depot.x, 0) : key(p.aisle * layout.aisleSpacing, p.y));
  return (a, b) => {
    const ka = keyOf(a);
    let d = cache.get(ka);
    if (!d) cache.set(ka, (d = dijkstra(ka)));
    return d.get(keyOf(b)) ?? Infinity;
  };
}

const instance = (maxCross: number, maxPicks: number) =>
  fc
    .record({
      aisles: fc.integer({ min: 1, max: 9 }),
      aisleLength: fc.constantFrom(10, 12, 30),
      aisleSpacing: fc.constantFrom(1, 2, 3),
      crossAisles: fc.integer({ min: 2, max: maxCross }),
      depotAt: fc.double({ min: 0, max: 1, noNaN: true }),
      depotOnAisle: fc.boolean(),
    })
    .chain((l) => {
      const maxX = (l.aisles - 1) * l.aisleSpacing;
      const x = l.depotOnAisle ? Math.round(l.depotAt * (l.aisles - 1)) * l.aisleSpacing : Math.round(l.depotAt * maxX * 4) / 4;
      const layout: Layout = { warehouse: "WH", aisles: l.aisles, aisleLength: l.aisleLength, aisleSpacing: l.aisleSpacing, crossAisles: l.crossAisles, depot: { x, y: 0 } };
      const ys = crossAisleYs(layout);
      const pick = fc.record({
        aisle: fc.integer({ min: 0, max: l.aisles - 1 }),
        // Mostly whole positions; some exactly on a cross aisle.
        y: fc.oneof(fc.integer({ min: 0, max: l.aisleLength }), fc.constantFrom(...ys)),
      });
      return fc.record({ layout: fc.constant(layout), picks: fc.array(pick, { maxLength: maxPicks }) });
    });

const key = (p: PickPoint) => `${p.aisle}:${p.y}`;

describe("routing properties", () => {
  it("every method visits every pick point and its length is the sum of its legs on the aisle graph", () => {
    fc.assert(
      fc.property(instance(5, 12), fc.constantFrom<RouteMethod>(...ROUTE_METHODS), ({ layout, picks }, method) => {
        const route = planRoute(layout, picks, method);
        expect(route.stops.map(key).sort()).toEqual(picks.map(key).sort());
        const dist = graphDistances(layout, picks);
        let sum = 0;
        let prev: PickPoint | "depot" = "depot";
        for (const s of route.stops) {
          sum += dist(prev, s);
          prev = s;
        }
        sum += dist(prev, "depot");
        expect(route.length).toBeCloseTo(sum, 9);
      }),
      { numRuns: 300 },
    );
  });

  it("exact equals the Held–Karp optimum on one- and two-block layouts, and no policy beats it", () => {
    fc.assert(
      fc.property(instance(3, 9), ({ layout, picks }) => {
        const route = planRoute(layout, picks);
        expect(route.optimal).toBe(true);
        const optimum = heldKarpLength(layout, picks);
        expect(route.length).toBeCloseTo(optimum, 9);
        for (const m of ROUTE_METHODS) expect(planRoute(layout, picks, m).length).toBeGreaterThanOrEqual(optimum - 1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it("past two blocks, exact is flagged as a heuristic and is never worse than S-shape", () => {
    fc.assert(
      fc.property(instance(6, 12), ({ layout, picks }) => {
        fc.pre(layout.crossAisles >= 4);
        const route = planRoute(layout, picks);
        expect(route.optimal).toBe(picks.length === 0);
        expect(route.length).toBeLessThanOrEqual(planRoute(layout, picks, "sshape").length + 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});
