/**
 * The outbox as a person inspects and steers it (`pickpack outbox …`): list rows with their delivery
 * state, retry failed deliveries, replay rows since a time (same event ids, so receivers
 * de-duplicate), and write an event not tied to an order (a stream such as `stock:W1:SKU-1`).
 * `deliveryHealth` sums it up for alerts and metrics.
 */
import { InputError, DomainError } from "@pickpack/core";
import { inTransaction, iso, type Actor, type Q } from "../db/unit-of-work.js";
import type { SqlStore } from "../store.js";
import * as repo from "./repository.js";

export interface OutboxDeliveryView {
  readonly destination: string;
  readonly state: string;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
}

export interface OutboxEntryView {
  readonly id: number;
  readonly eventId: string;
  readonly type: string;
  readonly orderNumber: string | null;
  readonly stream: string | null;
  readonly sequence: number;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly deliveries: readonly OutboxDeliveryView[];
}

/** An outbox id from `42` or `evt_42`. */
export function parseEventRef(ref: string): number {
  const m = /^(?:evt_)?(\d+)$/.exec(ref.trim());
  if (!m) throw new InputError("OUTBOX_EVENT_NOT_FOUND", `${JSON.stringify(ref)} is not an outbox id (give 42 or evt_42)`, [{ field: "id", message: "not an outbox id" }]);
  return Number(m[1]);
}

export async function listOutboxEntries(store: SqlStore, filter: { pending?: boolean; failed?: boolean; limit?: number } = {}): Promise<OutboxEntryView[]> {
  const db = store.kysely;
  let q = db.selectFrom("outbox").leftJoin("orders", "orders.id", "outbox.order_id").select(["outbox.id", "outbox.type", "outbox.stream", "outbox.order_seq", "outbox.created_at", "outbox.delivered_at", "orders.number as order_number"]);
  if (filter.pending) q = q.where("outbox.delivered_at", "is", null);
  if (filter.failed) q = q.where((eb) => eb.exists(eb.selectFrom("deliveries").select("deliveries.outbox_id").whereRef("deliveries.outbox_id", "=", "outbox.id").where("deliveries.state", "=", "failed")));
  const rows = await q.orderBy("outbox.id", "desc").limit(filter.limit ?? 50).execute();
  const ids = rows.map((r) => r.id);
  const deliveries = ids.length === 0 ? [] : await db.selectFrom("deliveries").selectAll().where("outbox_id", "in", ids).orderBy("destination").execute();
  return rows.reverse().map((r) => ({
    id: r.id,
    eventId: `evt_${r.id}`,
    type: r.type,
    orderNumber: r.order_number,
    stream: r.stream,
    sequence: r.order_seq,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    deliveries: deliveries
      .filter((d) => d.outbox_id === r.id)
      .map((d) => ({ destination: d.destination, state: d.state, attempts: d.attempts, nextAttemptAt: d.state === "pending" ? d.next_attempt_at : null, lastError: d.last_error, deliveredAt: d.delivered_at })),
  }));
}

/** Failed deliveries of one row (or every failed one) go back to pending, due now, with a fresh schedule. */
export async function retryDeliveries(store: SqlStore, target: { id: number } | { allFailed: true }, by: Actor): Promise<{ retried: number }> {
  return inTransaction(store.kysely, async (tx) => {
    let q = tx.updateTable("deliveries").set({ state: "pending", attempts: 0, next_attempt_at: iso(by.now), lease_owner: null, lease_until: null }).where("state", "=", "failed");
    if ("id" in target) {
      if (!(await tx.selectFrom("outbox").select("id").where("id", "=", target.id).executeTakeFirst())) throw new InputError("OUTBOX_EVENT_NOT_FOUND", `no outbox row ${target.id}`);
      q = q.where("outbox_id", "=", target.id);
    }
    const r = await q.executeTakeFirst();
    const retried = Number(r.numUpdatedRows);
    if ("id" in target && retried === 0) throw new DomainError("OUTBOX_NOT_FAILED", `evt_${target.id} has no failed delivery (see pickpack outbox list --failed)`);
    return { retried };
  });
}

/**
 * Send again every row created at or after `since` (same event ids): their deliveries go back to
 * pending and the rows are fanned out again (so endpoints added since get them too).
 */
