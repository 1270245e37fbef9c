/**
 * Carrier tracking in: tracking events from a carrier (polled with `pickpack carrier poll`, or posted
 * by a carrier that pushes: `receiveCarrierEvents`, for `POST /v1/carrier-events`) applied to the
 * orders they concern. Each event is recorded once per (carrier, event id) in the same transaction
 * as its effect, so an event reported twice changes nothing. An event the order's state allows
 * becomes its lifecycle event (core's `carrierUpdateEvent`: in transit, out for delivery, delivered
 * — forward jumps allowed and audited — delivery failed, returned to sender), audited like every
 * transition; every event matched to a shipment is answered with `shipment.tracking.updated.v1`.
 * An event the state does not allow (an old scan arriving late) is recorded without changing the
 * order; one for a tracking number pickpack does not know is recorded as ignored.
 */
import { CARRIER_UPDATES, InputError, carrierUpdateEvent, transition, type CarrierTracking, type CarrierTrackingEvent } from "@pickpack/core";
import { z } from "zod";
import type { Actor } from "../db/unit-of-work.js";
import { zodIssues } from "../schemas/layout.js";
import type { SqlStore } from "../store.js";
import { insertCarrierEvent, parcelsWithCarrier, settleCarrierEvent, shipmentByTracking } from "./repository.js";

/** The outbound event every tracking event matched to a shipment produces. */
export const TRACKING_UPDATED_EVENT = "shipment.tracking.updated.v1";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `is too long (${max} characters at most)`);

/** The body a carrier posts (and what `carrier poll` builds from the carrier port's events). */
export const carrierEventsSchema = z.strictObject({
  carrier: text(32).regex(/^[A-Za-z0-9._-]+$/, "may contain only letters, digits and . _ -"),
  events: z
    .array(
      z.strictObject({
        eventId: text(200),
        trackingNumber: text(64),
        status: z.enum(CARRIER_UPDATES, { error: `must be one of ${CARRIER_UPDATES.join(", ")}` }),
        occurredAt: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-11-22T08:00:00Z" }),
        reason: text(500).optional(),
        location: text(200).optional(),
      }),
    )
    .min(1, "needs at least one event")
    .max(1000, "at most 1000 events per request"),
});
export type CarrierEventsBody = z.input<typeof carrierEventsSchema>;

export type CarrierEventOutcome =
  /** The order moved (from → to). */
  | "applied"
  /** Recorded and reported (shipment.tracking.updated.v1), the order's state unchanged (it is past that already). */
  | "recorded"
  /** Reported before: nothing changed. */
  | "duplicate"
  /** No shipment of this carrier has that tracking number. */
  | "unknown";

export interface CarrierEventResult {
  readonly eventId: string;
  readonly trackingNumber: string;
  readonly status: string;
  readonly outcome: CarrierEventOutcome;
  readonly orderNumber?: string;
  readonly from?: string;
  readonly to?: string;
  readonly detail?: string;
}

export interface CarrierEventsSummary {
  readonly carrier: string;
  readonly received: number;
  readonly applied: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly unknown: number;
  readonly events: readonly CarrierEventResult[];
}

/**
 * Validate a posted body and apply its events (the handler behind `POST /v1/carrier-events`).
 * InputError CARRIER_EVENTS_INVALID listing every problem, and nothing applied, when the body is invalid.
 */
export async function receiveCarrierEvents(store: SqlStore, body: unknown, now: number, actor?: string): Promise<CarrierEventsSummary> {
  const parsed = carrierEventsSchema.safeParse(body);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, undefined);
    throw new InputError("CARRIER_EVENTS_INVALID", `the carrier events have ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was applied`, issues);
  }
  const { carrier, events } = parsed.data;
  return applyCarrierEvents(
    store,
    events.map((e) => ({ carrier, eventId: e.eventId, trackingNumber: e.trackingNumber, status: e.status, occurredAt: Date.parse(e.occurredAt), ...(e.reason ? { reason: e.reason } : {}), ...(e.location ? { location: e.location } : {}) })),
    { now, actor: actor ?? `carrier:${carrier}` },
  );
}

