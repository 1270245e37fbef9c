/**
 * The pack station's business rules that sit between loading and saving: which orders may be packed,
 * the carton's warehouse, the box choice and its reason, when a weighing counts (and when it goes
 * stale), the supervisor who may override a weight, the carrier service of an order, "carton n of m",
 * and which orders ship at a close-out. Pure: the data layer loads the facts, asks, and saves.
 */
import { DomainError, err, ok, type Result } from "../shared/errors.js";
import type { BoxType, OrderStatus, UserRole } from "../orders/types.js";
import { itemsWeightGrams, smallestFittingBox, unitFitsBox, type Cartonization, type CartonizeOptions, type PackItem } from "./cartonize.js";
import { type PackState } from "./verify.js";
import type { WeightCheck, WeightVerdict } from "./weight.js";

// ------------------------------------------------------------------ the order

/** Only an order in Processing (released for picking, not packed yet) may be packed. */
export function checkPackable(order: { readonly number: string; readonly status: OrderStatus }): Result<void> {
  if (order.status === "Processing") return ok(undefined);
  const why = order.status === "Packed" ? "it is already packed" : order.status === "Confirmed" ? "it has not been released for picking yet" : `it is ${order.status}`;
  return err(new DomainError("PACK_ORDER_NOT_PACKABLE", `order ${order.number} cannot be packed: ${why}`, { status: order.status }));
}

// ------------------------------------------------------------------ the carton's warehouse

export interface WarehouseQuantity {
  readonly warehouse: string;
  readonly quantity: number;
}

const most = (xs: readonly WarehouseQuantity[]): string | undefined =>
  [...xs].filter((x) => x.quantity > 0).sort((a, b) => b.quantity - a.quantity || a.warehouse.localeCompare(b.warehouse))[0]?.warehouse;

/**
 * The order's main warehouse: the one holding most of its stock (allocated, reserved or shipped),
 * else the first warehouse by priority; none defined → PACK_NO_WAREHOUSE.
 */
export function defaultPackWarehouse(held: readonly WarehouseQuantity[], firstByPriority: string | undefined): Result<string> {
  const main = [...held].sort((a, b) => b.quantity - a.quantity || a.warehouse.localeCompare(b.warehouse))[0]?.warehouse;
  if (main !== undefined) return ok(main);
  if (firstByPriority !== undefined) return ok(firstByPriority);
  return err(new DomainError("PACK_NO_WAREHOUSE", "no warehouse is defined"));
}

const sub = (a: readonly WarehouseQuantity[], b: readonly WarehouseQuantity[]): WarehouseQuantity[] =>
  a.map((x) => ({ warehouse: x.warehouse, quantity: x.quantity - b.filter((y) => y.warehouse === x.warehouse).reduce((n, y) => n + y.quantity, 0) }));

export interface CartonWarehouseFacts {
  /** The warehouse the caller named (already checked to exist): it wins. */
  readonly requested?: string | undefined;
  /** Without a request: the previous carton's warehouse, else the order's main warehouse. */
  readonly fallback: string;
  /** Units of the scanned line picked per warehouse (a waved order). */
  readonly picked: readonly WarehouseQuantity[];
  /** Units of the line already packed per warehouse. */
  readonly packed: readonly WarehouseQuantity[];
  /** Units of the line allocated per warehouse. */
  readonly allocated: readonly WarehouseQuantity[];
}

/**
 * The warehouse of a carton opened by scanning a unit of a line: the caller's; else where the most
 * picked, unpacked units of the line are (a waved order is packed where it was picked); else the
 * fallback while it still holds unpacked allocation of the line; else the warehouse holding most.
 */
export function cartonWarehouse(f: CartonWarehouseFacts): string {
  if (f.requested !== undefined) return f.requested;
  const ready = most(sub(f.picked, f.packed));
  if (ready !== undefined) return ready;
  const left = sub(f.allocated, f.packed);
  if (left.some((l) => l.warehouse === f.fallback && l.quantity > 0)) return f.fallback;
  return most(left) ?? f.fallback;
}

// ------------------------------------------------------------------ the box

/** What is recorded with the chosen box: the suggestion that was not followed, and why. */
export interface BoxChoice {
  readonly box: string;
  readonly suggested: string | undefined;
  readonly reason: string | undefined;
}

