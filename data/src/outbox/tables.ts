/**
 * The delivery tables (migration 0012_delivery). Times are ISO-8601 UTC strings (they sort as text).
 * `outbox.stream` (added here) names the stream of a row not tied to an order (e.g. `stock:SKU-1`);
 * order rows leave it null and their stream is the order.
 */
import type { Generated } from "kysely";

/** Delivery state of one outbox row to one destination (`webhook:3`, `broker`, …). */
export interface DeliveriesTable {
  outbox_id: number;
  destination: string;
  /** The row's stream (`order:<id>` or `stream:<key>`) and its sequence in it: delivery order per destination. */
  stream: string;
  seq: number;
  /** pending (will be tried) | delivered | failed (schedule exhausted or not retryable: waits for `outbox retry`) | parked (its endpoint is disabled). */
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  /** The relay working on it and until when (another relay takes it over after that). */
  lease_owner: string | null;
  lease_until: string | null;
}

/** A registered webhook endpoint. */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  /** JSON array of type patterns (`order.*`, `shipment.created.v1`, `*`). */
  events: string;
  /** Current signing secret (`whsec_…`). */
  secret: string;
  /** JSON array of `{ secret, until }`: previous secrets still signed with during a rotation's grace period. */
  previous_secrets: string;
  allow_private: number;
  /** active | disabled */
  status: string;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_at: string;
  consecutive_failures: number;
  failing_since: string | null;
  last_error: string | null;
  last_success_at: string | null;
}

/** What happened to endpoints (added, removed, rotated, disabled): the endpoints' audit trail. */
export interface WebhookAuditTable {
  id: Generated<number>;
  endpoint_id: number;
  action: string;
  detail: string;
  actor: string;
  at: string;
}

/** Named leases with an expiry (the one relay allowed on SQLite holds `relay`). */
export interface RelayLeasesTable {
  name: string;
  owner: string;
  expires_at: string;
}
