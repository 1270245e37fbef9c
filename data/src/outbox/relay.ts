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

interface Attempt {
  readonly head: repo.DueDelivery;
  readonly outcome: DeliveryOutcome;
  readonly attempts: number;
  readonly at: number;
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
  #leaseUntil: number | undefined;

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

  /**
   * One round: fan out, then one delivery per due stream and destination, in parallel. The claims
   * are one transaction and the outcomes another (a few commits per round, not per event).
   */
  async tick(): Promise<TickResult> {
    const db = this.#store.kysely;
    const now = this.#o.clock.now();
    if (this.#store.dialect === "sqlite" && !(await this.#holdLease(now))) return { ...IDLE, active: false };
    const destinations = await this.#destinations();
    // With no destination at all, rows wait (the first endpoint added gets the backlog).
    if (destinations.length === 0) return IDLE;
    const fannedOut = await this.#fanOut(destinations, now);
    const byName = new Map(destinations.map((d) => [d.name, d]));
    const heads = await repo.dueHeads(db, [...byName.keys()], iso(now), this.#o.concurrency ?? 16);
    if (heads.length === 0) return { ...IDLE, fannedOut };
    const claimed = await inTransaction(db, async (tx) => {
      const mine: repo.DueDelivery[] = [];
      for (const h of heads) if (await repo.claim(tx, h, this.owner, iso(now), iso(now + this.#leaseMs))) mine.push(h);
      return mine;
    });
    const rows = new Map((await repo.outboxRows(db, [...new Set(claimed.map((h) => h.outbox_id))])).map((r) => [r.id, r]));
    const attempts = await Promise.all(claimed.flatMap((h) => (rows.has(h.outbox_id) ? [this.#attempt(h, byName.get(h.destination)!, toOutboundEvent(rows.get(h.outbox_id)!))] : [])));
    const results = await this.#record(attempts);
    return {
      fannedOut,
      attempted: attempts.length,
      delivered: results.filter((r) => r === "delivered").length,
      failed: results.filter((r) => r !== "delivered").length,
      active: true,
    };
  }

  /** SQLite: take the relay lease, or renew it once half of it has run (not a write every round). */
  async #holdLease(now: number): Promise<boolean> {
    if (this.#leaseUntil !== undefined && now < this.#leaseUntil - this.#leaseMs / 2) return true;
    const ok = await repo.takeLease(this.#store.kysely, "relay", this.owner, iso(now), iso(now + this.#leaseMs));
    this.#leaseUntil = ok ? now + this.#leaseMs : undefined;
    return ok;
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
    this.#leaseUntil = undefined;
    for (const d of this.#o.extraDestinations ?? []) await d.close?.();
  }

  async #fanOut(destinations: readonly EventDestination[], now: number): Promise<number> {
    let count = 0;
    // A read first: no write transaction while there is nothing new (SQLite takes its write lock for one).
    if ((await repo.unrelayed(this.#store.kysely, 1)).length === 0) return 0;
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

  async #attempt(head: repo.DueDelivery, destination: EventDestination, event: OutboundEvent): Promise<Attempt> {
    let outcome: DeliveryOutcome;
    try {
      outcome = await destination.deliver(event);
    } catch (e) {
      outcome = { ok: false, retryable: true, error: `destination threw: ${(e as Error).message}` };
    }
    const attempts = head.attempts + 1;
    this.#o.onAttempt?.({ event, destination: destination.name, outcome, attempts });
    return { head, outcome, attempts, at: this.#o.clock.now() };
  }

  /** Record a round's outcomes (only those this relay still holds), settle the outbox, count per endpoint, disable on 410. */
  async #record(attempts: readonly Attempt[]): Promise<("delivered" | "retry" | "failed")[]> {
    const results: ("delivered" | "retry" | "failed")[] = [];
    const lastPerDestination = new Map<string, { error: string | undefined; at: number }>();
    const disable: { destination: string; error: string; at: number }[] = [];
    await inTransaction(this.#store.kysely, async (tx) => {
      const settled: number[] = [];
      for (const { head, outcome, attempts: n, at } of attempts) {
        if (outcome.ok) {
          if (await repo.recordAttempt(tx, head, this.owner, { state: "delivered", attempts: n, next_attempt_at: iso(at), last_attempt_at: iso(at), last_error: null, delivered_at: iso(at) })) settled.push(head.outbox_id);
          results.push("delivered");
          lastPerDestination.set(head.destination, { error: undefined, at });
          continue;
        }
        const delay = outcome.retryable && !outcome.disable ? nextRetryDelay(this.#retry, n, this.#random, outcome.retryAfterMs) : undefined;
        const state = delay === undefined ? "failed" : "pending";
        await repo.recordAttempt(tx, head, this.owner, { state, attempts: n, next_attempt_at: iso(at + (delay ?? 0)), last_attempt_at: iso(at), last_error: outcome.error.slice(0, 500), delivered_at: null });
        results.push(state === "failed" ? "failed" : "retry");
        lastPerDestination.set(head.destination, { error: outcome.error, at });
        if (outcome.disable) disable.push({ destination: head.destination, error: outcome.error, at });
      }
      await repo.settleOutbox(tx, settled, iso(this.#o.clock.now()));
    });
    for (const [destination, last] of lastPerDestination) await noteEndpointOutcome(this.#store, destination, last.error, last.at);
    for (const d of disable) await disableEndpoint(this.#store, d.destination, d.error, { now: d.at, actor: "relay" });
    return results;
  }
}