/** Another box than cartonization suggests needs a reason (recorded with the suggestion); the suggested box records neither. */
export function chooseCartonBox(chosen: string, suggested: string | undefined, reason?: string): Result<BoxChoice> {
  const why = reason?.trim() || undefined;
  if (suggested === undefined || suggested === chosen) return ok({ box: chosen, suggested: undefined, reason: suggested === undefined ? why : undefined });
  if (!why) return err(new DomainError("PACK_BOX_REASON_REQUIRED", `cartonization suggests ${suggested} for this carton; give a reason to use ${chosen}`, { suggested, chosen }));
  return ok({ box: chosen, suggested, reason: why });
}

/**
 * Can the box physically hold these units: each one inside its inner dimensions in some 90° rotation,
 * and items plus tare within its maximum weight? (The fill-factor rule of cartonization is a
 * suggestion, not a refusal.) Refused PACK_BOX_TOO_SMALL with the reason.
 */
export function checkBoxHolds(items: readonly PackItem[], box: BoxType, cartonNo?: number): Result<void> {
  const carton = cartonNo !== undefined ? `carton ${cartonNo}` : "the carton";
  for (const it of items) {
    if (it.quantity > 0 && !unitFitsBox(it, box)) {
      return err(
        new DomainError("PACK_BOX_TOO_SMALL", `${box.code} cannot hold ${carton}: ${it.sku} (${it.lengthMm}×${it.widthMm}×${it.heightMm} mm) does not fit inside ${box.code} (${box.innerLengthMm}×${box.innerWidthMm}×${box.innerHeightMm} mm) in any orientation`, {
          box: box.code,
          sku: it.sku,
          rule: "dimensions",
        }),
      );
    }
  }
  const grams = Math.round(itemsWeightGrams(items));
  if (grams + box.tareGrams > box.maxWeightGrams) {
    return err(new DomainError("PACK_BOX_TOO_SMALL", `${box.code} cannot hold ${carton}: items ${grams} g + tare ${box.tareGrams} g exceed its maximum ${box.maxWeightGrams} g`, { box: box.code, rule: "weight", grams, maxGrams: box.maxWeightGrams }));
  }
  return ok(undefined);
}

/** The box a carton is weighed in: the chosen one, else the smallest that holds its contents (none → PACK_NO_BOX_FITS). */
export function boxToWeigh(chosen: string | undefined, items: readonly PackItem[], boxes: readonly BoxType[], options: CartonizeOptions = {}, cartonNo?: number): Result<BoxType> {
  const box = chosen !== undefined ? boxes.find((b) => b.code === chosen) : smallestFittingBox(items, boxes, options);
  if (box) return ok(box);
  return err(new DomainError("PACK_NO_BOX_FITS", `no box type holds carton ${cartonNo ?? "?"}'s contents; choose a box (with a reason) before weighing`));
}

// ------------------------------------------------------------------ the weighing

/** A carton's last weighing; every field undefined when it was not weighed since its last change. */
export interface CartonWeighing {
  readonly expectedGrams: number | undefined;
  readonly measuredGrams: number | undefined;
  readonly verdict: WeightVerdict | undefined;
  readonly overrideBy: string | undefined;
  readonly overrideReason: string | undefined;
}

/**
 * Weight staleness: any change of a carton's contents or box makes a weight taken before meaningless,
 * so the carton goes back to this (not weighed).
 */
export const NOT_WEIGHED: CartonWeighing = { expectedGrams: undefined, measuredGrams: undefined, verdict: undefined, overrideBy: undefined, overrideReason: undefined };

/** The weighing to record for a check (with the supervisor's override when the verdict is not ok). */
export function weighingOf(check: WeightCheck, override?: { readonly supervisor: string; readonly reason: string }): CartonWeighing {
  return { expectedGrams: check.expectedGrams, measuredGrams: check.measuredGrams, verdict: check.verdict, overrideBy: override?.supervisor, overrideReason: override?.reason.trim() };
}

/** Weigh before close: a carton closes only with a weight since its last change that was within tolerance or overridden. */
export function checkWeighedForClose(orderNumber: string, cartonNo: number, w: Pick<CartonWeighing, "measuredGrams" | "verdict" | "overrideBy">): Result<{ readonly grams: number }> {
  if (w.measuredGrams === undefined || (w.verdict !== "ok" && w.overrideBy === undefined)) {
    return err(new DomainError("PACK_WEIGHT_MISSING", `carton ${cartonNo} of order ${orderNumber} has not been weighed since its last change; put it on the scale`));
  }
  return ok({ grams: w.measuredGrams });
}

