/**
 * Queries of the order-system API: its own tables (API keys, idempotency records) and the reads it adds
 * on orders (statuses, shipments, the catch-up listing). Queries only: the workflows are in keys.ts,
 * idempotency.ts and orders.ts.
 */
import { ms, type Q } from "../db/unit-of-work.js";
import type { ApiIdempotencyTable, ApiKeysTable } from "./tables.js";

export type ApiKeyRow = ApiKeysTable;

/** A shipment (one per carton) as the API shows it. */
export interface ApiShipment {
  readonly shipmentNumber: string;
  readonly carton: number;
  readonly sscc: string;
  readonly carrier: string;
  readonly service: string;
  readonly trackingNumber: string;
  readonly weightGrams: number;
  readonly shipDate: string;
  readonly createdAt: number;
}

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

export async function orderStatuses(q: Q, numbers: readonly string[]): Promise<Map<string, string>> {
  const rows = numbers.length === 0 ? [] : await q.selectFrom("orders").select(["number", "status"]).where("number", "in", numbers).execute();
  return new Map(rows.map((r) => [r.number, r.status]));
}

export async function skuExists(q: Q, sku: string): Promise<boolean> {
  return (await q.selectFrom("skus").select("sku").where("sku", "=", sku).executeTakeFirst()) !== undefined;
}

/** Orders by (updated_at, id): after a position or since a time, changed before `before`. */
export function changedOrderRows(q: Q, filter: { readonly limit: number; readonly before?: string; readonly after?: { readonly updatedAt: string; readonly id: number }; readonly since?: string }) {
  let oq = q.selectFrom("orders").select(["id", "number", "status", "payment", "tracking_number", "updated_at"]).orderBy("updated_at").orderBy("id").limit(filter.limit);
  if (filter.before !== undefined) oq = oq.where("updated_at", "<", filter.before);
  const after = filter.after;
  if (after) oq = oq.where((eb) => eb.or([eb("updated_at", ">", after.updatedAt), eb.and([eb("updated_at", "=", after.updatedAt), eb("id", ">", after.id)])]));
  else if (filter.since !== undefined) oq = oq.where("updated_at", ">=", filter.since);
  return oq.execute();
}

export async function shipmentsOf(q: Q, orderId: number): Promise<ApiShipment[]> {
  const rows = await q
    .selectFrom("shipments")
    .innerJoin("cartons", "cartons.id", "shipments.carton_id")
    .select(["shipments.shipment_number", "cartons.carton_no", "shipments.sscc", "shipments.carrier", "shipments.service", "shipments.tracking_number", "shipments.weight_grams", "shipments.ship_date", "shipments.created_at"])
    .where("shipments.order_id", "=", orderId)
    .orderBy("shipments.id")
    .execute();
  return rows.map((r) => ({
    shipmentNumber: r.shipment_number,
    carton: r.carton_no,
    sscc: r.sscc,
    carrier: r.carrier,
    service: r.service,
    trackingNumber: r.tracking_number,
    weightGrams: r.weight_grams,
    shipDate: r.ship_date,
    createdAt: ms(r.created_at),
  }));
}

