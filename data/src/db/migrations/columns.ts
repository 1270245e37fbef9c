import type { CreateTableBuilder, Kysely } from "kysely";
import type { Dialect } from "../schema.js";

type Table = ReturnType<Kysely<unknown>["schema"]["createTable"]>;

/**
 * Add an auto-numbered `id` primary key, spelled as each dialect wants it: SQLite's INTEGER PRIMARY
 * KEY AUTOINCREMENT (never reuses an id), PostgreSQL's serial (or bigserial for tables that grow
 * without bound, such as recorded scans).
 */
export function withId(dialect: Dialect, table: Table, pgType: "serial" | "bigserial" = "serial"): CreateTableBuilder<string, "id"> {
  return dialect === "sqlite"
    ? table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : table.addColumn("id", pgType, (c) => c.primaryKey());
}
