/**
 * Group commit: commands from all devices queue here and run in batches, one transaction (one
 * fsync) per batch, each command in its own savepoint. Acks go out after the batch commits.
 */
import { transactionBatch, type BatchOutcome, type SqlStore, type StoreTransaction } from "@pickpack/data";

export class CommitQueue {
  readonly #store: SqlStore;
  readonly #max: number;
  #queue: { job: (tx: StoreTransaction) => Promise<unknown>; done: (o: BatchOutcome<unknown>) => void }[] = [];
  #draining = false;
  constructor(store: SqlStore, max = 200) {
    this.#store = store;
    this.#max = max;
  }

  submit<T>(job: (tx: StoreTransaction) => Promise<T>): Promise<BatchOutcome<T>> {
    return new Promise((resolve) => {
      this.#queue.push({ job, done: resolve as (o: BatchOutcome<unknown>) => void });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        // Let the event loop read the sockets first: better-sqlite3 runs each transaction without
        // yielding, so without this every batch would hold just the one command that started it
        // (one commit and one fsync per scan). One turn of the loop gathers what arrived meanwhile.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.#queue.splice(0, this.#max);
        try {
          const out = await transactionBatch(this.#store, batch.map((b) => b.job));
          batch.forEach((b, i) => b.done(out[i]!));
        } catch (error) {
          for (const b of batch) b.done({ ok: false, error });
        }
      }
    } finally {
      this.#draining = false;
    }
  }
}
