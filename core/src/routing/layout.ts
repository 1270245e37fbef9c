import type { InputIssue } from "../shared/errors.js";

/**
 * A rectangular warehouse with parallel vertical aisles.
 *
 * Aisle `i` (0-based) runs along x = i·aisleSpacing from y = 0 (front) to y = aisleLength (back).
 * `crossAisles` horizontal aisles (front and back included, evenly spaced) connect the aisles:
 * 2 = a single block, 3 = two blocks (one middle cross aisle), and so on.
 * The depot sits on the front cross aisle (y = 0) at any x in [0, (aisles − 1)·aisleSpacing].
 * Pickers travel along aisle centre lines and cross aisles only.
 */
export interface Layout {
  warehouse: string;
  aisles: number;
  aisleLength: number;
  aisleSpacing: number;
  crossAisles: number;
  depot: { x: number; y: number };
}

/** A place a picker must reach: aisle index (0-based) and the position y along that aisle. */
export interface PickPoint {
  aisle: number;
  y: number;
}

export type RouteMethod = "exact" | "sshape" | "return" | "midpoint" | "largest-gap" | "combined";
export const ROUTE_METHODS: readonly RouteMethod[] = ["exact", "sshape", "return", "midpoint", "largest-gap", "combined"];

export interface Route {
  method: RouteMethod;
  /** Whole tour: depot → stops in order → depot, each leg the shortest walk on the aisle graph. */
  length: number;
  /** Every pick point (duplicates included, next to each other) in visiting order. */
  stops: PickPoint[];
  /** True only when the length is proven minimal (the exact DP on 1- and 2-block layouts). */
  optimal: boolean;
}

/** Limits that keep planning fast and inputs sane. */
export const LAYOUT_LIMITS = { maxAisles: 2000, maxCrossAisles: 100 } as const;

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Semantic checks of a layout (shape checks belong to the file parser). Empty when the layout is usable. */
export function layoutProblems(layout: Layout): InputIssue[] {
  const issues: InputIssue[] = [];
  if (typeof layout.warehouse !== "string" || layout.warehouse.trim() === "") {
    issues.push({ field: "warehouse", message: "must be a non-empty warehouse code" });
  }
  const aislesOk = Number.isInteger(layout.aisles) && layout.aisles >= 1 && layout.aisles <= LAYOUT_LIMITS.maxAisles;
  if (!aislesOk) issues.push({ field: "aisles", message: `must be a whole number from 1 to ${LAYOUT_LIMITS.maxAisles}` });
  if (!finite(layout.aisleLength) || layout.aisleLength <= 0) {
    issues.push({ field: "aisleLength", message: "must be a positive number" });
  }
  const spacingOk = finite(layout.aisleSpacing) && layout.aisleSpacing > 0;
  if (!spacingOk) issues.push({ field: "aisleSpacing", message: "must be a positive number" });
  if (!Number.isInteger(layout.crossAisles) || layout.crossAisles < 2 || layout.crossAisles > LAYOUT_LIMITS.maxCrossAisles) {
    issues.push({
      field: "crossAisles",
      message: `must be a whole number from 2 to ${LAYOUT_LIMITS.maxCrossAisles} (front and back cross aisles included)`,
    });
  }
  const depot = layout.depot as { x?: unknown; y?: unknown } | undefined;
  if (typeof depot !== "object" || depot === null) {
    issues.push({ field: "depot", message: "must be an object { x, y }" });
  } else {
    if (!finite(depot.y) || depot.y !== 0) {
      issues.push({ field: "depot.y", message: "must be 0: the depot sits on the front cross aisle" });
    }
    if (!finite(depot.x)) {
      issues.push({ field: "depot.x", message: "must be a number" });
    } else if (aislesOk && spacingOk) {
      const maxX = (layout.aisles - 1) * layout.aisleSpacing;
      if (depot.x < 0 || depot.x > maxX) {
        issues.push({ field: "depot.x", message: `must lie on the front cross aisle, between 0 and ${maxX}` });
      }
    }
  }
  return issues;
}

/** Checks that each pick point lies inside the layout. Fields are `[index].aisle` / `[index].y`. */
export function pickProblems(layout: Layout, picks: readonly PickPoint[]): InputIssue[] {
  const issues: InputIssue[] = [];
  picks.forEach((p, i) => {
    if (!Number.isInteger(p.aisle) || p.aisle < 0 || p.aisle >= layout.aisles) {
      issues.push({ field: `[${i}].aisle`, message: `must be an aisle index from 0 to ${layout.aisles - 1}` });
    }
    if (!finite(p.y) || p.y < 0 || p.y > layout.aisleLength) {
      issues.push({ field: `[${i}].y`, message: `must be a position from 0 to ${layout.aisleLength}` });
    }
  });
  return issues;
}

/** The y of every cross aisle, front (0) to back (aisleLength). */
export function crossAisleYs(layout: Layout): number[] {
  const k = layout.crossAisles;
  return Array.from({ length: k }, (_, c) => (c === k - 1 ? layout.aisleLength : (c * layout.aisleLength) / (k - 1)));
}

/** A point on the aisle graph in plane coordinates. */
export interface GraphPoint {
  x: number;
  y: number;
}

/** Shortest walk between two plane points that each lie on an aisle centre line or on the front cross aisle. */
export function planeDistance(a: GraphPoint, b: GraphPoint, crossYs: readonly number[]): number {
  if (a.x === b.x) return Math.abs(a.y - b.y);
  let best = Infinity;
  for (const yc of crossYs) {
    const v = Math.abs(a.y - yc) + Math.abs(b.y - yc);
    if (v < best) best = v;
  }
  return Math.abs(a.x - b.x) + best;
}

export type RoutePoint = PickPoint | "depot";

export function toGraphPoint(layout: Layout, p: RoutePoint): GraphPoint {
  return p === "depot" ? { x: layout.depot.x, y: 0 } : { x: p.aisle * layout.aisleSpacing, y: p.y };
}

/**
 * Shortest distance between two pick points (or the depot) walking along aisles and cross aisles.
 * For different aisles the walk goes through the single best cross aisle; within an aisle it is straight.
 */
export function aisleDistance(layout: Layout, from: RoutePoint, to: RoutePoint): number {
  return planeDistance(toGraphPoint(layout, from), toGraphPoint(layout, to), crossAisleYs(layout));
}

/** Length of the tour depot → stops (in order) → depot, each leg a shortest walk on the aisle graph. */
export function tourLength(layout: Layout, stops: readonly PickPoint[]): number {
  const ys = crossAisleYs(layout);
  let prev = toGraphPoint(layout, "depot");
  let total = 0;
  for (const s of stops) {
    const p = toGraphPoint(layout, s);
    total += planeDistance(prev, p, ys);
    prev = p;
  }
  return total + planeDistance(prev, toGraphPoint(layout, "depot"), ys);
}

/** Distinct pick points (first occurrence order) and, for each input pick, the index of its distinct point. */
export function dedupePicks(picks: readonly PickPoint[]): { points: PickPoint[]; indexOf: number[] } {
  const seen = new Map<string, number>();
  const points: PickPoint[] = [];
  const indexOf = picks.map((p) => {
    const key = `${p.aisle}:${p.y}`;
    let i = seen.get(key);
    if (i === undefined) {
      i = points.length;
      seen.set(key, i);
      points.push({ aisle: p.aisle, y: p.y });
    }
    return i;
  });
  return { points, indexOf };
}
