/**
 * Work that runs after a commit, in the background (label printing and the station update that
 * follows it, local station reads): tracked so that a graceful stop waits for it, and run
 * one after the other per key where order matters.
 */
import type { GatewayLogger } from "../shared/logger.js";

export class BackgroundTasks {
  readonly #running = new Set<Promise<void>>();
  readonly #chains = new Map<string, Promise<void>>();
  readonly #log: GatewayLogger;
  constructor(log: GatewayLogger) {
    this.#log = log;
  }

  /** Run `task` now; failures are logged under `what`. */
  run(what: string, task: () => Promise<void>): void {
    const p = task().catch((e: unknown) => this.#log.error({ err: e }, `${what} failed`));
    this.#running.add(p);
    void p.finally(() => this.#running.delete(p));
  }

  /** Run `task` after the previous task of `key` finished (tasks of one key in order, keys in parallel). */
  serial(key: string, what: string, task: () => Promise<void>): void {
    const prev = this.#chains.get(key) ?? Promise.resolve();
    const next = prev.then(task).catch((e: unknown) => this.#log.error({ err: e, key }, `${what} failed`));
    this.#chains.set(key, next);
    const tracked = next.finally(() => {
      if (this.#chains.get(key) === next) this.#chains.delete(key);
      this.#running.delete(tracked);
    });
    this.#running.add(tracked);
  }

  /** Wait until nothing runs (tasks started meanwhile included). */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
