/**
 * The short-pick policy: a picker found only `found` units (in all, units already scanned included)
 * for a line. The found units are picked; the location's stock record is corrected (it is empty) and
 * a count is asked for; the missing units are covered, in this order, by
 *   1. other locations of the same warehouse (new lines on this trip, in route order),
 *   2. other warehouses (the order's allocation moves there: a new shipment, picked in a wave there),
 *   3. a back-order for what no warehouse has.
 * Pure decisions over facts the service loads; the service applies them in one transaction.
 */
import { DomainError } from "../shared/errors.js";
import { allocateOrder } from "../allocation/split.js";
import type { GeoPoint, WarehouseCandidate } from "../allocation/types.js";
import { chooseLocations, type LocationStock } from "./locations.js";
import { checkPickQuantity } from "./machine.js";


export interface ShortPickAssessment {
  /** Units still to take off the location now (found minus those already scanned). */
  readonly take: number;
  /** Units the line misses. */
  readonly missing: number;
  /** Set the location's record to this before taking (the picker holds more than the record says), if any. */
  readonly bookInTo: number | undefined;
  /** Set the location's record to 0 after taking (it held more on record than was found). */
  readonly correctToEmpty: boolean;
}

/**
 * Check a short pick and decide the stock-record correction. Refuses a quantity that is not short
 * (PICK_NOT_SHORT) or below what was already scanned (PICK_NOT_SHORT); a bad number is PICK_QUANTITY_INVALID.
 */
export function assessShortPick(line: { readonly id: number; readonly quantity: number; readonly picked: number }, found: number, onRecord: number): ShortPickAssessment {
  checkPickQuantity(found, "found", 0);
  if (found >= line.quantity) throw new DomainError("PICK_NOT_SHORT", `line ${line.id} needs ${line.quantity}; finding ${found} is not short: scan the items instead`);
  if (found < line.picked) throw new DomainError("PICK_NOT_SHORT", `line ${line.id} already has ${line.picked} picked; the quantity found must be at least that`);
  const take = found - line.picked;
  return { take, missing: line.quantity - found, bookInTo: take > onRecord ? take : undefined, correctToEmpty: Math.max(0, onRecord - take) > 0 };
}

/** Step 1: cover missing units from other locations of the warehouse (never the short one). */
export function coverFromOtherLocations(
  free: readonly LocationStock[],
  shortLocation: string,
  missing: number,
): { readonly picks: readonly { readonly stock: LocationStock; readonly quantity: number }[]; readonly missing: number } {
  const picks = chooseLocations(
    free.filter((l) => l.location !== shortLocation),
    missing,
  );
  return { picks, missing: missing - picks.reduce((n, p) => n + p.quantity, 0) };
}

/** Steps 2 and 3: the rest from other warehouses (the allocator's choice), else back-ordered. */
export function coverElsewhere(request: {
  readonly orderNumber: string;
  readonly lineNo: number;
  readonly sku: string;
  readonly missing: number;
  /** Every warehouse but the short one, with its availability. */
  readonly warehouses: readonly WarehouseCandidate[];
  readonly shipTo: GeoPoint | undefined;
  /** The allocator's `now` (an ISO instant). */
  readonly now: string;
}): { readonly moved: readonly { readonly warehouse: string; readonly quantity: number }[]; readonly backordered: number } {
  const result = allocateOrder({
    orderId: request.orderNumber,
    lines: [{ lineId: String(request.lineNo), sku: request.sku, quantity: request.missing }],
    warehouses: request.warehouses,
    shipTo: request.shipTo,
    now: request.now,
  });
  const moved = result.shipments.map((s) => ({ warehouse: s.warehouse, quantity: s.lines.reduce((n, l) => n + l.quantity, 0) }));
  return { moved, backordered: request.missing - moved.reduce((n, m) => n + m.quantity, 0) };
}
