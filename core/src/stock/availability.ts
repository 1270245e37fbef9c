/**
 * Stock availability arithmetic, written once: what a hold keeps off the shelf at an instant, and a
 * SKU's balance in a warehouse (on hand − allocated unpicked − unexpired reserved, clamped at 0, and
 * the over-allocation beyond what is on hand). The store's reservation planner, its stock listing and
 * the in-memory fake all compute availability with these functions.
 */
import type { Reservation } from "../orders/types.js";

export type HoldState = Reservation["state"];

/** The hold states that may keep stock off the shelf (the others never do). */
export const HOLDING_STATES = ["reserved", "allocated"] as const satisfies readonly HoldState[];

/** A hold (reservation row), or the sum of several with the same state and expiry. */
export interface StockHold {
  readonly state: HoldState;
  readonly quantity: number;
  /** Units already picked: they left the shelf's on-hand count, so the hold no longer covers them. */
  readonly pickedQuantity: number;
  /** When a payment-pending (`reserved`) hold lapses; absent for the other states. */
  readonly expiresAt?: number | undefined;
}

export interface HeldUnits {
  /** Units of confirmed orders still to be picked. */
  readonly allocated: number;
  /** Units of payment-pending orders whose reservation has not expired. */
  readonly reserved: number;
}

/**
 * Whether a hold still holds at `now`: an allocation until it ships (even with every unit picked), a
 * reservation until its expiry instant (exclusive).
 */
export function isHolding(hold: Pick<StockHold, "state" | "expiresAt">, now: number): boolean {
  return hold.state === "allocated" || (hold.state === "reserved" && hold.expiresAt !== undefined && hold.expiresAt > now);
}

/** Units of a line or hold not yet taken off the shelf: quantity − picked, never below 0. */
export function unitsLeft(line: { readonly quantity: number; readonly picked: number }): number {
  return Math.max(0, line.quantity - line.picked);
}

/**
 * What one hold keeps off the shelf at `now`: an allocation its unpicked rest, an unexpired
 * reservation all of it (a reservation expires at `expiresAt` exactly), anything else nothing.
 */
export function heldUnits(hold: StockHold, now: number): HeldUnits {
  if (!isHolding(hold, now)) return { allocated: 0, reserved: 0 };
  return hold.state === "allocated" ? { allocated: unitsLeft({ quantity: hold.quantity, picked: hold.pickedQuantity }), reserved: 0 } : { allocated: 0, reserved: hold.quantity };
}

/** The units several holds keep off the shelf at `now`. */
export function sumHeld(holds: Iterable<StockHold>, now: number): HeldUnits {
  let allocated = 0;
  let reserved = 0;
  for (const h of holds) {
    const u = heldUnits(h, now);
    allocated += u.allocated;
    reserved += u.reserved;
  }
  return { allocated, reserved };
}

export interface StockBalance extends HeldUnits {
  readonly onHand: number;
  /** What a new reservation may take: on hand − allocated − reserved, never below 0. */
  readonly available: number;
  /** Units held beyond what is on hand (after a short pick found a shelf empty, say); 0 normally. */
  readonly overAllocated: number;
}

/** A SKU's balance in one warehouse from its on-hand units and what its holds keep. */
export function stockBalance(onHand: number, held: HeldUnits): StockBalance {
  const free = onHand - held.allocated - held.reserved;
  return { onHand, allocated: held.allocated, reserved: held.reserved, available: Math.max(0, free), overAllocated: Math.max(0, -free) };
}

/** Units of a (location, SKU) still free for new pick-list lines: on hand − promised to open lines. */
export function freeAtLocation(onHand: number, committed: number): number {
  return onHand - committed;
}
