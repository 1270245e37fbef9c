/**
 * The embedded default: SQLite through better-sqlite3. The only file that imports better-sqlite3.
 * Write transactions start with BEGIN IMMEDIATE so two processes on one file serialise their writes
 * instead of failing on a read-to-write lock upgrade; the busy timeout makes the second one wait.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase, type SqliteStatement } from "kysely";
import type { Database } from "../schema.js";

export interface SqliteOptions {
  /** File path, or ":memory:". */
  readonly path: string;
  /** FULL (default) survives power loss with every committed transaction; NORMAL is faster under WAL. */
  readonly synchronous?: "FULL" | "NORMAL";
  /** How long a writer waits for another process's write lock, in ms. */
  readonly busyTimeoutMs?: number;
  /** Create the file (and its folder) when missing (default true); false refuses a missing file. */
  readonly create?: boolean;
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** How many prepared statements are kept per connection (least recently used are dropped). */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Our own SqliteDatabase over better-sqlite3 that keeps prepared statements: Kysely prepares every
 * query anew, and compiling SQL is most of the cost of a small query. Safe because Kysely runs one
 * query at a time on the single connection.
 */
function withStatementCache(native: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql); // move to the most recently used end
      } else {
        stmt = native.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close(): void {
      cache.clear();
      native.close();
    },
  };
}

export function openSqlite(options: SqliteOptions): Kysely<Database> {
  const create = options.create ?? true;
  if (create && options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
  const native = new BetterSqlite3(options.path, { fileMustExist: !create });
  native.pragma("journal_mode = WAL");
  native.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
  native.pragma("foreign_keys = ON");
  native.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 15000}`);
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(native) }) });
}
