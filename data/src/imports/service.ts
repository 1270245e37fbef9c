/**
 * The import workflow: validate every reference and write every record of a batch in one
 * transaction, or nothing (InputError listing every problem with its file and line). Master data is
 * written kind by kind (writers.ts); orders are all checked first, then created and reserved through
 * the orders service. A dry run validates everything and rolls back.
 */
import { DomainError, InputError, compareReimportedOrder, transition, type ImportBatch, type ImportConflict, type ImportSummary, type InputIssue, type NewOrder, type OnExisting, type Order, type Sourced } from "@pickpack/core";
import type { Dialect } from "../db/schema.js";
import { inTransaction, type Actor, type Db, type UnitOfWork } from "../db/unit-of-work.js";
import { appendOutbox, existingOrderNumbers, insertAuditNote, insertOrder, updateImportedOrder } from "../orders/repository.js";
import { commitTransition, requireOrder, reserveOrderInTx, type ReservationPolicy } from "../orders/service.js";
import { takesRowLocks } from "../db/unit-of-work.js";
import { exists } from "./repository.js";
import { writeBoxes, writeLayouts, writeLocations, writeSkus, writeStock, writeUsers, writeWarehouses, type ImportRun } from "./writers.js";

export interface ImportOptions extends Actor {
  readonly dryRun?: boolean | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Orders whose number exists: "update" (default), "skip" or "fail" (see core's `compareReimportedOrder`). */
  readonly onExisting?: OnExisting | undefined;
}

export async function importData(db: Db, dialect: Dialect, policy: ReservationPolicy, batch: ImportBatch, options: ImportOptions): Promise<ImportSummary> {
  const DRY_RUN = Symbol("dry-run");
  let summary: ImportSummary = { created: 0, updated: 0 };
  try {
    await inTransaction(db, async (tx) => {
      summary = await importInTx({ db: tx, dialect }, policy, batch, options);
      if (options.dryRun) throw DRY_RUN; // validate everything, then roll back
    });
  } catch (e) {
    if (e !== DRY_RUN) throw e;
  }
  return summary;
}

export async function importInTx(uow: UnitOfWork, policy: ReservationPolicy, batch: ImportBatch, options: ImportOptions): Promise<ImportSummary> {
  const total = Object.values(batch).reduce((n: number, records: readonly unknown[] | undefined) => n + (records?.length ?? 0), 0);
  let done = 0;
  let created = 0;
  let updated = 0;
  const run: ImportRun = {
    tx: uow.db,
    issues: [],
    count: (what) => (what === "created" ? created++ : updated++),
    progress: () => {
      done++;
      if (options.onProgress && (done % 500 === 0 || done === total)) options.onProgress(done, total);
    },
  };
  await writeWarehouses(run, batch.warehouses ?? []);
  await writeLayouts(run, batch.layouts ?? []);
  await writeLocations(run, batch.locations ?? []);
  await writeSkus(run, batch.skus ?? []);
  await writeStock(run, batch.stock ?? []);
  await writeBoxes(run, batch.boxes ?? []);
  await writeUsers(run, batch.users ?? []);

  // Orders: check every reference before writing any, then create (and try to reserve) the new ones
  // and apply the re-import rule to the existing ones.
  const orders = batch.orders ?? [];
  const onExisting = options.onExisting ?? "update";
  const existing = await existingOrderNumbers(uow.db, orders.map((o) => o.value.number));
  const knownSkus = new Set<string>();
  for (const { value: o, file, line } of orders) {
    if (existing.has(o.number) && onExisting === "fail") run.issues.push({ file, line, field: "number", message: `order ${o.number} already exists (--on-existing fail)` });
    for (const [i, l] of o.lines.entries()) {
      if (knownSkus.has(l.sku)) continue;
      if (await exists(uow.db, "skus", "sku", l.sku)) knownSkus.add(l.sku);
      else run.issues.push({ file, line, field: `lines[${i}].sku`, message: `unknown SKU ${JSON.stringify(l.sku)}` });
    }
  }
  if (run.issues.length > 0) throw importError(run.issues);

  const tally = { reserved: 0, reservationFailed: 0, confirmed: 0 };
  const unchanged: string[] = [];
  const skipped: string[] = [];
  const conflicts: ImportConflict[] = [];
  const reserve = async (order: Order) => {
    const outcome = await reserveOrderInTx(uow, policy, order, options);
    if (!outcome.reserved) tally.reservationFailed++;
    else {
      tally.reserved++;
      if (outcome.order.status === "Confirmed") tally.confirmed++;
    }
  };
  for (const record of orders) {
    run.progress();
    const o = record.value;
    if (!existing.has(o.number)) {
      const order = await insertOrder(uow.db, o, options.now);
      created++;
      await reserve(order);
      continue;
    }
    if (onExisting === "skip") {
      skipped.push(o.number);
      continue;
    }
    const outcome = await reimportOrder(uow, record, options, reserve);
    if (outcome === "unchanged") unchanged.push(o.number);
    else if (outcome === "updated") updated++;
    else conflicts.push(outcome);
  }
  if (orders.length === 0) return { created, updated };
  return {
    created,
    updated,
    ...tally,
    ...(unchanged.length > 0 ? { unchanged } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(conflicts.length > 0 ? { conflicts } : {}),
  };
}

/**
 * An imported order whose number exists: unchanged → left; changes its state allows → saved (audited,
 * `order.updated.v1`), a Pending order with new lines retries its reservation, a PaymentPending order
 * now reported paid is confirmed; otherwise a conflict, and the order is left as it is.
 */
async function reimportOrder(
  uow: UnitOfWork,
  { value: o, file, line }: Sourced<NewOrder>,
  by: Actor,
  reserve: (order: Order) => Promise<void>,
): Promise<"unchanged" | "updated" | ImportConflict> {
  const order = await requireOrder(uow, o.number);
  const verdict = compareReimportedOrder(order, o);
  if (verdict.kind === "unchanged") return "unchanged";
  if (verdict.kind === "conflict") return { number: o.number, file, line, reason: verdict.reason };
  const fields = verdict.changes.filter((c) => c.field !== "payment");
  const linesChanged = fields.some((c) => c.field === "lines");
  const payment = order.payment === "paid" || verdict.pay ? "paid" : "pending";
  if (!(await updateImportedOrder(uow.db, order, o, { now: by.now, lines: linesChanged, payment }))) {
    throw new DomainError("ORDER_CONCURRENT_UPDATE", `order ${o.number} was changed by someone else during the import; try again`);
  }
  if (fields.length > 0) {
    const names = fields.map((c) => c.field);
    await insertAuditNote(uow.db, order.id, order.status, "ImportUpdate", `updated by import: ${names.join(", ")}`, { changes: fields, file, line }, by);
    await appendOutbox(uow.db, order.id, [{ type: "order.updated.v1", payload: { orderNumber: o.number, fields: names } }], by.now, takesRowLocks(uow.dialect));
  }
  const after = await requireOrder(uow, o.number);
  if (after.status === "Pending" && (linesChanged || verdict.pay)) await reserve(after);
  else if (verdict.pay && after.status === "PaymentPending") {
    const paid = transition(after, { type: "PaymentSucceeded", upstream: true }, by.now);
    if (!paid.ok) return { number: o.number, file, line, reason: paid.error.message };
    await commitTransition(uow, after, paid.value, "PaymentSucceeded", by);
  }
  return "updated";
}

function importError(issues: readonly InputIssue[]): InputError {
  const sorted = [...issues].sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0));
  return new InputError("IMPORT_INVALID", `${sorted.length} problem${sorted.length === 1 ? "" : "s"} found; nothing was imported`, sorted);
}
