/** Dialect-specific SQL pieces the report queries share (epoch milliseconds of an ISO text column, JSON fields, counts). */
import { sql, type RawBuilder } from "kysely";
import type { Dialect } from "../db/schema.js";

/** Milliseconds since the epoch of an ISO-8601 text column. */
export function epochMs(dialect: Dialect, column: RawBuilder<unknown>): RawBuilder<number> {
  return dialect === "sqlite" ? sql<number>`((julianday(${column}) - 2440587.5) * 86400000.0)` : sql<number>`(extract(epoch from (${column})::timestamptz) * 1000)`;
}

/** A numeric field of a JSON text column. */
export function jsonNumber(dialect: Dialect, column: RawBuilder<unknown>, field: string): RawBuilder<number> {
  return dialect === "sqlite" ? sql<number>`cast(json_extract(${column}, ${"$." + field}) as integer)` : sql<number>`((${column})::json->>${sql.lit(field)})::integer`;
}

/** PostgreSQL returns count(*) and sum() of integers as text: every number read back goes through this. */
export const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const nOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const iso = (ms: number): string => new Date(ms).toISOString();
