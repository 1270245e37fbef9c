/**
 * From locations to a walking order: a location's pick point checked against the layout, and
 * pick-list lines ordered by the route through their points (lines at one point side by side).
 */
import { DomainError } from "../shared/errors.js";
import type { Layout, PickPoint } from "../routing/layout.js";
import { planRoute } from "../routing/plan.js";


const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A location's pick point, checked against the layout (DomainError LOCATION_OUTSIDE_LAYOUT). */
export function pickPointOf(layout: Layout, loc: { code: string; aisle: number; position: number }): PickPoint {
  if (!Number.isInteger(loc.aisle) || loc.aisle < 0 || loc.aisle >= layout.aisles || !(loc.position >= 0 && loc.position <= layout.aisleLength)) {
    throw new DomainError(
      "LOCATION_OUTSIDE_LAYOUT",
      `location ${loc.code} (aisle ${loc.aisle}, position ${loc.position}) lies outside the layout of ${layout.warehouse} (aisles 0–${layout.aisles - 1}, positions 0–${layout.aisleLength})`,
    );
  }
  return { aisle: loc.aisle, y: loc.position };
}

/**
 * Order pick-list lines by a route through their points: returns the lines in visiting order (lines
 * at the same point next to each other, by location then order), with the route.
 */
export function routeLines<T extends { point: PickPoint; location: string; orderId: number; lineNo: number }>(
  layout: Layout,
  lines: readonly T[],
): { ordered: T[]; length: number; optimal: boolean } {
  const route = planRoute(
    layout,
    lines.map((l) => l.point),
  );
  const byPoint = new Map<string, T[]>();
  for (const l of [...lines].sort((a, b) => cmp(a.location, b.location) || a.orderId - b.orderId || a.lineNo - b.lineNo)) {
    const k = `${l.point.aisle}:${l.point.y}`;
    (byPoint.get(k) ?? byPoint.set(k, []).get(k)!).push(l);
  }
  const ordered = route.stops.map((s) => byPoint.get(`${s.aisle}:${s.y}`)!.shift()!);
  return { ordered, length: route.length, optimal: route.optimal };
}
