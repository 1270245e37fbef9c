/**
 * The database half of a scrape: one grouped query (data's metricsSnapshot) at most once per
 * `maxAgeMs` (default 1 s), however many scrapers ask; concurrent scrapes share the query in flight.
 * Orders created and transitions are counted incrementally from the last row ids seen, so a scrape
 * never re-reads the whole orders or audit table after the first.
 */
import type { Clock } from "@pickpack/core";
import { metricsSnapshot, type SqlStore } from "@pickpack/data";
import type { GatewayMetrics } from "./metrics.js";

export interface DbSamplerOptions {
  readonly store: SqlStore;
  readonly clock: Clock;
  readonly metrics: GatewayMetrics;
  readonly maxAgeMs?: number;
  /** "Due soon" window for ship-by, ms (default 2 h). */
  readonly dueSoonMs?: number;
}

export class DbSampler {
  readonly #o: DbSamplerOptions;
  #lastAt = Number.NEGATIVE_INFINITY;
  #lastTransitionId = 0;
  #lastOrderId = 0;
  #inFlight: Promise<void> | undefined;
  constructor(options: DbSamplerOptions) {
    this.#o = options;
  }

  /** Refresh the database gauges unless they are fresh enough. */
  refresh(): Promise<void> {
    const now = this.#o.clock.now();
    if (now - this.#lastAt < (this.#o.maxAgeMs ?? 1000)) return Promise.resolve();
    this.#inFlight ??= this.#sample(now).finally(() => (this.#inFlight = undefined));
    return this.#inFlight;
  }

  async #sample(now: number): Promise<void> {
    const s = await metricsSnapshot(this.#o.store, { now, sinceTransitionId: this.#lastTransitionId, sinceOrderId: this.#lastOrderId, dueSoonMs: this.#o.dueSoonMs ?? 2 * 3_600_000 });
    this.#o.metrics.database(s);
    this.#lastTransitionId = s.lastTransitionId;
    this.#lastOrderId = s.lastOrderId;
    this.#lastAt = now;
  }
}
