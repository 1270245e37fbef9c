/**
 * Opening a store: `--db` / PICKPACK_DATABASE is a SQLite file path (default ./.pickpack/pickpack.db)
 * or a postgres:// URL. Migrations run on open.
 */
import { existsSync } from "node:fs";
import { Migrator, sql, type Kysely } from "kysely";
import { InputError } from "@pickpack/core";
import { migrationProvider } from "./migrations/index.js";
import type { Database, Dialect } from "./schema.js";
import { SqlStore, type SqlStoreOptions } from "../store.js";

export const DEFAULT_DATABASE_PATH = ".pickpack/pickpack.db";

export interface OpenOptions extends SqlStoreOptions {
  /** SQLite path or postgres:// URL. */
  readonly target: string;
  /** PostgreSQL schema (isolates test runs); ignored for SQLite. */
  readonly schema?: string;
  /** SQLite synchronous mode (FULL by default). */
  readonly synchronous?: "FULL" | "NORMAL";
  /**
   * Create the database when there is none (default true). With false, a target that holds no
   * pickpack database (a missing SQLite file, a PostgreSQL schema never migrated) is refused with
   * DATABASE_NOT_FOUND and nothing is created.
   */
  readonly create?: boolean;
}

export function dialectOf(target: string): Dialect {
  return /^postgres(ql)?:\/\//i.test(target) ? "postgres" : "sqlite";
}

export async function openStore(options: OpenOptions): Promise<SqlStore> {
  const dialect = dialectOf(options.target);
  if (!options.target.trim()) throw new InputError("DATABASE_TARGET_EMPTY", "the database path or URL is empty");
  const create = options.create ?? true;
  const memory = options.target === ":memory:";
  if (!create && dialect === "sqlite" && !memory && !existsSync(options.target)) throw notFound(options.target);
  let db: Kysely<Database>;
  try {
    // Each driver (and its native library) loads only when its dialect is opened.
    db =
      dialect === "postgres"
        ? await (await import("./drivers/postgres.js")).openPostgres({ url: options.target, create, ...(options.schema ? { schema: options.schema } : {}) })
        : (await import("./drivers/sqlite.js")).openSqlite({ path: options.target, create: create || memory, ...(options.synchronous ? { synchronous: options.synchronous } : {}) });
  } catch (e) {
    throw new InputError("DATABASE_OPEN_FAILED", `cannot open database ${redact(options.target)}: ${(e as Error).message}`);
  }
  if (!create && !memory) {
    let found: boolean;
    try {
      found = await isPickpackDatabase(db, dialect);
    } catch (e) {
      await db.destroy();
      throw new InputError("DATABASE_OPEN_FAILED", `cannot open database ${redact(options.target)}: ${(e as Error).message}`);
    }
    if (!found) {
      await db.destroy();
      throw notFound(options.target);
    }
  }
  try {
    await migrate(db, dialect, dialect === "postgres" ? options.schema : undefined);
  } catch (e) {
    await db.destroy();
    throw new InputError("DATABASE_OPEN_FAILED", `cannot prepare database ${redact(options.target)}: ${(e as Error).message}`);
  }
  return new SqlStore(db, dialect, options);
}

export async function migrate(db: Kysely<Database>, dialect: Dialect, schemaOption?: string): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema of the server: pin them to the schema this
  // connection writes to (the `schema` option, else the URL's search_path, else public), or a pickpack
  // database in another schema makes it skip creating them here.
  const schema = schemaOption ?? (dialect === "postgres" ? await currentSchema(db) : undefined);
  // Each area owns a numbered migration over its own tables, so a database that already ran a later
  // area's migration may still receive an earlier-numbered one: apply it rather than refuse.
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  // Kysely reads the catalog of every schema to find its bookkeeping tables; on a shared PostgreSQL
  // server another client dropping a schema at that instant fails the read. Migrating is idempotent:
  // try again.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    const failed = results?.find((r) => r.status === "Error");
    const message = (error as Error).message ?? String(error);
    if (dialect === "postgres" && !failed && /does not exist/.test(message) && attempt < 4) continue;
    throw new Error(`migration ${failed?.migrationName ?? "?"} failed: ${message}`);
  }
}

function notFound(target: string): InputError {
  return new InputError("DATABASE_NOT_FOUND", `no pickpack database at ${redact(target)} — run \`pickpack init\` to create one (or check --db / PICKPACK_DATABASE)`);
}

/**
 * The schema a PostgreSQL URL selects (public, or its `options=-c search_path=…`): Kysely's migrator
 * must keep its bookkeeping tables there, not find another schema's tables of the same name.
 */
async function currentSchema(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/** Whether the database was ever migrated by pickpack (it holds Kysely's migration table). */
async function isPickpackDatabase(db: Kysely<Database>, dialect: Dialect): Promise<boolean> {
  const query =
    dialect === "postgres"
      ? sql<{ found: number }>`select 1 as found from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`
      : sql<{ found: number }>`select 1 as found from sqlite_master where type = 'table' and name = 'kysely_migration'`;
  const { rows } = await query.execute(db);
  return rows.length > 0;
}

/** Hide a password in a connection URL before printing it. */
export function redact(target: string): string {
  return target.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
