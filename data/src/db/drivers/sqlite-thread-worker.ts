/**
 * The SQLite connection's own thread (see sqlite-thread.ts): runs each statement it is sent on the
 * one better-sqlite3 connection (through sqlite.ts, the only file that imports it) and answers with
 * the rows or the change count. Commits, their fsync and WAL checkpoints happen here, off the main
 * thread's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { SqliteDatabase } from "kysely";
import { openSqliteDatabase, type SqliteOptions } from "./sqlite.js";

export interface ThreadRequest {
  readonly id: number;
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** Only for `streamQuery`: the rows of a select. */
  readonly close?: boolean;
}

export type ThreadReply =
  | { readonly id: number; readonly rows: unknown[]; readonly numAffectedRows?: bigint; readonly insertId?: bigint }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string; readonly name: string } };

let db: SqliteDatabase | undefined;
try {
  db = openSqliteDatabase(workerData as SqliteOptions);
  parentPort!.postMessage({ id: 0, rows: [] } satisfies ThreadReply);
} catch (e) {
  const err = e as Error & { code?: string };
  parentPort!.postMessage({ id: 0, error: { message: err.message, name: err.name, ...(err.code ? { code: err.code } : {}) } } satisfies ThreadReply);
}

parentPort!.on("message", (m: ThreadRequest) => {
  if (m.close) {
    db?.close();
    parentPort!.postMessage({ id: m.id, rows: [] } satisfies ThreadReply);
    return;
  }
  try {
    const stmt = db!.prepare(m.sql);
    if (stmt.reader) {
      parentPort!.postMessage({ id: m.id, rows: stmt.all(m.parameters) as unknown[] } satisfies ThreadReply);
    } else {
      const { changes, lastInsertRowid } = stmt.run(m.parameters);
      parentPort!.postMessage({
        id: m.id,
        rows: [],
        ...(changes !== undefined && changes !== null ? { numAffectedRows: BigInt(changes) } : {}),
        ...(lastInsertRowid !== undefined && lastInsertRowid !== null ? { insertId: BigInt(lastInsertRowid) } : {}),
      } satisfies ThreadReply);
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    parentPort!.postMessage({ id: m.id, error: { message: err.message, name: err.name, ...(err.code ? { code: err.code } : {}) } } satisfies ThreadReply);
  }
});
