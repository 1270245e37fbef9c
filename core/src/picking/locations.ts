/**
 * Location choice: which locations of a warehouse supply a quantity of a SKU. What is free at a
 * location is its stock on hand minus what open lines of active pick lists already take there.
 */
import { freeAtLocation } from "../stock/availability.js";

export interface LocationStock {
  readonly location: string;
  readonly aisle: number;
  readonly position: number;
  /** on hand − committed to open pick-list lines. */
  free: number;
}

/** The key of a (location, SKU) pair in a commitments map. */
export const locationKey = (location: string, sku: string): string => `${location}\u0000${sku}`;

/** Locations with units still free: on hand minus commitments (keyed by `locationKey`), zero or less dropped. */
export function freeStock(
  rows: readonly { readonly location: string; readonly aisle: number; readonly position: number; readonly onHand: number }[],
  sku: string,
  committed: ReadonlyMap<string, number>,
): LocationStock[] {
  return rows
    .map((r) => ({ location: r.location, aisle: r.aisle, position: r.position, free: freeAtLocation(r.onHand, committed.get(locationKey(r.location, sku)) ?? 0) }))
    .filter((r) => r.free > 0);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Choose locations for `quantity` units: a single location that holds them all if any (the one with
 * the least stock that suffices, keeping big slots whole), else the fullest first, as few stops as possible.
 */
export function chooseLocations(options: readonly LocationStock[], quantity: number): { stock: LocationStock; quantity: number }[] {
  const whole = options.filter((o) => o.free >= quantity).sort((a, b) => a.free - b.free || cmp(a.location, b.location));
  if (whole[0]) return [{ stock: whole[0], quantity }];
  const out: { stock: LocationStock; quantity: number }[] = [];
  let need = quantity;
  for (const o of [...options].sort((a, b) => b.free - a.free || cmp(a.location, b.location))) {
    if (need === 0) break;
    const take = Math.min(need, o.free);
    if (take > 0) {
      out.push({ stock: o, quantity: take });
      need -= take;
    }
  }
  return out;
}
