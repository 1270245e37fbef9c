/**
 * The pick-list machine, pure: which pick lists a picker may act on, the walking order of a trip,
 * which line a scan is for, what a location scan, an item scan, a skip and the end of a trip may do,
 * and what a finished trip hands to packing. Refusals are DomainErrors with `PICK_*` codes
 * (a bad quantity is an InputError); the data layer loads the facts, calls these, and saves.
 */
import { DomainError, InputError } from "../shared/errors.js";
import type { Layout, PickPoint } from "../routing/layout.js";
import { routeLines } from "../planning/route-lines.js";
import { PICK_LINE_STATUS, PICK_LIST_STATUS, isActivePickList, isOpenLine } from "./statuses.js";
import { unitsLeft } from "../stock/availability.js";

export interface PickListFacts {
  readonly id: number;
  readonly status: string;
  readonly waveId: number;
}

/** Refuse a pick list the picker cannot act on: not released yet (PICK_LIST_NOT_RELEASED), or completed/cancelled (PICK_LIST_CLOSED). */
export function assertPickable(list: PickListFacts): void {
  if (list.status === PICK_LIST_STATUS.Planned) {
    throw new DomainError("PICK_LIST_NOT_RELEASED", `pick list ${list.id} belongs to wave ${list.waveId}, which is not released yet`);
  }
  if (list.status === PICK_LIST_STATUS.Completed || list.status === PICK_LIST_STATUS.Cancelled) {
    throw new DomainError("PICK_LIST_CLOSED", `pick list ${list.id} is ${list.status}`);
  }
}

/** The status after a picker's action on the list: a released list starts picking; otherwise unchanged. */
export function statusAfterAction(status: string): string {
  return status === PICK_LIST_STATUS.Released ? PICK_LIST_STATUS.Picking : status;
}

/** A line as the machine sees it. */
export interface PickLineFacts {
  readonly id: number;
  readonly status: string;
  readonly location: string;
  readonly sku: string;
  readonly quantity: number;
  readonly picked: number;
  readonly locationConfirmed: boolean;
}

/** Open lines in walking order: open lines as given (by sequence), then skipped ones (the end of the trip). */
export function walkingOrder<T extends { readonly status: string }>(lines: readonly T[]): T[] {
  return [...lines.filter((l) => l.status === PICK_LINE_STATUS.Open), ...lines.filter((l) => l.status === PICK_LINE_STATUS.Skipped)];
}

/**
 * The line an action is for: the given line if it is still open on this trip, else the next stop.
 * `other` is the given line as stored when it is not among the open ones (undefined: no such line).
 */
export function targetLine<T extends { readonly id: number }>(
  listId: number,
  walking: readonly T[],
  lineId: number | undefined,
  other?: { readonly pickListId: number; readonly status: string },
): T {
  if (lineId === undefined) {
    if (!walking[0]) throw new DomainError("PICK_NOTHING_TO_PICK", `pick list ${listId} has nothing left to pick; complete the trip`);
    return walking[0];
  }
  const line = walking.find((l) => l.id === lineId);
  if (line) return line;
  if (!other || other.pickListId !== listId) throw new DomainError("PICK_NOT_ON_TRIP", `line ${lineId} is not on pick list ${listId}`);
  throw new DomainError("PICK_LINE_DONE", `line ${lineId} of pick list ${listId} is already ${other.status}`);
}

export const normaliseLocation = (code: string): string => code.trim().toUpperCase();

/** A location scan must name the line's location (case and surrounding blanks ignored); PICK_WRONG_LOCATION otherwise. */
export function checkLocationScan(line: Pick<PickLineFacts, "location">, scanned: string, walking: readonly Pick<PickLineFacts, "location">[]): void {
  const code = normaliseLocation(scanned);
  if (code === normaliseLocation(line.location)) return;
  const elsewhere = walking.find((l) => normaliseLocation(l.location) === code);
  throw new DomainError(
    "PICK_WRONG_LOCATION",
    `wrong location: scanned ${scanned.trim()}, this stop is ${line.location}` +
      (elsewhere ? ` (${elsewhere.location} comes later on this trip)` : ` (${scanned.trim()} is not on this trip)`),
    { expected: line.location, scanned: scanned.trim() },
  );
}

/** A whole number of at least `min` (InputError PICK_QUANTITY_INVALID otherwise). */
export function checkPickQuantity(q: number, field: string, min = 1): void {
  if (!Number.isInteger(q) || q < min) {
    const what = field === "found" ? "the quantity found" : field;
    throw new InputError("PICK_QUANTITY_INVALID", `${what} must be a whole number of ${min} or more, got ${q}`, [{ field, message: `must be a whole number ≥ ${min}` }]);
  }
}

/** The line's location must be confirmed before items are scanned (PICK_LOCATION_NOT_CONFIRMED). */
export function checkLocationConfirmed(line: Pick<PickLineFacts, "location" | "locationConfirmed">): void {
  if (!line.locationConfirmed) throw new DomainError("PICK_LOCATION_NOT_CONFIRMED", `scan location ${line.location} first`, { expected: line.location });
}

