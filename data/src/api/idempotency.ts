/**
 * Idempotency as payment APIs do it: the first answer to a POST is stored per (client, Idempotency-Key)
 * and replayed for a repeat; the same key with a different request is refused; while the first is
 * still running, a repeat is told so. The record's primary key is (client, key), so several gateway
 * nodes on one database agree on who runs a request. A first request that crashed keeps its record
 * "running" until its lease lapses; then a repeat runs it again (the operations it guards are
 * themselves safe to repeat: an order number exists once).
 */
import { iso } from "../db/unit-of-work.js";
import type { SqlStore } from "../store.js";
import { completeIdempotency, countIdempotency, deleteRunningIdempotency, findIdempotency, insertIdempotency, purgeIdempotency, takeOverIdempotency } from "./repository.js";

/** Stored answers are kept (and replayed) this long at least. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A running first request older than this is taken to have crashed. */
export const IDEMPOTENCY_LEASE_MS = 5 * 60 * 1000;

export type IdempotencyStart =
  | { readonly kind: "run" }
  | { readonly kind: "replay"; readonly status: number; readonly body: unknown }
  | { readonly kind: "mismatch" }
  | { readonly kind: "running" };

export interface IdempotencyRef {
  readonly client: string;
  readonly key: string;
}

/** Claim (client, key) for a request with this hash, or say what to answer instead. */
export async function beginIdempotent(store: SqlStore, ref: IdempotencyRef, requestHash: string, now: number): Promise<IdempotencyStart> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await insertIdempotency(store.kysely, {
      client: ref.client,
      key: ref.key,
      request_hash: requestHash,
      state: "running",
      status: null,
      response: null,
      created_at: iso(now),
      lease_until: iso(now + IDEMPOTENCY_LEASE_MS),
    });
    if (inserted) return { kind: "run" };
    const row = await findIdempotency(store.kysely, ref.client, ref.key);
    if (!row) continue; // purged or abandoned meanwhile: try to claim it again
    if (row.state === "done" && row.created_at < iso(now - IDEMPOTENCY_RETENTION_MS)) {
      // kept long enough: this key starts afresh
      await purgeIdempotency(store.kysely, iso(now - IDEMPOTENCY_RETENTION_MS));
      continue;
    }
    if (row.request_hash !== requestHash) return { kind: "mismatch" };
    if (row.state === "done") return { kind: "replay", status: row.status ?? 200, body: JSON.parse(row.response ?? "null") as unknown };
    if (row.lease_until < iso(now) && (await takeOverIdempotency(store.kysely, ref.client, ref.key, row.lease_until, iso(now + IDEMPOTENCY_LEASE_MS)))) return { kind: "run" };
    return { kind: "running" };
  }
  return { kind: "running" };
}

/** Forget every answer stored longer than the retention period (the gateway runs this now and then). */
export function purgeIdempotentAnswers(store: SqlStore, now: number): Promise<void> {
  return purgeIdempotency(store.kysely, iso(now - IDEMPOTENCY_RETENTION_MS));
}

/** Store the first answer (replayed for every repeat within the retention period). */
export function completeIdempotent(store: SqlStore, ref: IdempotencyRef, status: number, body: unknown): Promise<void> {
  return completeIdempotency(store.kysely, ref.client, ref.key, status, JSON.stringify(body));
}

/** The request failed on our side (no answer worth keeping): free the key so a retry runs it. */
export function abandonIdempotent(store: SqlStore, ref: IdempotencyRef): Promise<void> {
  return deleteRunningIdempotency(store.kysely, ref.client, ref.key);
}

/** How many idempotency records are stored (tests and `api-keys list` use it). */
export function idempotencyRecords(store: SqlStore): Promise<number> {
  return countIdempotency(store.kysely);
}