/** Who may override a weight check: a supervisor (found by id or badge), with a reason. Returns the supervisor's id. */
export function checkSupervisor(
  override: { readonly supervisor: string; readonly reason: string },
  user: { readonly id: string; readonly name: string; readonly role: UserRole | string } | undefined,
): Result<{ readonly supervisor: string; readonly reason: string }> {
  const reason = override.reason.trim();
  if (!reason) return err(new DomainError("PACK_OVERRIDE_REASON_REQUIRED", "a weight override needs a reason"));
  if (!user) return err(new DomainError("PACK_OVERRIDE_NOT_SUPERVISOR", `no user ${JSON.stringify(override.supervisor)} (give a supervisor's id or badge)`));
  if (user.role !== "supervisor") return err(new DomainError("PACK_OVERRIDE_NOT_SUPERVISOR", `${user.name} (${user.id}) is a ${user.role}; only a supervisor can override a weight check`));
  return ok({ supervisor: user.id, reason });
}

// ------------------------------------------------------------------ the shipment

/** Order service → carrier service code; codes not listed pass through the fallback. */
export const DEFAULT_SERVICE_MAP: Readonly<Record<string, string>> = { express: "SAMEDAY", standard: "NEXTDAY", sameday: "SAMEDAY", nextday: "NEXTDAY" };
export const DEFAULT_CARRIER_SERVICE = "NEXTDAY";

/** The carrier service of an order's service (looked up as given, then lower-cased), else `fallback`. */
export function carrierServiceFor(orderService: string, map: Readonly<Record<string, string>> = DEFAULT_SERVICE_MAP, fallback: string = DEFAULT_CARRIER_SERVICE): string {
  return map[orderService] ?? map[orderService.toLowerCase()] ?? fallback;
}

/**
 * "Carton n of m" when a carton closes: m = cartons closed so far (this one included) + the cartons
 * cartonization needs for what is left + units that fit no box (one each), and never less than n.
 */
export function cartonCount(after: PackState, rest: Cartonization, cartonNo: number): number {
  const closed = after.cartons.filter((c) => c.status === "closed").length;
  return Math.max(closed + rest.cartons.length + rest.unpackable.reduce((a, u) => a + u.quantity, 0), cartonNo);
}

export type CloseOutVerdict = { readonly ship: true } | { readonly ship: false; readonly alreadyShipped?: boolean; readonly reason: string };

/** Statuses an order reaches only after it left the warehouse. */
const LEFT_THE_WAREHOUSE: readonly OrderStatus[] = ["Shipped", "InTransit", "OutForDelivery", "Delivered", "ReturnRequested", "UnderReview", "ReturnApproved", "ReturnRejected", "ReturnShipped", "ReturnReceived", "QualityCheck", "RefundApproved", "RefundRejected", "RefundProcessed"];

/**
 * Which orders ship at a close-out: an order on the manifest ships when it is Packed and every one of
 * its shipments is on a manifest (a split order waits for its other warehouse's close-out). An order
 * that already shipped (e.g. with `pickpack ship` before the close-out) is not a problem: it is
 * reported as already shipped, apart from the orders that stay behind.
 */
export function closeOutVerdict(status: OrderStatus, unmanifested: readonly { readonly shipmentNumber: string; readonly warehouse: string }[]): CloseOutVerdict {
  if (LEFT_THE_WAREHOUSE.includes(status)) return { ship: false, alreadyShipped: true, reason: `already shipped before this close-out (now ${status})` };
  if (status !== "Packed") return { ship: false, reason: status === "Processing" ? "still being packed" : `order is ${status}` };
  if (unmanifested.length > 0) return { ship: false, reason: `shipments ${unmanifested.map((o) => `${o.shipmentNumber} (${o.warehouse})`).join(", ")} are not on a manifest yet` };
  return { ship: true };
}

/** The tracking number an order ships with: the one given (a carrier outside pickpack), else its first shipment's. */
export function shipTracking(
  orderNumber: string,
  given: { readonly trackingNumber?: string | undefined; readonly carrier?: string | undefined },
  firstShipment: { readonly trackingNumber: string; readonly carrier: string } | undefined,
): Result<{ readonly trackingNumber: string; readonly carrier?: string }> {
  if (given.trackingNumber !== undefined) return ok({ trackingNumber: given.trackingNumber, ...(given.carrier ? { carrier: given.carrier } : {}) });
  if (!firstShipment) return err(new DomainError("SHIP_NO_SHIPMENT", `order ${orderNumber} has no shipment: pack it first`));
  return ok({ trackingNumber: firstShipment.trackingNumber, carrier: firstShipment.carrier });
}