/**
 * An item scan for a line: the scan must name the line's SKU (PICK_WRONG_ITEM) and `quantity` must
 * not exceed what is left (PICK_OVERPICK). `scanned` is the SKU the scan resolved to, if any.
 * Returns whether the line is complete after the pick.
 */
export function checkItemPick(
  line: Pick<PickLineFacts, "sku" | "location" | "quantity" | "picked"> & { readonly description: string },
  scanned: { readonly code: string; readonly sku: string | undefined },
  quantity: number,
): { readonly remaining: number; readonly lineDone: boolean } {
  if (scanned.sku !== line.sku) {
    const what = scanned.sku ? `${scanned.sku}${scanned.sku !== scanned.code ? ` (${scanned.code})` : ""}` : `${scanned.code}, which is no known SKU or barcode`;
    throw new DomainError("PICK_WRONG_ITEM", `wrong item: scanned ${what}; this stop needs ${line.sku} (${line.description}) from ${line.location}`, {
      expected: line.sku,
      scanned: scanned.code,
    });
  }
  const remaining = unitsLeft(line);
  if (quantity > remaining) throw new DomainError("PICK_OVERPICK", `too many: this stop needs ${remaining} more × ${line.sku}, not ${quantity}`, { remaining });
  return { remaining, lineDone: quantity === remaining };
}

/** The status a line takes after an item scan. */
export function lineStatusAfterPick(lineDone: boolean, status: string): string {
  return lineDone ? PICK_LINE_STATUS.Picked : status;
}

/** The sequence a skipped line gets: past every line of the trip. */
export const skippedSeq = (maxSeq: number): number => maxSeq + 1;

/**
 * New sequence numbers after lines were added to a trip: open lines by a fresh route, starting past
 * the lines already done; skipped lines stay at the end, in their order.
 */
export function resequenceTrip(
  layout: Layout,
  lines: readonly { readonly id: number; readonly seq: number; readonly status: string; readonly location: string; readonly point: PickPoint; readonly orderId: number; readonly lineNo: number }[],
): { readonly id: number; readonly seq: number }[] {
  const base = Math.max(0, ...lines.filter((l) => !isOpenLine(l.status)).map((l) => l.seq)) + 1;
  const { ordered } = routeLines(
    layout,
    lines.filter((l) => l.status === PICK_LINE_STATUS.Open),
  );
  const skipped = lines.filter((l) => l.status === PICK_LINE_STATUS.Skipped).sort((a, b) => a.seq - b.seq);
  return [...ordered, ...skipped].map((l, i) => ({ id: l.id, seq: base + i }));
}

/** A trip is done when no line is left to pick or report short (PICK_TRIP_NOT_DONE names the first five). */
export function checkTripDone(listId: number, open: readonly Pick<PickLineFacts, "location" | "sku" | "quantity" | "picked" | "status">[]): void {
  if (open.length === 0) return;
  throw new DomainError(
    "PICK_TRIP_NOT_DONE",
    `pick list ${listId} still has ${open.length} line(s) to pick or report short: ${open
      .slice(0, 5)
      .map((l) => `${l.location} ${l.sku}×${unitsLeft(l)}${l.status === PICK_LINE_STATUS.Skipped ? " (skipped)" : ""}`)
      .join(", ")}${open.length > 5 ? ", …" : ""}`,
  );
}

export interface TripHandOver {
  /** Per tote its orders (batch mode: one entry, tote null, sorted at packing), by tote number. */
  readonly totes: { readonly tote: number | null; readonly orders: string[] }[];
  /** Per order (in the order given): units picked and units short. */
  readonly orders: { readonly orderId: number; readonly order: string; picked: number; short: number }[];
}

/** What a finished trip hands to the pack station, from its lines that were not cancelled (given by order id). */
export function tripHandOver(
  lines: readonly { readonly orderId: number; readonly order: string; readonly tote: number | null; readonly quantity: number; readonly picked: number; readonly status: string }[],
): TripHandOver {
  const totes = new Map<string, { tote: number | null; orders: string[] }>();
  const orders = new Map<number, { orderId: number; order: string; picked: number; short: number }>();
  for (const l of lines) {
    const k = String(l.tote);
    const t = totes.get(k) ?? { tote: l.tote, orders: [] };
    if (!t.orders.includes(l.order)) t.orders.push(l.order);
    totes.set(k, t);
    const o = orders.get(l.orderId) ?? { orderId: l.orderId, order: l.order, picked: 0, short: 0 };
    o.picked += l.picked;
    if (l.status === PICK_LINE_STATUS.Short) o.short += unitsLeft(l);
    orders.set(l.orderId, o);
  }
  return { totes: [...totes.values()].sort((a, b) => (a.tote ?? 0) - (b.tote ?? 0)), orders: [...orders.values()] };
}

/** A wave is complete when none of its pick lists is still active. */
export function waveComplete(listStatuses: readonly string[]): boolean {
  return !listStatuses.some(isActivePickList);
}

