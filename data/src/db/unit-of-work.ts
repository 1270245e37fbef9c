/**
 * The unit of work: one database transaction (BEGIN IMMEDIATE on SQLite) and the handle a workflow
 * step receives for it. Repositories take the open transaction (or the database, for reads) as their
 * first argument; services take a `UnitOfWork` (transaction + dialect, for PostgreSQL row locks).
 */
import type { Kysely, Transaction } from "kysely";
import type { Order, OrderEvent, TransitionOutput, WarehouseAvailability } from "@pickpack/core";
import type { Database, Dialect } from "./schema.js";

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything a query can run on: the database (reads outside a transaction) or an open transaction. */
export type Q = Db | Tx;

/** An open transaction and the dialect it runs on. */
export interface UnitOfWork {
  readonly db: Tx;
  readonly dialect: Dialect;
}

/** Who does a step, and when. */
export interface Actor {
  readonly now: number;
  readonly actor: string;
}

/** Row locks are taken on PostgreSQL; SQLite's write transaction already holds the database lock. */
export const takesRowLocks = (dialect: Dialect): boolean => dialect === "postgres";

/** What `SqlStore.transaction` hands to its callback. */
export interface StoreTransaction extends UnitOfWork {
  /** The open transaction: use it for every read and write of the step. */
  readonly db: Tx;
  readonly dialect: Dialect;
  /**
   * Apply a lifecycle event inside this transaction (validated by core, effects applied, audited,
   * outbox written). A cancellation takes the order off its pick lists here too.
   */
  applyOrderEvent(ref: string, event: OrderEvent, options: Actor): Promise<TransitionOutput>;
  /**
   * Load an order: a string is the order number (or, failing that, a numeric id), a number is always
   * the id. `lock` takes a row lock on PostgreSQL.
   */
  loadOrder(ref: string | number, options?: { lock?: boolean }): Promise<Order | undefined>;
  /** Available stock per warehouse for these SKUs at `now` (locks the stock rows on PostgreSQL). */
  availability(skus: readonly string[], now: number): Promise<WarehouseAvailability[]>;
  /** Write an outbox message for an order (sequence per order assigned here). */
  writeOutbox(orderId: number, type: string, payload: Record<string, unknown>, now: number): Promise<void>;
  /** Add units to a location's stock (the location must exist). */
  addStock(warehouse: string, location: string, sku: string, quantity: number): Promise<void>;
}

/** Run `fn` in one write transaction: it commits when `fn` resolves and rolls back when it throws. */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const ms = (s: string): number => Date.parse(s);
