/**
 * Queries of the order-system API's tables: API keys and idempotency records. Queries only: the
 * workflows (creating and checking keys, running a request once) are in keys.ts and idempotency.ts.
 */
import type { Q } from "../db/unit-of-work.js";
import type { ApiIdempotencyTable, ApiKeysTable } from "./tables.js";

export type ApiKeyRow = ApiKeysTable;
export type IdempotencyRow = ApiIdempotencyTable;

export async function insertApiKey(q: Q, row: ApiKeyRow): Promise<boolean> {
  const res = await q.insertInto("api_keys").values(row).onConflict((oc) => oc.column("id").doNothing()).returning("id").executeTakeFirst();
  return res !== undefined;
}

export function findApiKey(q: Q, id: string): Promise<ApiKeyRow | undefined> {
  return q.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listApiKeyRows(q: Q): Promise<ApiKeyRow[]> {
  return q.selectFrom("api_keys").selectAll().orderBy("created_at").orderBy("id").execute();
}

/** Mark a key revoked; false when it does not exist or was revoked already. */
export async function revokeApiKeyRow(q: Q, id: string, at: string, by: string): Promise<boolean> {
  const res = await q.updateTable("api_keys").set({ revoked_at: at, revoked_by: by }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Insert a running record unless (client, key) has one; true when this call inserted it. */
export async function insertIdempotency(q: Q, row: IdempotencyRow): Promise<boolean> {
  const res = await q
    .insertInto("api_idempotency")
    .values(row)
    .onConflict((oc) => oc.columns(["client", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  return res !== undefined;
}

export function findIdempotency(q: Q, client: string, key: string): Promise<IdempotencyRow | undefined> {
  return q.selectFrom("api_idempotency").selectAll().where("client", "=", client).where("key", "=", key).executeTakeFirst();
}

/** Take over a running record whose lease lapsed (its first request crashed); true when this call did. */
export async function takeOverIdempotency(q: Q, client: string, key: string, lapsedLease: string, newLease: string): Promise<boolean> {
  const res = await q
    .updateTable("api_idempotency")
    .set({ lease_until: newLease })
    .where("client", "=", client)
    .where("key", "=", key)
    .where("state", "=", "running")
    .where("lease_until", "=", lapsedLease)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function completeIdempotency(q: Q, client: string, key: string, status: number, response: string): Promise<void> {
  await q.updateTable("api_idempotency").set({ state: "done", status, response }).where("client", "=", client).where("key", "=", key).execute();
}

export async function deleteRunningIdempotency(q: Q, client: string, key: string): Promise<void> {
  await q.deleteFrom("api_idempotency").where("client", "=", client).where("key", "=", key).where("state", "=", "running").execute();
}

/** Forget answers stored before `before` (kept at least the retention period). */
export async function purgeIdempotency(q: Q, before: string): Promise<void> {
  await q.deleteFrom("api_idempotency").where("created_at", "<", before).where("state", "=", "done").execute();
}

export async function countIdempotency(q: Q): Promise<number> {
  const r = await q.selectFrom("api_idempotency").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}
