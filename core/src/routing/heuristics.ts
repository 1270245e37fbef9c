// Classic pick-routing policies (Hall 1993; Petersen 1997; Roodbergen & de Koster 2001) expressed as
// visiting orders, plus 2-opt / Or-opt local search on the aisle graph's shortest-path metric.
//
// A policy here decides the ORDER in which pick points are visited; the reported length is always the
// shortest walk through that order on the aisle graph (so a leg never takes a longer way than needed).
// Multi-block layouts are routed block by block (front block first, alternating sweep direction), each
// block with the single-block policy as if it were a warehouse of its own: a documented simplification
// of Roodbergen's multi-block S-shape / largest-gap.

import type { Layout, PickPoint, RouteMethod } from "./layout.js";
import { crossAisleYs, planeDistance, toGraphPoint } from "./layout.js";

export type PolicyMethod = Exclude<RouteMethod, "exact">;

interface BlockPick {
  id: number;
  aisle: number;
  /** Position within the block, 0 at its front cross aisle. */
  y: number;
}

/** Order of the picks of one block for a single-block policy, aisles swept in the given direction. */
function blockOrder(method: PolicyMethod, picks: readonly BlockPick[], len: number, leftToRight: boolean): number[] {
  const byAisle = new Map<number, BlockPick[]>();
  for (const p of picks) {
    const list = byAisle.get(p.aisle) ?? [];
    list.push(p);
    byAisle.set(p.aisle, list);
  }
  const aisles = [...byAisle.keys()].sort((a, b) => (leftToRight ? a - b : b - a));
  const up = (a: number) => [...(byAisle.get(a) ?? [])].sort((p, q) => p.y - q.y).map((p) => p.id);
  const down = (a: number) => up(a).reverse();
  const out: number[] = [];
  const m = aisles.length;
  if (method === "return" || m === 1) {
    for (const a of aisles) out.push(...up(a));
    return out;
  }
  if (method === "sshape") {
    aisles.forEach((a, i) => out.push(...(i % 2 === 0 ? up(a) : down(a))));
    return out;
  }
  if (method === "midpoint" || method === "largest-gap") {
    // First and last pick aisles are traversed; the others are entered from the front for the picks
    // below their split and from the back for the picks above it.
    const split = new Map<number, number>();
    for (const a of aisles.slice(1, -1)) {
      if (method === "midpoint") {
        split.set(a, len / 2);
      } else {
        const ys = up(a).map((id) => picks.find((p) => p.id === id)?.y ?? 0);
        const stops = [0, ...ys, len];
        let bestGap = -1;
        let at = 0;
        for (let i = 0; i + 1 < stops.length; i++) {
          const g = (stops[i + 1] ?? 0) - (stops[i] ?? 0);
          if (g > bestGap) {
            bestGap = g;
            at = ((stops[i] ?? 0) + (stops[i + 1] ?? 0)) / 2;
          }
        }
        split.set(a, at);
      }
    }
    const yOf = (id: number) => picks.find((p) => p.id === id)?.y ?? 0;
    out.push(...up(aisles[0] as number));
    for (const a of aisles.slice(1, -1)) out.push(...down(a).filter((id) => yOf(id) > (split.get(a) ?? 0)));
    out.push(...down(aisles[m - 1] as number));
    for (const a of aisles.slice(1, -1).reverse()) out.push(...up(a).filter((id) => yOf(id) <= (split.get(a) ?? 0)));
    return out;
  }
  // combined (Roodbergen & de Koster 2001): each pick aisle is either traversed or entered and left from
  // the side the picker is on; a small DP over (aisle, side) chooses, ending at the front.
  const depthFront = (a: number) => Math.max(...(byAisle.get(a) ?? []).map((p) => p.y));
  const depthBack = (a: number) => len - Math.min(...(byAisle.get(a) ?? []).map((p) => p.y));
  const cost: number[][] = [[0, Infinity]];
  const choice: ("traverse" | "return")[][] = [];
  aisles.forEach((a, i) => {
    const [front, back] = cost[i] as number[];
    const ch: ("traverse" | "return")[] = ["return", "return"];
    const f0 = (front ?? Infinity) + 2 * depthFront(a);
    const f1 = (back ?? Infinity) + len;
    const b0 = (back ?? Infinity) + 2 * depthBack(a);
    const b1 = (front ?? Infinity) + len;
    if (f1 < f0) ch[0] = "traverse";
    if (b1 < b0) ch[1] = "traverse";
    cost.push([Math.min(f0, f1), Math.min(b0, b1)]);
    choice.push(ch);
  });
  const final = cost[m] as number[];
  let side = (final[0] ?? Infinity) <= (final[1] ?? Infinity) + len ? 0 : 1;
  const parts: number[][] = [];
  for (let i = m - 1; i >= 0; i--) {
    const a = aisles[i] as number;
    const c = (choice[i] as ("traverse" | "return")[])[side];
    // Arriving at `side` after aisle i: traversing means it came from the other side.
    if (c === "traverse") {
      parts.push(side === 1 ? up(a) : down(a));
      side = 1 - side;
    } else {
      parts.push(side === 0 ? up(a) : down(a));
    }
  }
  return parts.reverse().flat();
}

/** Visiting order (indices into `points`) for a policy; tries both sweep directions, keeps the shorter. */
export function policyOrder(layout: Layout, points: readonly PickPoint[], method: PolicyMethod): number[] {
  const a = policyOrderDirected(layout, points, method, true);
  const b = policyOrderDirected(layout, points, method, false);
  return orderLength(layout, points, a) <= orderLength(layout, points, b) ? a : b;
}

