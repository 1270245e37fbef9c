/**
 * Outbox delivery queries: fan rows out into per-destination deliveries, find each stream's next due
 * delivery, claim it with a lease (compare-and-set, so two relays never hold the same one), record
 * the outcome, mark outbox rows delivered, and the relay lease on SQLite. Queries only.
 */
import { sql } from "kysely";
import type { Q } from "../db/unit-of-work.js";

/** The stream of an outbox row: its order, or its own stream key. */
export const streamOf = (r: { order_id: number | null; stream: string | null }): string => (r.order_id !== null ? `order:${r.order_id}` : `stream:${r.stream ?? ""}`);

export interface OutboxRow {
  id: number;
  type: string;
  order_id: number | null;
  stream: string | null;
  order_seq: number;
  payload: string;
  created_at: string;
  delivered_at: string | null;
  order_number: string | null;
}

const outboxColumns = ["outbox.id", "outbox.type", "outbox.order_id", "outbox.stream", "outbox.order_seq", "outbox.payload", "outbox.created_at", "outbox.delivered_at", "orders.number as order_number"] as const;

/** Rows not fanned out yet, oldest first. */
export async function unrelayed(q: Q, limit: number): Promise<OutboxRow[]> {
  return q.selectFrom("outbox").leftJoin("orders", "orders.id", "outbox.order_id").select(outboxColumns).where("outbox.relayed_at", "is", null).orderBy("outbox.id").limit(limit).execute();
}

export async function outboxRow(q: Q, id: number): Promise<OutboxRow | undefined> {
  return q.selectFrom("outbox").leftJoin("orders", "orders.id", "outbox.order_id").select(outboxColumns).where("outbox.id", "=", id).executeTakeFirst();
}

export async function outboxRows(q: Q, ids: readonly number[]): Promise<OutboxRow[]> {
  if (ids.length === 0) return [];
  return q.selectFrom("outbox").leftJoin("orders", "orders.id", "outbox.order_id").select(outboxColumns).where("outbox.id", "in", ids).execute();
}

export async function insertDeliveries(q: Q, rows: readonly { outbox_id: number; destination: string; stream: string; seq: number; next_attempt_at: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200).map((r) => ({ ...r, state: "pending", attempts: 0 }));
    await q.insertInto("deliveries").values(chunk).onConflict((oc) => oc.columns(["outbox_id", "destination"]).doNothing()).execute();
  }
}

export async function markRelayed(q: Q, ids: readonly number[], at: string): Promise<void> {
  if (ids.length > 0) await q.updateTable("outbox").set({ relayed_at: at }).where("id", "in", ids).execute();
}

/** Set `delivered_at` on these rows when none of their deliveries is still pending or failed. */
export async function settleOutbox(q: Q, ids: readonly number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await q
    .updateTable("outbox")
    .set({ delivered_at: at })
    .where("id", "in", ids)
    .where("delivered_at", "is", null)
    .where("relayed_at", "is not", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("deliveries").select("deliveries.outbox_id").whereRef("deliveries.outbox_id", "=", "outbox.id").where("deliveries.state", "in", ["pending", "failed"]))))
    .execute();
}

export interface DueDelivery {
  outbox_id: number;
  destination: string;
  stream: string;
  seq: number;
  attempts: number;
}

/**
 * Each (destination, stream)'s first undelivered delivery, when it is due and nobody holds it: a
 * later one waits while an earlier one is pending or failed (in order per order, per destination).
 */
export async function dueHeads(q: Q, destinations: readonly string[], now: string, limit: number): Promise<DueDelivery[]> {
  if (destinations.length === 0) return [];
  return q
    .selectFrom("deliveries as d")
    .select(["d.outbox_id", "d.destination", "d.stream", "d.seq", "d.attempts"])
    .where("d.state", "=", "pending")
    .where("d.destination", "in", destinations)
    .where("d.next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("d.lease_until", "is", null), eb("d.lease_until", "<", now)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("deliveries as e")
            .select("e.outbox_id")
            .whereRef("e.destination", "=", "d.destination")
            .whereRef("e.stream", "=", "d.stream")
            .whereRef("e.seq", "<", "d.seq")
            .where("e.state", "in", ["pending", "failed"]),
        ),
      ),
    )
    .orderBy("d.next_attempt_at")
    .orderBy("d.outbox_id")
    .limit(limit)
    .execute();
}

/** Take a delivery for `owner` until `until` if it is still pending and nobody else holds it. */
export async function claim(q: Q, d: { outbox_id: number; destination: string }, owner: string, now: string, until: string): Promise<boolean> {
  const r = await q
    .updateTable("deliveries")
    .set({ lease_owner: owner, lease_until: until })
    .where("outbox_id", "=", d.outbox_id)
    .where("destination", "=", d.destination)
    .where("state", "=", "pending")
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Record an attempt's outcome, only while `owner` still holds the lease (a relay that lost it records nothing). */
export async function recordAttempt(
  q: Q,
  d: { outbox_id: number; destination: string },
  owner: string,
  set: { state: string; attempts: number; next_attempt_at: string; last_attempt_at: string; last_error: string | null; delivered_at: string | null },
): Promise<boolean> {
  const r = await q
    .updateTable("deliveries")
    .set({ ...set, lease_owner: null, lease_until: null })
    .where("outbox_id", "=", d.outbox_id)
    .where("destination", "=", d.destination)
    .where("lease_owner", "=", owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Take or renew a named lease (SQLite's single relay). */
export async function takeLease(q: Q, name: string, owner: string, now: string, until: string): Promise<boolean> {
  await q.insertInto("relay_leases").values({ name, owner, expires_at: until }).onConflict((oc) => oc.column("name").doNothing()).execute();
  const r = await q
    .updateTable("relay_leases")
    .set({ owner, expires_at: until })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("owner", "=", owner), eb("expires_at", "<", now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseLease(q: Q, name: string, owner: string): Promise<void> {
  await q.deleteFrom("relay_leases").where("name", "=", name).where("owner", "=", owner).execute();
}

/** Park a destination's open deliveries (its endpoint is disabled or removed); returns the outbox ids touched. */
export async function parkDeliveries(q: Q, destination: string): Promise<number[]> {
  const rows = await q.selectFrom("deliveries").select("outbox_id").where("destination", "=", destination).where("state", "in", ["pending", "failed"]).execute();
  await q.updateTable("deliveries").set({ state: "parked", lease_owner: null, lease_until: null }).where("destination", "=", destination).where("state", "in", ["pending", "failed"]).execute();
  return rows.map((r) => r.outbox_id);
}

export async function deleteDeliveriesOf(q: Q, destination: string): Promise<number[]> {
  const rows = await q.selectFrom("deliveries").select("outbox_id").where("destination", "=", destination).where("state", "in", ["pending", "failed"]).execute();
  await q.deleteFrom("deliveries").where("destination", "=", destination).execute();
  return rows.map((r) => r.outbox_id);
}

/** Next sequence of a stream not tied to an order. */
export async function nextStreamSeq(q: Q, stream: string): Promise<number> {
  const last = await q.selectFrom("outbox").select(sql<number>`cast(coalesce(max(order_seq), 0) as integer)`.as("seq")).where("stream", "=", stream).executeTakeFirstOrThrow();
  return Number(last.seq) + 1;
}