export async function replaySince(store: SqlStore, since: number, by: Actor): Promise<{ replayed: number }> {
  return inTransaction(store.kysely, async (tx) => {
    const rows = await tx.selectFrom("outbox").select("id").where("created_at", ">=", iso(since)).execute();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await tx.updateTable("deliveries").set({ state: "pending", attempts: 0, next_attempt_at: iso(by.now), delivered_at: null, last_error: null, lease_owner: null, lease_until: null }).where("outbox_id", "in", chunk).where("state", "!=", "parked").execute();
      await tx.updateTable("outbox").set({ delivered_at: null, relayed_at: null }).where("id", "in", chunk).execute();
    }
    return { replayed: ids.length };
  });
}

/**
 * Write an event not tied to an order (e.g. `stock.low.v1` on stream `stock:W1:SKU-1`) in the
 * caller's transaction, numbered after the stream's last. Its envelope's orderNumber is empty.
 */
export async function writeStreamEvent(q: Q, stream: string, type: string, payload: Readonly<Record<string, unknown>>, now: number): Promise<void> {
  const seq = await repo.nextStreamSeq(q, stream);
  await q.insertInto("outbox").values({ type, order_id: null, stream, order_seq: seq, payload: JSON.stringify({ ...payload, stream }), created_at: iso(now), delivered_at: null }).execute();
}

export interface DeliveryHealth {
  /** Outbox rows not yet delivered everywhere. */
  readonly pending: number;
  /** Age of the oldest of them, ms (0 when none). */
  readonly oldestPendingAgeMs: number;
  /** Endpoints whose last attempt failed, or that are disabled. */
  readonly failingEndpoints: readonly { id: number; url: string; status: string; consecutiveFailures: number; lastError: string | null }[];
  /** Deliveries that exhausted their schedule (or cannot be retried) and wait for `outbox retry`. */
  readonly failedDeliveries: number;
  /** Per destination (webhook endpoint, broker): events waiting, how many of them after a failed attempt, the oldest one's age. */
  readonly byDestination: readonly { readonly destination: string; readonly pending: number; readonly failing: number; readonly oldestPendingAgeMs: number }[];
}

export async function deliveryHealth(store: SqlStore, now: number): Promise<DeliveryHealth> {
  const db = store.kysely;
  const p = await db.selectFrom("outbox").select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.min("created_at").as("oldest")]).where("delivered_at", "is", null).executeTakeFirstOrThrow();
  const f = await db.selectFrom("deliveries").select((eb) => eb.fn.countAll<number>().as("n")).where("state", "=", "failed").executeTakeFirstOrThrow();
  const endpoints = await db
    .selectFrom("webhook_endpoints")
    .select(["id", "url", "status", "consecutive_failures", "last_error"])
    .where((eb) => eb.or([eb("consecutive_failures", ">", 0), eb("status", "=", "disabled")]))
    .orderBy("id")
    .execute();
  const waiting = await db
    .selectFrom("deliveries")
    .innerJoin("outbox", "outbox.id", "deliveries.outbox_id")
    .select((eb) => [
      "deliveries.destination as destination",
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(eb.case().when("deliveries.last_error", "is not", null).then(1).else(0).end()).as("failing"),
      eb.fn.min("outbox.created_at").as("oldest"),
    ])
    .where("deliveries.state", "!=", "delivered")
    .groupBy("deliveries.destination")
    .orderBy("deliveries.destination")
    .execute();
  const oldest = p.oldest ? Date.parse(String(p.oldest)) : undefined;
  return {
    byDestination: waiting.map((w) => ({ destination: w.destination, pending: Number(w.n), failing: Number(w.failing ?? 0), oldestPendingAgeMs: w.oldest ? Math.max(0, now - Date.parse(String(w.oldest))) : 0 })),
    pending: Number(p.n),
    oldestPendingAgeMs: oldest === undefined ? 0 : Math.max(0, now - oldest),
    failingEndpoints: endpoints.map((e) => ({ id: e.id, url: e.url, status: e.status, consecutiveFailures: e.consecutive_failures, lastError: e.last_error })),
    failedDeliveries: Number(f.n),
  };
}
