/** Background jobs: each runs every `everyMs`, never overlapping itself; failures are logged, not fatal. */
import type { GatewayLogger } from "../shared/logger.js";

export interface Job {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<Record<string, unknown> | void>;
}

export class JobRunner {
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Set<Promise<unknown>>();
  readonly #log: GatewayLogger;
  constructor(log: GatewayLogger) {
    this.#log = log;
  }

  start(jobs: readonly Job[]): void {
    for (const job of jobs) {
      if (job.everyMs <= 0) continue;
      let busy = false;
      const tick = () => {
        if (busy) return;
        busy = true;
        const p = job
          .run()
          .then((result) => {
            if (result && Object.keys(result).length > 0) this.#log.info({ job: job.name, ...result }, `job ${job.name} done`);
          })
          .catch((error: unknown) => this.#log.error({ job: job.name, err: error }, `job ${job.name} failed`))
          .finally(() => {
            busy = false;
            this.#running.delete(p);
          });
        this.#running.add(p);
      };
      const t = setInterval(tick, job.everyMs);
      t.unref();
      this.#timers.push(t);
    }
  }

  /** Stop scheduling and wait for running jobs to finish. */
  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers.length = 0;
    await Promise.allSettled([...this.#running]);
  }
}
