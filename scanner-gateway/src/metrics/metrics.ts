/**
 * What the gateway records for monitoring, behind an interface we own (the Prometheus adapter is
 * prom.ts; tests and embedders may pass their own). Every label is from a bounded set: HTTP route
 * patterns, event names of the dispatch table, error codes, device roles, order event types,
 * destination names. Never an order, SKU or device id.
 */
import type { DeliveryOutcome } from "@pickpack/core";
import type { MetricsSnapshot } from "@pickpack/data";

/** A started timer: call it to read the seconds elapsed (monotonic, not the wall clock). */
export type Elapsed = () => number;

export interface GatewayMetrics {
  /** Start a latency timer. */
  timer(): Elapsed;
  /** One HTTP request answered: route is the matched route's pattern (or "unmatched"). */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  /**
   * One client event acknowledged: `result` is "ok" or the error code; `at` is the gateway clock's
   * time (ms) of a command (a scan; queries have none), for the last-scan gauges.
   */
  eventAck(event: string, role: string, result: string, seconds: number, at: number | undefined): void;
  deviceConnected(role: string): void;
  deviceDisconnected(role: string): void;
  /** An outbox delivery attempt to a destination (webhook, broker): the outbox relay reports it here. */
  delivery(destination: string, outcome: DeliveryOutcome): void;
  /** The database facts of one scrape (see db-sampler.ts); undefined when the database could not be read. */
  database(snapshot: MetricsSnapshot | undefined): void;
  /** The exposition: content type and body. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Records nothing: the default when no metrics are composed. */
export const noMetrics: GatewayMetrics = {
  timer: () => () => 0,
  httpRequest: () => undefined,
  eventAck: () => undefined,
  deviceConnected: () => undefined,
  deviceDisconnected: () => undefined,
  delivery: () => undefined,
  database: () => undefined,
  render: () => Promise.resolve({ contentType: "text/plain; version=0.0.4; charset=utf-8", body: "" }),
};
