/**
 * Warehouse tasks that follow from the flows: put-backs (picked units of a cancelled order go back
 * to a location) and cycle counts (a short pick found a location emptier than its record). Listing
 * them and completing them, each completion one transaction.
 */
import { DomainError, InputError } from "@pickpack/core";
import type { SqlStore } from "../store.js";
import { setOnHand } from "../stock/repository.js";
import { reallocateBackordersInTx } from "./backorder-service.js";

export type TaskType = "put-back" | "cycle-count";

export interface TaskView {
  readonly id: number;
  readonly type: string;
  readonly status: string;
  readonly order: string | null;
  readonly warehouse: string | null;
  readonly location: string | null;
  readonly sku: string | null;
  readonly quantity: number | null;
  readonly createdAt: string;
  readonly detail: Readonly<Record<string, unknown>>;
}


function view(r: { id: number; type: string; status: string; number: string | null; warehouse: string | null; payload: string; created_at: string }): TaskView {
  const p = JSON.parse(r.payload) as Record<string, unknown>;
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    order: r.number,
    warehouse: r.warehouse,
    location: typeof p.location === "string" ? p.location : null,
    sku: typeof p.sku === "string" ? p.sku : null,
    quantity: typeof p.quantity === "number" ? p.quantity : typeof p.found === "number" ? null : null,
    createdAt: r.created_at,
    detail: p,
  };
}

export async function listTasks(store: SqlStore, filter: { type?: string; status?: string; warehouse?: string } = {}): Promise<TaskView[]> {
  let q = store.kysely
    .selectFrom("tasks")
    .leftJoin("orders", "orders.id", "tasks.order_id")
    .select(["tasks.id", "tasks.type", "tasks.status", "orders.number", "tasks.warehouse", "tasks.payload", "tasks.created_at"])
    .orderBy("tasks.id");
  if (filter.type) q = q.where("tasks.type", "=", filter.type);
  if (filter.status) q = q.where("tasks.status", "=", filter.status);
  if (filter.warehouse) q = q.where("tasks.warehouse", "=", filter.warehouse);
  return (await q.execute()).map(view);
}

/**
 * Complete a task. A put-back adds its units to its location (or `location`, if given: the units were
 * put somewhere else); a cycle count sets the location's quantity on record to `counted`.
 */
export async function completeTask(
  store: SqlStore,
  id: number,
  options: { readonly location?: string; readonly warehouse?: string; readonly counted?: number },
  by: { readonly now: number; readonly actor: string },
): Promise<TaskView> {
  return store.transaction(async (tx) => {
    let q = tx.db.selectFrom("tasks").leftJoin("orders", "orders.id", "tasks.order_id").select(["tasks.id", "tasks.type", "tasks.status", "orders.number", "tasks.warehouse", "tasks.payload", "tasks.created_at"]).where("tasks.id", "=", id);
    if (tx.dialect === "postgres") q = q.forUpdate("tasks");
    const row = await q.executeTakeFirst();
    if (!row) throw new InputError("TASK_NOT_FOUND", `no task ${id} (see \`pickpack tasks list\`)`);
    if (row.status !== "open") throw new DomainError("TASK_ALREADY_DONE", `task ${id} is already ${row.status}`);
    const task = view(row);
    const payload: Record<string, unknown> = { ...task.detail, completedAt: new Date(by.now).toISOString(), completedBy: by.actor };
    if (row.type === "put-back") {
      const warehouse = options.warehouse ?? row.warehouse;
      const location = options.location ?? task.location;
      if (!warehouse || !location) {
        throw new InputError("TASK_LOCATION_REQUIRED", `task ${id} does not say where the units go: give --warehouse and --location`, [{ field: "--location", message: "required for this task" }]);
      }
      await tx.addStock(warehouse, location, task.sku ?? "", task.quantity ?? 0);
      payload.putTo = { warehouse, location };
    } else if (row.type === "cycle-count") {
      if (options.counted === undefined) {
        throw new InputError("TASK_COUNT_REQUIRED", `task ${id} is a cycle count: give the quantity counted with --counted N`, [{ field: "--counted", message: "required for a cycle count" }]);
      }
      const loc = { warehouse: row.warehouse ?? "", location: task.location ?? "", sku: task.sku ?? "" };
      const had = await setOnHand(tx.db, loc, options.counted);
      if (!had && options.counted > 0) await tx.addStock(loc.warehouse, loc.location, loc.sku, options.counted);
      payload.counted = options.counted;
    }
    // Stock arrived at a location: open back-orders of the SKU are allocated again (audited there).
    if (task.sku && (row.type === "put-back" || (options.counted ?? 0) > 0)) {
      const r = await reallocateBackordersInTx(tx, { skus: [task.sku] }, by);
      if (r.allocated.length > 0) payload.backordersAllocated = r.allocated.map((a) => ({ backorder: a.id, order: a.order, quantity: a.quantity }));
    }
    await tx.db.updateTable("tasks").set({ status: "done", payload: JSON.stringify(payload) }).where("id", "=", id).execute();
    return { ...task, status: "done", detail: payload };
  });
}
