/**
 * Carrier tracking in: what a carrier reports about a parcel after pickup, and the built-in local
 * courier's simulated event stream (deterministic for a seed and the clock, so the whole loop — pack,
 * ship, in transit, out for delivery, delivered, with the odd failed attempt or return — can be
 * shown on the demo and replayed in tests). Statuses are core's CARRIER_UPDATES; the order machine
 * turns each into its lifecycle event (`carrierUpdateEvent`).
 */
import type { CarrierUpdate } from "../orders/order-machine.js";
import { seededRandom } from "../shared/random.js";

/** One tracking event as a carrier reports it. */
export interface CarrierTrackingEvent {
  /** The carrier's code, e.g. LC. */
  readonly carrier: string;
  /** The carrier's own id of the event, unique per carrier: the same event reported twice is applied once. */
  readonly eventId: string;
  readonly trackingNumber: string;
  readonly status: CarrierUpdate;
  /** ms since the epoch. */
  readonly occurredAt: number;
  /** Why, for exceptions (delivery-failed, returned-to-sender). */
  readonly reason?: string;
  /** Where the scan happened (a depot, a van), for people reading the history. */
  readonly location?: string;
}

/** A parcel handed to the carrier: its tracking number and when it was handed over (the order shipped). */
export interface TrackedParcel {
  readonly trackingNumber: string;
  readonly shippedAt: number;
}

/** A carrier that can be asked for tracking events (polled); a carrier that pushes posts the same events. */
export interface CarrierTracking {
  readonly code: string;
  /** Every event of these parcels up to `until` (ms), oldest first; asking again returns the same events with the same ids. */
  trackingEvents(parcels: readonly TrackedParcel[], until: number): Promise<readonly CarrierTrackingEvent[]>;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A stable 32-bit hash of a string (FNV-1a), to derive each parcel's own random stream from the seed. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The local courier's whole story of one parcel (every event, at any time). Most parcels go
 * in transit within a few hours, out for delivery the next morning and are delivered; about one in
 * five skips the depot scan (a forward jump); about one in eight has a failed attempt and is
 * delivered the day after; about one in twenty-five fails twice and goes back to the sender.
 */
export function simulateLocalCourierJourney(parcel: TrackedParcel, seed: number, carrier = "LC"): CarrierTrackingEvent[] {
  const rnd = seededRandom((hash32(parcel.trackingNumber) ^ seed) >>> 0);
  const events: CarrierTrackingEvent[] = [];
  const at = (t: number) => Math.round(t / 1000) * 1000;
  const push = (status: CarrierUpdate, t: number, extra: { reason?: string; location?: string } = {}) =>
    events.push({ carrier, eventId: `${parcel.trackingNumber}-${events.length + 1}`, trackingNumber: parcel.trackingNumber, status, occurredAt: at(t), ...extra });
  let t = parcel.shippedAt;
  const skipDepot = rnd() < 0.2;
  t += HOUR + rnd() * 3 * HOUR;
  if (!skipDepot) push("in-transit", t, { location: "sorting depot" });
  const fate = rnd();
  const attempts = fate < 0.04 ? 2 : fate < 0.16 ? 1 : 0; // failed attempts before delivery or return
  for (let attempt = 0; attempt <= attempts; attempt++) {
    t += 14 * HOUR + rnd() * 4 * HOUR; // next morning
    push("out-for-delivery", t, { location: "delivery van" });
    t += 30 * MINUTE + rnd() * 5 * HOUR;
    if (attempt < attempts) {
      if (attempts === 2 && attempt === 1) {
        push("returned-to-sender", t, { reason: "address not found after two attempts", location: "delivery van" });
        return events;
      }
      push("delivery-failed", t, { reason: "recipient not at home; next attempt tomorrow", location: "delivery van" });
      t += 2 * HOUR;
    }
  }
  push("delivered", t, { location: "recipient's door" });
  return events;
}

/** The local courier's tracking feed: each parcel's simulated journey, up to `until`. */
export class LocalCourierTracking implements CarrierTracking {
  readonly code: string;
  readonly #seed: number;
  constructor(options: { readonly seed?: number; readonly code?: string } = {}) {
    this.#seed = options.seed ?? 0;
    this.code = options.code ?? "LC";
  }

  async trackingEvents(parcels: readonly TrackedParcel[], until: number): Promise<readonly CarrierTrackingEvent[]> {
    return parcels
      .flatMap((p) => simulateLocalCourierJourney(p, this.#seed, this.code).filter((e) => e.occurredAt <= until))
      .sort((a, b) => a.occurredAt - b.occurredAt || a.eventId.localeCompare(b.eventId));
  }
}
