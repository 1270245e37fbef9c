/**
 * The import workflow: validate every reference and write every record of a batch in one
 * transaction, or nothing (InputError listing every problem with its file and line). Master data is
 * written kind by kind (writers.ts); orders are all checked first, then created and reserved through
 * the orders service. A dry run validates everything and rolls back.
 */
import { DomainError, InputError, compareReimportedOrder, transition, type ImportBatch, type ImportConflict, type ImportSummary, type InputIssue, type NewOrder, type OnExisting, type Order, type Sourced, type StockPosition } from "@pickpack/core";
import type { Dialect } from "../db/schema.js";
import { inTransaction, type Actor, type Db, type UnitOfWork } from "../db/unit-of-work.js";
import { appendOutbox, existingOrderNumbers, insertAuditNote, insertOrder, updateImportedOrder } from "../orders/repository.js";
import { commitTransition, requireOrder, reserveOrderInTx, type ReservationPolicy } from "../orders/service.js";
import { takesRowLocks } from "../db/unit-of-work.js";
import { exists, holdersOf } from "./repository.js";
import { listStock } from "../stock/availability.js";
import { writeBoxes, writeLayouts, writeLocations, writeSkus, writeStock, writeUsers, writeWarehouses, type ImportRun } from "./writers.js";

export interface ImportOptions extends Actor {
  readonly dryRun?: boolean | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Orders whose number exists: "update" (default), "skip" or "fail" (see core's `compareReimportedOrder`). */
  readonly onExisting?: OnExisting | undefined;
  /** Stock: accept on-hand below what orders hold (else refused, listing the orders). */
  readonly allowOverAllocation?: boolean | undefined;
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
  const stockBefore = options.allowOverAllocation ? undefined : await stockPositions(run, batch.stock ?? [], options.now);
  await writeStock(run, batch.stock ?? []);
  if (stockBefore && run.issues.length === 0) await checkAllocations(run, batch.stock ?? [], stockBefore, options.now);
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

type Positions = Map<string, StockPosition>;
const pairKey = (warehouse: string, sku: string) => `${warehouse}\u0000${sku}`;

/** The stock positions (warehouse × SKU) a stock file touches: one query per pair for small files, one scan for large ones. */
async function stockPositions(run: ImportRun, stock: NonNullable<ImportBatch["stock"]>, now: number): Promise<Positions> {
  const pairs = new Map<string, { warehouse: string; sku: string }>();
  for (const { value: r } of stock) pairs.set(pairKey(r.warehouse, r.sku), { warehouse: r.warehouse, sku: r.sku });
  const out: Positions = new Map();
  let found: StockPosition[] = [];
  if (pairs.size > 50) found = await listStock(run.tx, { now });
  else for (const p of pairs.values()) found.push(...(await listStock(run.tx, { ...p, now })));
  for (const p of found) if (pairs.has(pairKey(p.warehouse, p.sku))) out.set(pairKey(p.warehouse, p.sku), p);
  return out;
}

/**
 * After the stock rows are written: a count that lowers a warehouse's on-hand of a SKU below what
 * its orders have reserved or allocated (they would be short at picking) is an issue on the SKU's
 * first stock record, naming the orders holding it; `--allow-over-allocation` accepts it. A count
 * that raises on-hand is never refused.
 */
async function checkAllocations(run: ImportRun, stock: NonNullable<ImportBatch["stock"]>, before: Positions, now: number): Promise<void> {
  const after = await stockPositions(run, stock, now);
  const first = new Map<string, Sourced<{ warehouse: string; sku: string }>>();
  for (const r of stock) if (!first.has(pairKey(r.value.warehouse, r.value.sku))) first.set(pairKey(r.value.warehouse, r.value.sku), r);
  for (const [k, p] of after) {
    const record = first.get(k);
    if (!record || p.overAllocated <= 0 || p.onHand >= (before.get(k)?.onHand ?? 0)) continue;
    const holders = await holdersOf(run.tx, p.warehouse, p.sku);
    const listed = holders.slice(0, 10).join(", ") + (holders.length > 10 ? ` and ${holders.length - 10} more` : "");
    run.issues.push({
      file: record.file,
      line: record.line,
      field: "onHand",
      message: `${p.warehouse} would hold ${p.onHand} of ${p.sku}, ${p.overAllocated} less than orders hold (${listed}): correct the count, or pass --allow-over-allocation to accept it (those orders will be short at picking)`,
    });
  }
}
