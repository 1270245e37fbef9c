/**
 * The outbox relay: delivers outbox rows to every destination (the webhook endpoints in the database
 * plus any `EventDestination` composed in, e.g. the broker), in order per order (per stream) and in
 * parallel across orders. One `tick` fans new rows out into per-destination deliveries, takes each
 * stream's next due delivery with a lease, delivers, and records the outcome; a failing destination
 * retries on its schedule and never blocks another. Several relays share one PostgreSQL safely
 * (leases are compare-and-set); on SQLite one relay at a time holds the `relay` lease.
 * Time comes from the injected clock; the loop that calls `tick` lives in the job / command.
 */
import { randomUUID } from "node:crypto";
import type { Clock, DeliveryOutcome, EventDestination, OutboundEvent } from "@pickpack/core";
import { inTransaction, iso } from "../db/unit-of-work.js";
import type { SqlStore } from "../store.js";
import * as repo from "./repository.js";
import { DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from "./schedule.js";
import { activeWebhookDestinations, disableEndpoint, noteEndpointOutcome, type WebhookSender } from "../webhooks/service.js";

export interface RelayOptions {
  readonly clock: Clock;
  /** Destinations besides the webhook endpoints (the broker …). */
  readonly extraDestinations?: readonly EventDestination[];
  /** How webhook requests are sent (default: the Node HTTP sender). */
  readonly sender?: WebhookSender;
  /** Webhook request timeout (default 15 s). */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** How long a relay holds a delivery (or, on SQLite, the relay lease) before another may take it. Default 60 s (> the 15 s request timeout). */
  readonly leaseMs?: number;
  /** Deliveries in flight at once (different streams). Default 16. */
  readonly concurrency?: number;
  /** Rows fanned out per tick. Default 500. */
  readonly batch?: number;
  /** This relay's name in leases (default a random id). */
  readonly owner?: string;
  readonly random?: () => number;
  /** Called after each attempt (logs, tests). */
  readonly onAttempt?: (a: { event: OutboundEvent; destination: string; outcome: DeliveryOutcome; attempts: number }) => void;
}

export interface TickResult {
  readonly fannedOut: number;
  readonly attempted: number;
  readonly delivered: number;
  readonly failed: number;
  /** False on SQLite while another relay holds the lease. */
  readonly active: boolean;
}

const IDLE: TickResult = { fannedOut: 0, attempted: 0, delivered: 0, failed: 0, active: true };

/** The outbound event of an outbox row (id `evt_<outbox id>`). */
export function toOutboundEvent(r: repo.OutboxRow): OutboundEvent {
  return { id: `evt_${r.id}`, type: r.type, orderNumber: r.order_number ?? "", sequence: r.order_seq, occurredAt: r.created_at, data: JSON.parse(r.payload) as Record<string, unknown> };
}

export class OutboxRelay {
  readonly owner: string;
  readonly #store: SqlStore;
  readonly #o: RelayOptions;
  readonly #retry: RetryPolicy;
  readonly #leaseMs: number;
  readonly #random: () => number;
  #interrupted = false;

  constructor(store: SqlStore, options: RelayOptions) {
    this.#store = store;
    this.#o = options;
    this.owner = options.owner ?? `relay-${randomUUID()}`;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#random = options.random ?? Math.random;
  }

  async #destinations(): Promise<EventDestination[]> {
    const webhooks = await activeWebhookDestinations(this.#store, { now: () => this.#o.clock.now(), ...(this.#o.sender ? { sender: this.#o.sender } : {}), ...(this.#o.timeoutMs ? { timeoutMs: this.#o.timeoutMs } : {}) });
    return [...webhooks, ...(this.#o.extraDestinations ?? [])];
  }

  /** One round: fan out, then one delivery per due stream and destination (in parallel). */
  async tick(): Promise<TickResult> {
    const db = this.#store.kysely;
    const now = this.#o.clock.now();
    if (this.#store.dialect === "sqlite" && !(await repo.takeLease(db, "relay", this.owner, iso(now), iso(now + this.#leaseMs)))) return { ...IDLE, active: false };
    const destinations = await this.#destinations();
    // With no destination at all, rows wait (the first endpoint added gets the backlog).
    if (destinations.length === 0) return IDLE;
    const fannedOut = await this.#fanOut(destinations, now);
    const byName = new Map(destinations.map((d) => [d.name, d]));
    const heads = await repo.dueHeads(db, [...byName.keys()], iso(now), this.#o.concurrency ?? 16);
    const results = await Promise.all(heads.map((h) => this.#deliver(h, byName.get(h.destination)!)));
    return {
      fannedOut,
      attempted: results.filter((r) => r !== "skipped").length,
      delivered: results.filter((r) => r === "delivered").length,
      failed: results.filter((r) => r === "retry" || r === "failed").length,
      active: true,
    };
  }

  /** Tick until a round finds nothing to do (or `maxRounds`). */
  async drain(maxRounds = 1000): Promise<TickResult> {
    let total = { ...IDLE };
    for (let i = 0; i < maxRounds && !this.#interrupted; i++) {
      const r = await this.tick();
      total = { fannedOut: total.fannedOut + r.fannedOut, attempted: total.attempted + r.attempted, delivered: total.delivered + r.delivered, failed: total.failed + r.failed, active: r.active };
      if (r.fannedOut === 0 && r.attempted === 0) break;
    }
    return total;
  }

  /** Stop after the round in flight (a stopping process calls this first, then waits for its job). */
  interrupt(): void {
    this.#interrupted = true;
  }

  /** Give up the SQLite relay lease (on a clean stop), so another relay can start at once. */
  async stop(): Promise<void> {
    if (this.#store.dialect === "sqlite") await repo.releaseLease(this.#store.kysely, "relay", this.owner);
    for (const d of this.#o.extraDestinations ?? []) await d.close?.();
  }

  async #fanOut(destinations: readonly EventDestination[], now: number): Promise<number> {
    let count = 0;
    await inTransaction(this.#store.kysely, async (tx) => {
      const rows = await repo.unrelayed(tx, this.#o.batch ?? 500);
      if (rows.length === 0) return;
      const deliveries = rows.flatMap((r) =>
        destinations.filter((d) => d.accepts(r.type)).map((d) => ({ outbox_id: r.id, destination: d.name, stream: repo.streamOf(r), seq: r.order_seq, next_attempt_at: iso(now) })),
      );
      await repo.insertDeliveries(tx, deliveries);
      await repo.markRelayed(tx, rows.map((r) => r.id), iso(now));
      // A row no destination accepts is delivered as soon as it is fanned out.
      await repo.settleOutbox(tx, rows.map((r) => r.id), iso(now));
      count = rows.length;
    });
    return count;
  }

  async #deliver(head: repo.DueDelivery, destination: EventDestination): Promise<"delivered" | "retry" | "failed" | "skipped"> {
    const db = this.#store.kysely;
    const start = this.#o.clock.now();
    if (!(await repo.claim(db, head, this.owner, iso(start), iso(start + this.#leaseMs)))) return "skipped";
    const row = await repo.outboxRow(db, head.outbox_id);
    if (!row) return "skipped";
    const event = toOutboundEvent(row);
    let outcome: DeliveryOutcome;
    try {
      outcome = await destination.deliver(event);
    } catch (e) {
      outcome = { ok: false, retryable: true, error: `destination threw: ${(e as Error).message}` };
    }
    const now = this.#o.clock.now();
    const attempts = head.attempts + 1;
    this.#o.onAttempt?.({ event, destination: destination.name, outcome, attempts });
    if (outcome.ok) {
      await inTransaction(db, async (tx) => {
        if (await repo.recordAttempt(tx, head, this.owner, { state: "delivered", attempts, next_attempt_at: iso(now), last_attempt_at: iso(now), last_error: null, delivered_at: iso(now) })) {
          await repo.settleOutbox(tx, [head.outbox_id], iso(now));
        }
      });
      await noteEndpointOutcome(this.#store, destination.name, undefined, now);
      return "delivered";
    }
    const delay = outcome.retryable && !outcome.disable ? nextRetryDelay(this.#retry, attempts, this.#random, outcome.retryAfterMs) : undefined;
    const state = delay === undefined ? "failed" : "pending";
    await repo.recordAttempt(db, head, this.owner, { state, attempts, next_attempt_at: iso(now + (delay ?? 0)), last_attempt_at: iso(now), last_error: outcome.error.slice(0, 500), delivered_at: null });
    await noteEndpointOutcome(this.#store, destination.name, outcome.error, now);
    if (outcome.disable) await disableEndpoint(this.#store, destination.name, outcome.error, { now, actor: "relay" });
    return state === "failed" ? "failed" : "retry";
  }
}
