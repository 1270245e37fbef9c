/**
 * The offline queue kept in IndexedDB, implementing the client's QueueStore. `open()` loads what a
 * previous page (a reload, a dead battery) left; `add` and `remove` update the in-memory copy at once
 * and write through to IndexedDB; `durable()` resolves when every write so far is committed, and the
 * page awaits it before sending a command, so a scan is on the device before anything else happens.
 */
import type { QueueStore, QueuedCommand } from "@pickpack/client";

const DB = "pickpack-handheld";
const STORE = "queue";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });
}

export class IdbQueueStore implements QueueStore {
  #items: QueuedCommand[] = [];
  #writes: Promise<void> = Promise.resolve();

  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = DB): Promise<IdbQueueStore> {
    // index.html starts opening it before this script has loaded (the same schema as below)
    const early = name === DB ? (globalThis as { pickpackQueueDb?: Promise<IDBDatabase> }).pickpackQueueDb : undefined;
    const db = early
      ? await early
      : await (() => {
          const open = indexedDB.open(name, 1);
          open.onupgradeneeded = () => {
            // `seq` keeps the order the scans were made in; scanId is unique
            const s = open.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
            s.createIndex("scanId", "scanId", { unique: true });
          };
          return request(open);
        })();
    const store = new IdbQueueStore(db);
    const rows = (await request(store.db.transaction(STORE).objectStore(STORE).getAll())) as (QueuedCommand & { seq: number })[];
    store.#items = rows.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...c }) => c as QueuedCommand);
    return store;
  }

  load(): QueuedCommand[] {
    return [...this.#items];
  }

  add(command: QueuedCommand): void {
    this.#items.push(command);
    this.#write((s) => s.add({ ...command }));
  }

  remove(scanId: string): void {
    this.#items = this.#items.filter((c) => c.scanId !== scanId);
    this.#write((s) => {
      const r = s.index("scanId").getKey(scanId);
      r.onsuccess = () => {
        if (r.result !== undefined) s.delete(r.result);
      };
      return r;
    });
  }

  /** Resolves when every add/remove so far is committed to IndexedDB. */
  durable(): Promise<void> {
    return this.#writes;
  }

  #write(op: (s: IDBObjectStore) => IDBRequest): void {
    this.#writes = this.#writes.then(
      () =>
        new Promise<void>((resolve, reject) => {
          const tx = this.db.transaction(STORE, "readwrite", { durability: "strict" });
          op(tx.objectStore(STORE));
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error("IndexedDB write failed"));
          tx.onabort = () => reject(tx.error ?? new Error("IndexedDB write aborted"));
        }),
    );
  }
}
