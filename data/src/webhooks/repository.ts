/** Webhook endpoint queries: the endpoints, their failure counters and their audit trail. Queries only. */
import type { Q } from "../db/unit-of-work.js";
import type { WebhookEndpointsTable } from "../outbox/tables.js";
import type { Selectable } from "kysely";

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export async function insertEndpoint(q: Q, row: { url: string; events: string; secret: string; allow_private: number; created_at: string }): Promise<number> {
  const r = await q.insertInto("webhook_endpoints").values({ ...row, previous_secrets: "[]", status: "active", consecutive_failures: 0 }).returning("id").executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function endpoints(q: Q, filter: { status?: string } = {}): Promise<EndpointRow[]> {
  let s = q.selectFrom("webhook_endpoints").selectAll().orderBy("id");
  if (filter.status) s = s.where("status", "=", filter.status);
  return s.execute();
}

export async function endpoint(q: Q, id: number): Promise<EndpointRow | undefined> {
  return q.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function deleteEndpoint(q: Q, id: number): Promise<void> {
  await q.deleteFrom("webhook_endpoints").where("id", "=", id).execute();
}

export async function updateEndpoint(q: Q, id: number, set: Partial<Omit<EndpointRow, "id">>): Promise<void> {
  await q.updateTable("webhook_endpoints").set(set).where("id", "=", id).execute();
}

export async function noteSuccess(q: Q, id: number, at: string): Promise<void> {
  await q.updateTable("webhook_endpoints").set({ consecutive_failures: 0, failing_since: null, last_success_at: at }).where("id", "=", id).execute();
}

export async function noteFailure(q: Q, id: number, error: string, at: string): Promise<void> {
  await q
    .updateTable("webhook_endpoints")
    .set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1), last_error: error.slice(0, 500), failing_since: eb.fn.coalesce("failing_since", eb.val(at)) }))
    .where("id", "=", id)
    .execute();
}

export async function insertAudit(q: Q, row: { endpoint_id: number; action: string; detail: string; actor: string; at: string }): Promise<void> {
  await q.insertInto("webhook_audit").values(row).execute();
}

/** Per destination: deliveries waiting (pending), failed, and the oldest waiting one's creation. */
export async function backlog(q: Q): Promise<{ destination: string; pending: number; failed: number }[]> {
  const rows = await q
    .selectFrom("deliveries")
    .select(["destination", "state", (eb) => eb.fn.countAll<number>().as("n")])
    .where("state", "in", ["pending", "failed"])
    .groupBy(["destination", "state"])
    .execute();
  const by = new Map<string, { destination: string; pending: number; failed: number }>();
  for (const r of rows) {
    const e = by.get(r.destination) ?? { destination: r.destination, pending: 0, failed: 0 };
    if (r.state === "pending") e.pending += Number(r.n);
    else e.failed += Number(r.n);
    by.set(r.destination, e);
  }
  return [...by.values()];
}
