/**
 * On-time verdicts for shipped orders. An order's deadline is its ship-by time when it has one, else the
 * warehouse's carrier cut-off (HH:MM in its zone) on the day it was confirmed, or the next day's when it
 * was confirmed after that day's cut-off. Shipped at or before the deadline is on time.
 */
import { zonedDateTime } from "../carrier/local-time.js";
import { addDays, startOfLocalDay } from "./period.js";

export type OnTimeVerdict = "on-time" | "late";

/** The cut-off instant an order confirmed at `confirmedAt` must ship by. */
export function cutoffDeadline(confirmedAt: number, cutoff: string, timeZone: string): number {
  const [h, m] = cutoff.split(":").map(Number) as [number, number];
  const local = zonedDateTime(confirmedAt, timeZone);
  const minutes = h * 60 + m;
  const day = local.minutes <= minutes ? local.date : addDays(local.date, 1);
  return startOfLocalDay(day, timeZone) + minutes * 60_000;
}

export interface ShippedOrderFacts {
  readonly confirmedAt: number;
  readonly shippedAt: number;
  readonly shipBy: number | null;
  readonly cutoff: string;
  readonly timeZone: string;
}

/** The order's deadline (ship-by, else the cut-off after confirmation). */
export function deadlineOf(o: Omit<ShippedOrderFacts, "shippedAt">): number {
  return o.shipBy ?? cutoffDeadline(o.confirmedAt, o.cutoff, o.timeZone);
}

export function onTimeVerdict(o: ShippedOrderFacts): OnTimeVerdict {
  return o.shippedAt <= deadlineOf(o) ? "on-time" : "late";
}

export interface CutoffRisk {
  readonly remainingUnits: number;
  /** Units per hour picked lately (null: nobody picked in the window). */
  readonly pickRatePerHour: number | null;
  readonly minutesLeft: number;
  /** Minutes the remaining units need at the current rate (null without a rate). */
  readonly minutesNeeded: number | null;
  /** "ok": fits; "at-risk": needs more time than is left (or nothing is being picked while units wait); "passed": the cut-off is over. */
  readonly verdict: "ok" | "at-risk" | "passed";
}

/** Will today's remaining units be picked before the cut-off at the current rate? */
export function cutoffRisk(remainingUnits: number, pickRatePerHour: number | null, now: number, cutoff: string, timeZone: string): CutoffRisk {
  const [h, m] = cutoff.split(":").map(Number) as [number, number];
  const local = zonedDateTime(now, timeZone);
  const minutesLeft = h * 60 + m - local.minutes;
  const minutesNeeded = pickRatePerHour && pickRatePerHour > 0 ? Math.ceil((remainingUnits / pickRatePerHour) * 60) : remainingUnits === 0 ? 0 : null;
  const verdict = minutesLeft <= 0 ? "passed" : remainingUnits === 0 ? "ok" : minutesNeeded === null || minutesNeeded > minutesLeft ? "at-risk" : "ok";
  return { remainingUnits, pickRatePerHour, minutesLeft: Math.max(0, minutesLeft), minutesNeeded, verdict };
}

/** Age bucket of an order waiting in a state since `since`. */
export const AGE_BUCKETS = ["<1h", "1-4h", "4-24h", ">24h"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export function ageBucket(since: number, now: number): AgeBucket {
  const h = (now - since) / 3_600_000;
  return h < 1 ? "<1h" : h < 4 ? "1-4h" : h < 24 ? "4-24h" : ">24h";
}
