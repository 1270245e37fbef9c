/** Tables of carrier tracking in (migration 0013_broker). Times are ISO-8601 UTC strings. */
import type { Generated } from "kysely";

/** One tracking event a carrier reported, once per (carrier, event id): applying it again changes nothing. */
export interface CarrierEventsTable {
  id: Generated<number>;
  carrier: string;
  /** The carrier's own id of the event (unique per carrier). */
  event_id: string;
  tracking_number: string;
  /** in-transit | out-for-delivery | delivered | delivery-failed | returned-to-sender */
  status: string;
  occurred_at: string;
  order_id: number | null;
  /** "applied" | "ignored" (already past it, or no order has the tracking number) */
  outcome: string;
  detail: string;
  received_at: string;
}