function policyOrderDirected(layout: Layout, points: readonly PickPoint[], method: PolicyMethod, leftToRight: boolean): number[] {
  const ys = crossAisleYs(layout);
  const blocks = ys.length - 1;
  const perBlock: BlockPick[][] = Array.from({ length: blocks }, () => []);
  points.forEach((p, id) => {
    let b = 0;
    while (b < blocks - 1 && p.y > (ys[b + 1] ?? Infinity)) b++;
    perBlock[b]?.push({ id, aisle: p.aisle, y: p.y - (ys[b] ?? 0) });
  });
  const out: number[] = [];
  let dir = leftToRight;
  perBlock.forEach((picks, b) => {
    if (picks.length === 0) return;
    out.push(...blockOrder(method, picks, (ys[b + 1] ?? 0) - (ys[b] ?? 0), dir));
    dir = !dir;
  });
  return out;
}

/** Symmetric distance matrix over depot (index n) and points 0..n−1. */
export function distanceMatrix(layout: Layout, points: readonly PickPoint[]): Float64Array {
  const ys = crossAisleYs(layout);
  const n = points.length;
  const gp = [...points.map((p) => toGraphPoint(layout, p)), toGraphPoint(layout, "depot")];
  const d = new Float64Array((n + 1) * (n + 1));
  for (let i = 0; i <= n; i++) {
    for (let j = i + 1; j <= n; j++) {
      const v = planeDistance(gp[i] as { x: number; y: number }, gp[j] as { x: number; y: number }, ys);
      d[i * (n + 1) + j] = v;
      d[j * (n + 1) + i] = v;
    }
  }
  return d;
}

export function orderLength(layout: Layout, points: readonly PickPoint[], order: readonly number[]): number {
  return orderCost(distanceMatrix(layout, points), points.length, order);
}

export function orderCost(d: Float64Array, n: number, order: readonly number[]): number {
  const w = n + 1;
  let prev = n;
  let total = 0;
  for (const i of order) {
    total += d[prev * w + i] ?? 0;
    prev = i;
  }
  return total + (d[prev * w + n] ?? 0);
}

const EPS = 1e-9;

/**
 * 2-opt and Or-opt (segments of 1–3 stops, either orientation) until no move improves the tour.
 * The depot (index n) is fixed at both ends. Returns a new order.
 */
export function improveOrder(d: Float64Array, n: number, order: readonly number[]): number[] {
  const w = n + 1;
  const t = [n, ...order, n];
  const D = (a: number, b: number) => d[(t[a] as number) * w + (t[b] as number)] ?? 0;
  let improved = true;
  while (improved) {
    improved = false;
    // 2-opt: reverse t[i+1..j].
    for (let i = 0; i < t.length - 3; i++) {
      for (let j = i + 2; j < t.length - 1; j++) {
        const delta = D(i, j) + D(i + 1, j + 1) - D(i, i + 1) - D(j, j + 1);
        if (delta < -EPS) {
          for (let a = i + 1, b = j; a < b; a++, b--) [t[a], t[b]] = [t[b] as number, t[a] as number];
          improved = true;
        }
      }
    }
    // Or-opt: move t[i..i+len-1] between t[p] and t[p+1].
    for (let len = 1; len <= 3; len++) {
      for (let i = 1; i + len <= t.length - 1; i++) {
        const e = i + len - 1;
        const removeGain = D(i - 1, i) + D(e, e + 1) - D(i - 1, e + 1);
        let bestDelta = -EPS;
        let bestP = -1;
        let bestRev = false;
        for (let p = 0; p < t.length - 1; p++) {
          if (p >= i - 1 && p <= e) continue;
          const base = -D(p, p + 1);
          const fwd = base + D(p, i) + D(e, p + 1) - removeGain;
          const rev = base + D(p, e) + D(i, p + 1) - removeGain;
          if (fwd < bestDelta) {
            bestDelta = fwd;
            bestP = p;
            bestRev = false;
          }
          if (rev < bestDelta) {
            bestDelta = rev;
            bestP = p;
            bestRev = true;
          }
        }
        if (bestP >= 0) {
          const seg = t.slice(i, e + 1);
          if (bestRev) seg.reverse();
          t.splice(i, len);
          const at = bestP < i ? bestP + 1 : bestP + 1 - len;
          t.splice(at, 0, ...seg);
          improved = true;
        }
      }
    }
  }
  return t.slice(1, -1);
}

/**
 * The heuristic `exact` uses past two blocks ("combined+"): every policy order (both sweep directions),
 * each improved by 2-opt/Or-opt; the shortest wins. Not proven optimal.
 */
export function heuristicOrder(layout: Layout, points: readonly PickPoint[]): number[] {
  const n = points.length;
  const d = distanceMatrix(layout, points);
  let best: number[] = [];
  let bestLen = Infinity;
  const starts: PolicyMethod[] = ["combined", "largest-gap", "sshape", "midpoint", "return"];
  for (const m of starts) {
    for (const dir of [true, false]) {
      const o = improveOrder(d, n, policyOrderDirected(layout, points, m, dir));
      const len = orderCost(d, n, o);
      if (len < bestLen - EPS) {
        bestLen = len;
        best = o;
      }
    }
  }
  return best;
}
