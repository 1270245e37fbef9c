/**
 * SQLite on a thread of its own, for the gateway: the same connection, pragmas and statements as
 * sqlite.ts, but run in a worker thread (sqlite-thread-worker.ts), so a commit's fsync or a WAL
 * checkpoint never blocks the event loop that reads scans and writes acks. Each statement is one
 * message to the thread and one back; a transaction keeps the one connection for itself (as Kysely's
 * SQLite driver does), and write transactions begin IMMEDIATE.
 */
import { Worker } from "node:worker_threads";
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from "kysely";
import type { Database } from "../schema.js";
import type { SqliteOptions } from "./sqlite.js";
import type { ThreadReply, ThreadRequest } from "./sqlite-thread-worker.js";

/**
 * The worker's compiled file: beside this one in dist/; when this module runs from source (tests,
 * tsx), the one `tsc -b` built in data/dist/ (a worker thread has no TypeScript loader of its own).
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "../../../dist/db/drivers/sqlite-thread-worker.js" : "./sqlite-thread-worker.js", here);
}

class SqliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (r: ThreadReply) => void }>();
  #next = 1;
  readonly ready: Promise<void>;

  constructor(options: SqliteOptions) {
    this.#worker = new Worker(workerUrl(), { workerData: options });
    this.ready = new Promise((resolve, reject) => {
      this.#pending.set(0, { resolve: (r) => ("error" in r ? reject(new Error(r.error.message)) : resolve()) });
    });
    this.#worker.on("message", (r: ThreadReply) => {
      const p = this.#pending.get(r.id);
      this.#pending.delete(r.id);
      p?.resolve(r);
    });
    this.#worker.on("error", (e) => {
      for (const p of this.#pending.values()) p.resolve({ id: -1, error: { message: e.message, name: e.name } });
      this.#pending.clear();
    });
  }

  request(sql: string, parameters: readonly unknown[], close = false): Promise<ThreadReply> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve });
      this.#worker.postMessage({ id, sql, parameters, ...(close ? { close } : {}) } satisfies ThreadRequest);
    });
  }

  async close(): Promise<void> {
    await this.request("", [], true);
    await this.#worker.terminate();
  }
}

/** An error from the thread, as better-sqlite3 would have thrown it here (message and code kept). */
function rethrow(e: { message: string; code?: string; name: string }): never {
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code) err.code = e.code;
  throw err;
}

class ThreadConnection implements DatabaseConnection {
  readonly #thread: SqliteThread;
  constructor(thread: SqliteThread) {
    this.#thread = thread;
  }
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const r = await this.#thread.request(q.sql, q.parameters);
    if ("error" in r) rethrow(r.error);
    return { rows: r.rows as R[], ...(r.numAffectedRows !== undefined ? { numAffectedRows: r.numAffectedRows } : {}), ...(r.insertId !== undefined ? { insertId: r.insertId } : {}) };
  }
  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const r = await this.executeQuery<R>(q);
    for (const row of r.rows) yield { rows: [row] };
  }
}

class ThreadDriver implements Driver {
  readonly #options: SqliteOptions;
  #thread: SqliteThread | undefined;
  #connection: ThreadConnection | undefined;
  #lock: Promise<void> = Promise.resolve();
  #unlock: (() => void) | undefined;

  constructor(options: SqliteOptions) {
    this.#options = options;
  }
  async init(): Promise<void> {
    this.#thread = new SqliteThread(this.#options);
    await this.#thread.ready;
    this.#connection = new ThreadConnection(this.#thread);
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    // one connection: whoever holds it (a transaction) keeps it until released
    const previous = this.#lock;
    let release!: () => void;
    this.#lock = new Promise<void>((r) => (release = r));
    await previous;
    this.#unlock = release;
    return this.#connection!;
  }
  async releaseConnection(): Promise<void> {
    const unlock = this.#unlock;
    this.#unlock = undefined;
    unlock?.();
  }
  async beginTransaction(c: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("begin immediate"));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("commit"));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("rollback"));
  }
  async savepoint(c: DatabaseConnection, name: string): Promise<void> {
    await c.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string): Promise<void> {
    await c.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`));
  }
  async releaseSavepoint(c: DatabaseConnection, name: string): Promise<void> {
    await c.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`));
  }
  async destroy(): Promise<void> {
    await this.#thread?.close();
  }
}

/** A savepoint name as an SQL identifier. */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

class ThreadDialect extends SqliteDialect {
  readonly #options: SqliteOptions;
  constructor(options: SqliteOptions) {
    super({ database: undefined as never });
    this.#options = options;
  }
  override createDriver(): Driver {
    return new ThreadDriver(this.#options);
  }
}

export function openSqliteThread(options: SqliteOptions): Kysely<Database> {
  return new Kysely<Database>({ dialect: new ThreadDialect(options) });
}
