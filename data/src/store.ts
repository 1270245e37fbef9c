/**
 * The store: core's FulfillmentStore port on SQLite and PostgreSQL, as a thin facade over the feature
 * services (orders/, stock/, imports/). Every state change runs in one transaction that also writes
 * its audit row and outbox rows; `transaction` lets other data/ modules run several steps in one.
 */
import { DEFAULT_RESERVATION_TTL_MS, InputError, type AllocationStrategy, type Counts, type FulfillmentStore, type ImportBatch, type ImportDataOptions, type ImportSummary, type OrderDetails, type OrderEvent, type OrderStatus, type OrderSummary, type OutboxRecord, type Reservation, type ReserveOutcome, type StockPosition, type StoreOptions, type SweepOutcome, type TransitionOutput, type Warehouse } from "@pickpack/core";
import type { Dialect } from "./db/schema.js";
import { reallocateBackordersInTx } from "./picking/backorder-service.js";
import { inTransaction, takesRowLocks, type Actor, type Db, type StoreTransaction, type Tx } from "./db/unit-of-work.js";
import { importData } from "./imports/service.js";
import * as orders from "./orders/service.js";
import * as queries from "./orders/queries.js";
import { findOrderId, loadOrder } from "./orders/repository.js";
import * as stock from "./stock/repository.js";

export type { StoreTransaction } from "./db/unit-of-work.js";


export interface SqlStoreOptions extends StoreOptions {
  /**
   * How new orders' reservations are split across warehouses when no `holdPlanner` is given:
   * core's `allocateOrder` with the stored warehouse facts (priority, coordinates, shipment cost,
   * cut-off) and the order's ship-to coordinates. Default `fewest-shipments` (exact minimum number of
   * shipments); `priority` fills each line in warehouse priority order; `closest` by distance.
   */
  readonly allocationStrategy?: AllocationStrategy;
}

export class SqlStore implements FulfillmentStore {
  readonly dialect: Dialect;
  readonly #db: Db;
  readonly #policy: orders.ReservationPolicy;

  constructor(db: Db, dialect: Dialect, options: SqlStoreOptions = {}) {
    this.#db = db;
    this.dialect = dialect;
    this.#policy = { ttlMs: options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS, planner: options.holdPlanner, strategy: options.allocationStrategy ?? "fewest-shipments" };
  }

  /** The Kysely instance, for other data/ modules (never exported beyond data/). */
  get kysely(): Db {
    return this.#db;
  }

  /** How this store reserves, for data/ modules that create and reserve orders in their own transaction (the broker inbox). */
  get reservationPolicy(): orders.ReservationPolicy {
    return this.#policy;
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  /**
   * Run several steps in ONE database transaction (write transaction: BEGIN IMMEDIATE on SQLite).
   * For data/ modules that extend the store (planning, packing, the gateway's scans): they write their
   * own tables with `tx.db` and change order states only through `tx.applyOrderEvent`, so every
   * transition is still validated by core and audited in the same transaction. Throwing rolls back.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, (db) => fn(this.#handle(db)));
  }

  #handle(db: Tx): StoreTransaction {
    const uow = { db, dialect: this.dialect };
    const handle: StoreTransaction = {
      db,
      dialect: this.dialect,
      applyOrderEvent: async (ref, event, by) => {
        const { transition } = await orders.applyEventInTx(uow, ref, event, by);
        // Units back on the shelf (a return restocked) go to waiting back-orders first.
        const restocked = transition.effects.flatMap((e) => (e.type === "restock" ? e.lines.map((l) => l.sku) : []));
        if (restocked.length > 0) await reallocateBackordersInTx(handle, { skus: [...new Set(restocked)] }, by);
        return transition;
      },
      loadOrder: async (ref, options) => {
        const id = typeof ref === "number" ? ref : await findOrderId(db, ref);
        return id === undefined ? undefined : loadOrder(db, id, (options?.lock ?? false) && takesRowLocks(this.dialect));
      },
      availability: (skus, now) => stock.availability(db, skus, now, takesRowLocks(this.dialect)),
      writeOutbox: (orderId, type, payload, now) => orders.writeOutbox(uow, orderId, type, payload, now),
      addStock: (warehouse, location, sku, quantity) => stock.addStock(db, warehouse, location, sku, quantity),
    };
    return handle;
  }

  // ---------------------------------------------------------------- workflows

  /** Import a batch; stock that arrives goes to waiting back-orders of its SKUs straight after. */
  async importData(batch: ImportBatch, options: ImportDataOptions): Promise<ImportSummary> {
    const summary = await importData(this.#db, this.dialect, this.#policy, batch, options);
    const skus = [...new Set((batch.stock ?? []).map((s) => s.value.sku))];
    if (skus.length > 0 && !options.dryRun) await this.transaction((tx) => reallocateBackordersInTx(tx, { skus }, options));
    return summary;
  }

  reserveOrder(ref: string, by: Actor): Promise<ReserveOutcome> {
    return this.transaction(async (tx) => orders.reserveOrderInTx(tx, this.#policy, await orders.requireOrder(tx, ref), by));
  }

  /** Apply one lifecycle event; a cancellation also takes the order off its pick lists. */
  applyOrderEvent(ref: string, event: OrderEvent, by: Actor): Promise<TransitionOutput> {
    return this.transaction((tx) => tx.applyOrderEvent(ref, event, by));
  }

  sweepExpiredReservations(by: Actor): Promise<SweepOutcome> {
    return orders.sweepExpiredReservations(this.#db, this.dialect, by);
  }

  // ---------------------------------------------------------------- reads

  getOrder(ref: string): Promise<OrderDetails | undefined> {
    return queries.getOrder(this.#db, ref);
  }

  listOrders(filter: { status?: OrderStatus; limit?: number }): Promise<readonly OrderSummary[]> {
    return queries.listOrders(this.#db, filter);
  }

  listStock(filter: { sku?: string; warehouse?: string; now: number }): Promise<readonly StockPosition[]> {
    return stock.listStock(this.#db, filter);
  }

  async listReservations(filter: { activeAt?: number; orderRef?: string }): Promise<readonly (Reservation & { orderNumber: string })[]> {
    const orderId = filter.orderRef === undefined ? undefined : await this.#requireOrderId(filter.orderRef);
    return stock.listReservations(this.#db, { ...(filter.activeAt !== undefined ? { activeAt: filter.activeAt } : {}), ...(orderId !== undefined ? { orderId } : {}) });
  }

  async listOutbox(filter: { orderRef?: string; limit?: number }): Promise<readonly OutboxRecord[]> {
    const orderId = filter.orderRef === undefined ? undefined : await this.#requireOrderId(filter.orderRef);
    return queries.listOutbox(this.#db, { ...(orderId !== undefined ? { orderId } : {}), ...(filter.limit !== undefined ? { limit: filter.limit } : {}) });
  }

  listWarehouses(): Promise<readonly Warehouse[]> {
    return queries.listWarehouses(this.#db);
  }

  counts(): Promise<Counts> {
    return queries.counts(this.#db);
  }

  async #requireOrderId(ref: string): Promise<number> {
    const id = await findOrderId(this.#db, ref);
    if (id === undefined) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)}`);
    return id;
  }
}
