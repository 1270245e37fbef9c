/**
 * Events out to the order system: the shape every destination (a webhook endpoint, a message broker)
 * receives, and the port a destination implements. The outbox relay (data + gateway job) reads outbox
 * rows in order per order, turns each into an `OutboundEvent` and hands it to each destination; the
 * destination answers with an outcome and never throws for a delivery problem.
 */

/** One outbox row as it leaves pickpack. */
export interface OutboundEvent {
  /** Stable event id, the same on every retry and replay (`evt_` + the outbox row id). */
  readonly id: string;
  /** Versioned type, e.g. `order.shipped.v1` (also the broker's routing key). */
  readonly type: string;
  /** The order system's own order number. */
  readonly orderNumber: string;
  /** Per-order sequence (1, 2, 3 …) so a consumer can order and de-duplicate. */
  readonly sequence: number;
  /** When the event happened (ISO 8601, UTC): the commit that wrote it. */
  readonly occurredAt: string;
  /** The type's own fields (documented per type in the event catalogue). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** The JSON body every destination sends (Standard Webhooks' `type` / `timestamp` / `data` shape). */
export interface EventEnvelope {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly data: Readonly<Record<string, unknown>> & { readonly orderNumber: string; readonly sequence: number };
}

export function toEnvelope(e: OutboundEvent): EventEnvelope {
  return { id: e.id, type: e.type, timestamp: e.occurredAt, data: { ...e.data, orderNumber: e.orderNumber, sequence: e.sequence } };
}

export type DeliveryOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** false: retrying the same event cannot help (e.g. the endpoint is gone, 410). */
      readonly retryable: boolean;
      /** What went wrong, for `outbox list --failed` and the logs (no secrets). */
      readonly error: string;
      /** The destination asked to wait (HTTP Retry-After, 429), ms. */
      readonly retryAfterMs?: number;
      /** The endpoint asked to be disabled (HTTP 410 Gone). */
      readonly disable?: boolean;
    };

/** A place events go: one webhook endpoint, or the broker. */
export interface EventDestination {
  /** Stable name used to record deliveries, e.g. `webhook:3`, `broker`. */
  readonly name: string;
  /** Whether this destination wants the event type (webhook `--events 'order.*'` filters). */
  accepts(type: string): boolean;
  deliver(event: OutboundEvent): Promise<DeliveryOutcome>;
  close?(): Promise<void>;
}
