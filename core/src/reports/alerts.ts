/**
 * Alert rules for supervisors: facts gathered by the data layer in, fired alerts out. Thresholds come
 * from the `alerts` section of the report config (documented defaults below); no IO, no clock.
 */
import { parseNumbers } from "./kpi.js";
import type { CutoffRisk } from "./fulfilment.js";

export interface AlertThresholds {
  /** Window of the cancellation rate, minutes. */
  readonly cancellationWindowMinutes: number;
  /** Fires above this share of cancelled orders among those created in the window. */
  readonly cancellationRate: number;
  /** …but only with at least this many orders created in the window (a single cancellation of two orders is not a trend). */
  readonly cancellationMinOrders: number;
  /** Fires when this many SKU/warehouse pairs or more are at or below their reorder point. */
  readonly lowStockSkus: number;
  /** Fires when the oldest undelivered outbox event is older than this, minutes. */
  readonly outboxMaxAgeMinutes: number;
  /** Fires when more events than this wait for delivery. */
  readonly outboxMaxPending: number;
  /** A device that scanned during today's shift and has been silent this long, minutes. */
  readonly deviceSilentMinutes: number;
  /** Shift hours (local to the warehouse zone, HH:MM as minutes since midnight is awkward in a file: hours 0..24). */
  readonly shiftStartHour: number;
  readonly shiftEndHour: number;
  /** Reservations expiring within the next window… */
  readonly reservationBurstWindowMinutes: number;
  /** …fire when at least this many do. */
  readonly reservationBurstCount: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  cancellationWindowMinutes: 60,
  cancellationRate: 0.1,
  cancellationMinOrders: 20,
  lowStockSkus: 1,
  outboxMaxAgeMinutes: 5,
  outboxMaxPending: 1000,
  deviceSilentMinutes: 15,
  shiftStartHour: 6,
  shiftEndHour: 22,
  reservationBurstWindowMinutes: 15,
  reservationBurstCount: 50,
};

export function parseAlertThresholds(raw: unknown, where = "alerts"): AlertThresholds {
  return parseNumbers(raw, DEFAULT_ALERT_THRESHOLDS, where, (k, v) => (k === "cancellationRate" ? v >= 0 && v <= 1 : k.startsWith("shift") ? v >= 0 && v <= 24 : v > 0));
}

/** What a delivery destination reports about itself (the outbox relay's health, when it runs). */
export interface DeliveryHealthInput {
  readonly destination: string;
  /** Deliveries failing in a row (or in the relay's window). */
  readonly failures: number;
  /** Events waiting for this destination. */
  readonly pending: number;
  /** Age of the oldest waiting event, ms (null: none waiting). */
  readonly oldestPendingMs: number | null;
}

export interface AlertFacts {
  readonly cancellation: { readonly created: number; readonly cancelled: number };
  readonly lowStock: readonly { readonly warehouse: string; readonly sku: string; readonly available: number; readonly reorderPoint: number }[];
  readonly cutoff: readonly ({ readonly warehouse: string } & CutoffRisk)[];
  readonly outbox: { readonly pending: number; readonly oldestPendingMs: number | null };
  /** Per-destination health from the delivery relay, when it is known (optional input). */
  readonly deliveries?: readonly DeliveryHealthInput[];
  /** Devices that scanned during the shift, with how long they have been silent (only during the shift). */
  readonly devices: readonly { readonly device: string; readonly name: string; readonly role: string; readonly silentMs: number }[];
  readonly reservationsExpiringSoon: number;
}

export const ALERT_RULES = ["cancellation-rate", "low-stock", "cutoff-risk", "outbox-backlog", "delivery-failing", "device-silent", "reservation-burst"] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface Alert {
  readonly rule: AlertRule;
  readonly message: string;
  readonly value: number;
  readonly threshold: number;
}

const min = (ms: number) => Math.round(ms / 60_000);

export function evaluateAlerts(f: AlertFacts, t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): Alert[] {
  const out: Alert[] = [];
  const { created, cancelled } = f.cancellation;
  if (created >= t.cancellationMinOrders && cancelled / created > t.cancellationRate) {
    const r = cancelled / created;
    out.push({ rule: "cancellation-rate", value: round3(r), threshold: t.cancellationRate, message: `${cancelled} of ${created} orders created in the last ${t.cancellationWindowMinutes} min were cancelled (${pct(r)} > ${pct(t.cancellationRate)})` });
  }
  if (f.lowStock.length >= t.lowStockSkus) {
    const first = f.lowStock.slice(0, 5).map((s) => `${s.sku}@${s.warehouse} ${s.available}/${s.reorderPoint}`).join(", ");
    out.push({ rule: "low-stock", value: f.lowStock.length, threshold: t.lowStockSkus, message: `${f.lowStock.length} SKU${f.lowStock.length === 1 ? "" : "s"} at or below the reorder point: ${first}${f.lowStock.length > 5 ? ", …" : ""}` });
  }
  for (const c of f.cutoff.filter((c) => c.verdict === "at-risk")) {
    out.push({
      rule: "cutoff-risk",
      value: c.minutesNeeded ?? -1,
      threshold: c.minutesLeft,
      message: `${c.warehouse}: ${c.remainingUnits} units left, ${c.pickRatePerHour === null ? "nobody picking" : `${c.pickRatePerHour}/h → ${c.minutesNeeded} min needed`}, ${c.minutesLeft} min to cut-off`,
    });
  }
  const age = f.outbox.oldestPendingMs;
  if ((age !== null && age > t.outboxMaxAgeMinutes * 60_000) || f.outbox.pending > t.outboxMaxPending) {
    out.push({ rule: "outbox-backlog", value: f.outbox.pending, threshold: t.outboxMaxPending, message: `${f.outbox.pending} events wait for delivery, the oldest for ${min(age ?? 0)} min (limits: ${t.outboxMaxAgeMinutes} min, ${t.outboxMaxPending} events)` });
  }
  for (const d of f.deliveries ?? []) {
    if (d.failures > 0 || (d.oldestPendingMs !== null && d.oldestPendingMs > t.outboxMaxAgeMinutes * 60_000)) {
      out.push({ rule: "delivery-failing", value: d.failures, threshold: 0, message: `${d.destination}: ${d.failures} failed deliveries, ${d.pending} waiting${d.oldestPendingMs !== null ? `, oldest ${min(d.oldestPendingMs)} min` : ""}` });
    }
  }
  for (const d of f.devices.filter((d) => d.silentMs > t.deviceSilentMinutes * 60_000)) {
    out.push({ rule: "device-silent", value: min(d.silentMs), threshold: t.deviceSilentMinutes, message: `${d.role} ${d.name} (${d.device}) silent for ${min(d.silentMs)} min during the shift` });
  }
  if (f.reservationsExpiringSoon >= t.reservationBurstCount) {
    out.push({ rule: "reservation-burst", value: f.reservationsExpiringSoon, threshold: t.reservationBurstCount, message: `${f.reservationsExpiringSoon} reservations expire in the next ${t.reservationBurstWindowMinutes} min (orders waiting for payment will be cancelled)` });
  }
  return out;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const pct = (n: number) => `${Math.round(n * 1000) / 10} %`;
