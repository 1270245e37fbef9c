import { InputError } from "../shared/errors.js";
import { exactTour } from "./exact-dp.js";
import { heuristicOrder, policyOrder } from "./heuristics.js";
import type { Layout, PickPoint, Route, RouteMethod } from "./layout.js";
import { ROUTE_METHODS, dedupePicks, layoutProblems, pickProblems, tourLength } from "./layout.js";

/** Largest number of cross aisles for which `exact` runs the optimal DP (1 or 2 blocks). */
export const EXACT_MAX_CROSS_AISLES = 3;

/**
 * Plan a pick tour from the depot through every pick point and back.
 *
 * `exact` (default) is optimal for 2 or 3 cross aisles (Ratliff–Rosenthal / Roodbergen–de Koster DP) and
 * a heuristic (combined+ with 2-opt/Or-opt) beyond, reported with `optimal: false`. The other methods are
 * the classic policies, for comparison. Throws InputError for an unusable layout, bad picks or method.
 */
export function planRoute(layout: Layout, picks: readonly PickPoint[], method: RouteMethod = "exact"): Route {
  if (!ROUTE_METHODS.includes(method)) {
    throw new InputError("ROUTE_BAD_METHOD", `unknown routing method "${String(method)}"`, [
      { field: "method", message: `must be one of ${ROUTE_METHODS.join(", ")}` },
    ]);
  }
  const layoutIssues = layoutProblems(layout);
  if (layoutIssues.length > 0) throw new InputError("ROUTE_BAD_LAYOUT", "the warehouse layout is not usable", layoutIssues);
  const pickIssues = pickProblems(layout, picks);
  if (pickIssues.length > 0) throw new InputError("ROUTE_BAD_PICKS", "some pick points lie outside the layout", pickIssues);

  const { points, indexOf } = dedupePicks(picks);
  let order: number[];
  let optimal = false;
  if (points.length === 0) {
    order = [];
    optimal = true;
  } else if (method === "exact") {
    if (layout.crossAisles <= EXACT_MAX_CROSS_AISLES) {
      order = exactTour(layout, points).order;
      optimal = true;
    } else {
      order = heuristicOrder(layout, points);
    }
  } else {
    order = policyOrder(layout, points, method);
  }
  // Expand duplicates: every input pick appears once, equal points next to each other.
  const copies = new Map<number, PickPoint[]>();
  picks.forEach((p, i) => {
    const id = indexOf[i] as number;
    const list = copies.get(id) ?? [];
    list.push({ aisle: p.aisle, y: p.y });
    copies.set(id, list);
  });
  const stops = order.flatMap((id) => copies.get(id) ?? []);
  return { method, length: tourLength(layout, stops), stops, optimal };
}
