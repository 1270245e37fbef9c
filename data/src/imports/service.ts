/**
 * The import workflow: validate every reference and write every record of a batch in one
 * transaction, or nothing (InputError listing every problem with its file and line). Master data is
 * written kind by kind (writers.ts); orders are all checked first, then created and reserved through
 * the orders service. A dry run validates everything and rolls back.
 */
import { InputError, type ImportBatch, type ImportSummary, type InputIssue } from "@pickpack/core";
import type { Dialect } from "../db/schema.js";
import { inTransaction, type Actor, type Db, type UnitOfWork } from "../db/unit-of-work.js";
import { existingOrderNumbers, insertOrder } from "../orders/repository.js";
import { reserveOrderInTx, type ReservationPolicy } from "../orders/service.js";
import { exists } from "./repository.js";
import { writeBoxes, writeLayouts, writeLocations, writeSkus, writeStock, writeUsers, writeWarehouses, type ImportRun } from "./writers.js";

export interface ImportOptions extends Actor {
  readonly dryRun?: boolean | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
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

  // Orders: check every reference before writing any, then create and try to reserve each.
  const orders = batch.orders ?? [];
  const existing = await existingOrderNumbers(uow.db, orders.map((o) => o.value.number));
  const knownSkus = new Set<string>();
  for (const { value: o, file, line } of orders) {
    if (existing.has(o.number)) run.issues.push({ file, line, field: "number", message: `order ${o.number} already exists` });
    for (const [i, l] of o.lines.entries()) {
      if (knownSkus.has(l.sku)) continue;
      if (await exists(uow.db, "skus", "sku", l.sku)) knownSkus.add(l.sku);
      else run.issues.push({ file, line, field: `lines[${i}].sku`, message: `unknown SKU ${JSON.stringify(l.sku)}` });
    }
  }
  if (run.issues.length > 0) throw importError(run.issues);

  let reserved = 0;
  let reservationFailed = 0;
  for (const { value: o } of orders) {
    run.progress();
    const order = await insertOrder(uow.db, o, options.now);
    created++;
    const outcome = await reserveOrderInTx(uow, policy, order, options);
    if (outcome.reserved) reserved++;
    else reservationFailed++;
  }
  return orders.length > 0 ? { created, updated, reserved, reservationFailed } : { created, updated };
}

function importError(issues: readonly InputIssue[]): InputError {
  const sorted = [...issues].sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0));
  return new InputError("IMPORT_INVALID", `${sorted.length} problem${sorted.length === 1 ? "" : "s"} found; nothing was imported`, sorted);
}
