/**
 * How far the picker still walks: from the stop they are at, through every stop still to pick (in
 * walking order), back to the depot, each leg the shortest walk on the aisle graph. What the handheld
 * shows as "35 m to go".
 */
import type { Layout } from "../routing/layout.js";
import { aisleDistance } from "../routing/layout.js";
import { pickPointOf } from "../planning/route-lines.js";

export function metresToGo(layout: Layout, stops: readonly { readonly location: string; readonly aisle: number; readonly position: number }[]): number {
  if (stops.length === 0) return 0;
  const points = stops.map((s) => pickPointOf(layout, { code: s.location, aisle: s.aisle, position: s.position }));
  let total = 0;
  for (let i = 1; i < points.length; i++) total += aisleDistance(layout, points[i - 1]!, points[i]!);
  return total + aisleDistance(layout, points.at(-1)!, "depot");
}
