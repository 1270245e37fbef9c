/**
 * core's SerialSequence over the `sequences` table. One statement (INSERT … ON CONFLICT DO UPDATE …
 * RETURNING) increments and reads atomically on both dialects: PostgreSQL row-locks the sequence row
 * until the transaction ends, SQLite's write transaction (BEGIN IMMEDIATE) is exclusive. A value is
 * only ever seen by one committed transaction; a rolled-back one never left the database.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { SerialSequence } from "@pickpack/core";
import type { Database } from "../db/schema.js";

export class StoreSerialSequence implements SerialSequence {
  readonly #db: Kysely<Database> | Transaction<Database>;
  constructor(db: Kysely<Database> | Transaction<Database>) {
    this.#db = db;
  }
  async next(name: string): Promise<number> {
    const row = await this.#db
      .insertInto("sequences")
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql<number>`sequences.value + 1` }))
      .returning("value")
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }
}
