/**
 * What every report runs over: a period in one time zone (the warehouse's when `--warehouse` is given,
 * else the one zone all warehouses share, else UTC or an explicit zone), an optional warehouse, and `now`.
 */
import { sql, type RawBuilder } from "kysely";
import { InputError, resolvePeriod, type Period, type PeriodRequest, type Warehouse } from "@pickpack/core";
import type { SqlStore } from "../store.js";
import type { Db } from "../db/unit-of-work.js";
import type { Dialect } from "../db/schema.js";
import { iso } from "./sql.js";

export interface ReportScope {
  readonly period: Period;
  readonly warehouse: string | undefined;
  /** The warehouses the report covers (all, or the one asked for). */
  readonly warehouses: readonly Warehouse[];
  readonly now: number;
}

export interface ScopeRequest extends PeriodRequest {
  readonly warehouse?: string;
  /** A zone for day boundaries when no warehouse is given (default: the warehouses' common zone, else UTC). */
  readonly timeZone?: string;
}

export async function resolveScope(store: SqlStore, request: ScopeRequest, now: number): Promise<ReportScope> {
  const all = await store.listWarehouses();
  let warehouses = all;
  if (request.warehouse !== undefined) {
    warehouses = all.filter((w) => w.code === request.warehouse);
    if (warehouses.length === 0) {
      throw new InputError("WAREHOUSE_NOT_FOUND", `no warehouse ${JSON.stringify(request.warehouse)} (known: ${all.map((w) => w.code).join(", ") || "none"})`, [{ field: "--warehouse", message: "unknown warehouse code" }]);
    }
  }
  const zones = [...new Set(warehouses.map((w) => w.timeZone))];
  const timeZone = request.warehouse !== undefined ? zones[0]! : (request.timeZone ?? (zones.length === 1 ? zones[0]! : "UTC"));
  return { period: resolvePeriod(request, timeZone, now), warehouse: request.warehouse, warehouses, now };
}

/** The internal handle report queries take: the database, its dialect and the scope. */
export interface ReportContext {
  readonly db: Db;
  readonly dialect: Dialect;
  readonly scope: ReportScope;
  readonly from: string;
  readonly to: string;
}

export function reportContext(store: SqlStore, scope: ReportScope, db: Db = store.kysely): ReportContext {
  return { db, dialect: store.dialect, scope, from: iso(scope.period.from), to: iso(scope.period.to) };
}

/**
 * Run a report's queries on one consistent snapshot. On PostgreSQL: a read-only repeatable-read
 * transaction with JIT compilation off (a report's many short index lookups make the planner's cost
 * estimate cross the JIT threshold, and compiling costs more than the query). SQLite reads as is
 * (a write transaction there would block the writers).
 */
export async function onSnapshot<T>(store: SqlStore, fn: (db: Db) => Promise<T>): Promise<T> {
  if (store.dialect !== "postgres") return fn(store.kysely);
  return store.kysely
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      return fn(trx);
    });
}

/** `and <order column> belongs to the warehouse` (it holds stock there), or nothing without a warehouse. */
export function orderInWarehouse(ctx: ReportContext, orderIdColumn: string): RawBuilder<unknown> {
  return ctx.scope.warehouse === undefined ? sql`` : sql`and exists (select 1 from reservations rw where rw.order_id = ${sql.ref(orderIdColumn)} and rw.warehouse = ${ctx.scope.warehouse})`;
}

/** `and <column> = warehouse`, or nothing. */
export function inWarehouse(ctx: ReportContext, column: string): RawBuilder<unknown> {
  return ctx.scope.warehouse === undefined ? sql`` : sql`and ${sql.ref(column)} = ${ctx.scope.warehouse}`;
}

/** JSON for a report's period header. */
export function periodJson(scope: ReportScope) {
  return { from: iso(scope.period.from), to: iso(scope.period.to), timeZone: scope.period.timeZone, label: scope.period.label, warehouse: scope.warehouse ?? null, generatedAt: iso(scope.now) };
}
