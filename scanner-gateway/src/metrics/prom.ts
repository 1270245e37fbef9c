/**
 * The Prometheus adapter (the one file that imports prom-client): GatewayMetrics on its own registry,
 * with Node process metrics. Names follow Prometheus conventions: prefix `pickpack_`, base units
 * (seconds), `_total` for counters. Label sets are bounded (see metrics.ts).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { ORDER_STATUSES } from "@pickpack/core";
import type { MetricsSnapshot } from "@pickpack/data";
import type { GatewayMetrics } from "./metrics.js";

const ROLES = ["picker", "packer", "supervisor"] as const;

export interface PromMetricsOptions {
  /** Node process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly processMetrics?: boolean;
}

export function createPromMetrics(options: PromMetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // Left out for scrape latency (bench/metrics.ts, 1,000 sockets): nodejs_eventloop_lag_seconds waits
    // for the next event-loop turn on every scrape (nodejs_eventloop_lag_{p50,p90,p99,max}_seconds say
    // the same without waiting); the active handle/resource listings walk every socket, and
    // pickpack_devices_connected and process_open_fds already count them.
    for (const name of ["nodejs_eventloop_lag_seconds", "nodejs_active_handles", "nodejs_active_handles_total", "nodejs_active_resources", "nodejs_active_resources_total"]) registry.removeSingleMetric(name);
  }
  const registers = [registry];

  const http = new Histogram({
    name: "pickpack_http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status code class.",
    labelNames: ["method", "route", "status"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const ack = new Histogram({
    name: "pickpack_scan_ack_duration_seconds",
    help: "Time from a device event's arrival to its acknowledgement, by event and result (ok or error code).",
    labelNames: ["event", "result"],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const scans = new Counter({ name: "pickpack_scans_total", help: "Device events acknowledged, by event, device role and result (ok or error code).", labelNames: ["event", "role", "result"], registers });
  const lastScan = new Gauge({ name: "pickpack_last_scan_timestamp_seconds", help: "When a device of the role last had a command (a scan) accepted (Unix seconds; 0 before the first).", labelNames: ["role"], registers });
  const devices = new Gauge({ name: "pickpack_devices_connected", help: "Devices connected to this gateway node, by role.", labelNames: ["role"], registers });
  const deliveries = new Counter({ name: "pickpack_outbox_deliveries_total", help: "Outbox delivery attempts by destination and result (ok, failed, rejected = not retryable).", labelNames: ["destination", "result"], registers });
  const deliveryFailures = new Counter({ name: "pickpack_outbox_delivery_failures_total", help: "Failed outbox delivery attempts by destination.", labelNames: ["destination"], registers });
  const transitions = new Counter({ name: "pickpack_order_transitions_total", help: "Order state transitions recorded in the database, by order event type.", labelNames: ["event"], registers });
  const created = new Counter({ name: "pickpack_orders_created_total", help: "Orders recorded in the database (imported or created).", registers });
  const orders = new Gauge({ name: "pickpack_orders", help: "Orders by current status (the backlog).", labelNames: ["status"], registers });
  const outboxPending = new Gauge({ name: "pickpack_outbox_pending", help: "Outbox events not yet delivered.", registers });
  const outboxAge = new Gauge({ name: "pickpack_outbox_oldest_age_seconds", help: "Age of the oldest undelivered outbox event (0 when none).", registers });
  const overdue = new Gauge({ name: "pickpack_orders_overdue", help: "Open orders (not yet shipped or cancelled) past their ship-by time.", registers });
  const dueSoon = new Gauge({ name: "pickpack_orders_due_soon", help: "Open orders whose ship-by time falls within the next two hours.", registers });
  const dbUp = new Gauge({ name: "pickpack_metrics_database_up", help: "Whether the last scrape could read the database (1) or not (0).", registers });
  const outOfStock = new Gauge({ name: "pickpack_skus_out_of_stock", help: "SKUs with no units on hand in any warehouse.", registers });

  for (const role of ROLES) {
    devices.set({ role }, 0);
    lastScan.set({ role }, 0);
  }
  for (const status of ORDER_STATUSES) orders.set({ status }, 0);

  return {
    timer() {
      const start = process.hrtime.bigint();
      return () => Number(process.hrtime.bigint() - start) / 1e9;
    },
    httpRequest(method, route, status, seconds) {
      http.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
    },
    eventAck(event, role, result, seconds, at) {
      ack.observe({ event, result }, seconds);
      scans.inc({ event, role, result });
      if (result === "ok" && at !== undefined) lastScan.set({ role }, at / 1000);
    },
    deviceConnected(role) {
      devices.inc({ role });
    },
    deviceDisconnected(role) {
      devices.dec({ role });
    },
    delivery(destination, outcome) {
      deliveries.inc({ destination, result: outcome.ok ? "ok" : outcome.retryable ? "failed" : "rejected" });
      if (!outcome.ok) deliveryFailures.inc({ destination });
    },
    database(s: MetricsSnapshot | undefined) {
      dbUp.set(s ? 1 : 0);
      if (!s) return;
      for (const status of ORDER_STATUSES) orders.set({ status }, s.ordersByStatus[status] ?? 0);
      for (const [event, n] of Object.entries(s.transitionsSince)) transitions.inc({ event }, n);
      created.inc(s.ordersCreatedSince);
      outboxPending.set(s.outboxPending);
      outboxAge.set(s.outboxOldestAgeSeconds);
      overdue.set(s.ordersOverdue);
      dueSoon.set(s.ordersDueSoon);
      outOfStock.set(s.skusOutOfStock);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
