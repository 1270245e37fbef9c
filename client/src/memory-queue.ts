/** The offline queue held in memory: for tests, and for a page that accepts losing it on reload. */
import type { QueueStore, QueuedCommand } from "./queue.js";

export class MemoryQueueStore implements QueueStore {
  readonly #items: QueuedCommand[] = [];
  constructor(initial: readonly QueuedCommand[] = []) {
    this.#items.push(...initial);
  }
  load(): QueuedCommand[] {
    return [...this.#items];
  }
  add(command: QueuedCommand): void {
    this.#items.push(command);
  }
  remove(scanId: string): void {
    const i = this.#items.findIndex((c) => c.scanId === scanId);
    if (i >= 0) this.#items.splice(i, 1);
  }
}