/**
 * Ask a carrier for the events of every parcel it has (orders Shipped, InTransit, OutForDelivery) up
 * to `until` (default `by.now`; later to see a simulated carrier's future on a demo), and apply them.
 */
export async function pollCarrierTracking(store: SqlStore, carrier: CarrierTracking, by: Actor, options: { readonly until?: number } = {}): Promise<CarrierEventsSummary & { readonly parcels: number }> {
  const parcels = await parcelsWithCarrier(store.kysely, carrier.code);
  const events = await carrier.trackingEvents(parcels.map((p) => ({ trackingNumber: p.trackingNumber, shippedAt: Date.parse(p.shippedAt) })), options.until ?? by.now);
  return { ...(await applyCarrierEvents(store, events, by)), parcels: parcels.length };
}

/** Apply events oldest first, each in its own transaction with its record (see the file comment). */
export async function applyCarrierEvents(store: SqlStore, events: readonly CarrierTrackingEvent[], by: Actor): Promise<CarrierEventsSummary> {
  const sorted = [...events].sort((a, b) => a.occurredAt - b.occurredAt);
  const results: CarrierEventResult[] = [];
  for (const e of sorted) results.push(await applyOne(store, e, by));
  const count = (o: CarrierEventOutcome) => results.filter((r) => r.outcome === o).length;
  return {
    carrier: sorted[0]?.carrier ?? "",
    received: events.length,
    applied: count("applied"),
    recorded: count("recorded"),
    duplicates: count("duplicate"),
    unknown: count("unknown"),
    events: results,
  };
}

async function applyOne(store: SqlStore, e: CarrierTrackingEvent, by: Actor): Promise<CarrierEventResult> {
  const base = { eventId: e.eventId, trackingNumber: e.trackingNumber, status: e.status };
  return store.transaction(async (tx): Promise<CarrierEventResult> => {
    const fresh = await insertCarrierEvent(tx.db, {
      carrier: e.carrier,
      event_id: e.eventId,
      tracking_number: e.trackingNumber,
      status: e.status,
      occurred_at: new Date(e.occurredAt).toISOString(),
      order_id: null,
      outcome: "pending",
      detail: "",
      received_at: new Date(by.now).toISOString(),
    });
    if (!fresh) return { ...base, outcome: "duplicate" };
    const shipment = await shipmentByTracking(tx.db, e.trackingNumber);
    if (!shipment || shipment.carrier !== e.carrier) {
      const detail = `no ${e.carrier} shipment has tracking number ${e.trackingNumber}`;
      await settleCarrierEvent(tx.db, e.carrier, e.eventId, { outcome: "unknown", detail, order_id: null });
      return { ...base, outcome: "unknown", detail };
    }
    const order = await tx.loadOrder(shipment.orderId, { lock: true });
    if (!order) throw new Error(`shipment ${shipment.shipmentNumber} has no order ${shipment.orderId}`);
    const scan = {
      carrier: e.carrier,
      trackingNumber: e.trackingNumber,
      carrierEventId: e.eventId,
      shipmentNumber: shipment.shipmentNumber,
      occurredAt: new Date(e.occurredAt).toISOString(),
      ...(e.location ? { location: e.location } : {}),
    };
    const event = carrierUpdateEvent(e.status, e.reason, scan);
    const check = transition(order, event, by.now);
    let result: CarrierEventResult;
    if (check.ok) {
      // the transition's own shipment.tracking.updated.v1 carries the scan (order machine, same transaction)
      const t = await tx.applyOrderEvent(order.number, event, by);
      result = { ...base, outcome: "applied", orderNumber: order.number, from: t.from, to: t.to };
    } else {
      // a late or repeated scan the order is past: reported all the same, the state unchanged
      result = { ...base, outcome: "recorded", orderNumber: order.number, detail: check.error.message };
      await tx.writeOutbox(order.id, TRACKING_UPDATED_EVENT, { orderNumber: order.number, ...scan, carrierStatus: e.status, status: order.status, ...(e.reason ? { reason: e.reason } : {}) }, by.now);
    }
    await settleCarrierEvent(tx.db, e.carrier, e.eventId, { outcome: result.outcome, detail: result.detail ?? `${result.from} → ${result.to}`, order_id: order.id });
    return result;
  });
}
