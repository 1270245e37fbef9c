// Public surface of core/routing: each module of this area is re-exported here.
export type { Layout, PickPoint, RouteMethod, Route, RoutePoint, GraphPoint } from "./layout.js";
export {
  ROUTE_METHODS,
  LAYOUT_LIMITS,
  layoutProblems,
  pickProblems,
  crossAisleYs,
  aisleDistance,
  tourLength,
  dedupePicks,
} from "./layout.js";
export { planRoute, EXACT_MAX_CROSS_AISLES } from "./plan.js";
export { heldKarpLength, HELD_KARP_MAX_POINTS } from "./held-karp.js";
