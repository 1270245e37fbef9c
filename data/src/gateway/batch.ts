/**
 * Group commit support for the gateway: savepoints inside an open transaction, and a batch of
 * independent jobs in one transaction (one fsync), each rolled back alone when it throws.
 */
import { sql } from "kysely";
import type { SqlStore, StoreTransaction } from "../store.js";

/**
 * Run `fn` inside a savepoint of the open transaction: if it throws, only its own writes are rolled
 * back and the error is rethrown (SQLite and PostgreSQL both support SAVEPOINT).
 */
export async function withSavepoint<T>(tx: StoreTransaction, name: string, fn: () => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad savepoint name ${name}`);
  await sql`savepoint ${sql.id(name)}`.execute(tx.db);
  try {
    const value = await fn();
    await sql`release savepoint ${sql.id(name)}`.execute(tx.db);
    return value;
  } catch (e) {
    await sql`rollback to savepoint ${sql.id(name)}`.execute(tx.db);
    await sql`release savepoint ${sql.id(name)}`.execute(tx.db);
    throw e;
  }
}

export type BatchOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit: run several independent jobs in ONE transaction, each in its own savepoint, so one
 * fsync covers them all. A job that throws is rolled back alone; the others commit. If the commit
 * itself fails every job fails (nothing was written).
 */
export async function transactionBatch<T>(store: SqlStore, jobs: readonly ((tx: StoreTransaction) => Promise<T>)[]): Promise<BatchOutcome<T>[]> {
  return store.transaction(async (tx) => {
    const out: BatchOutcome<T>[] = [];
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[k]!;
      try {
        out.push({ ok: true, value: await withSavepoint(tx, `job_${k}`, () => job(tx)) });
      } catch (error) {
        out.push({ ok: false, error });
      }
    }
    return out;
  });
}
