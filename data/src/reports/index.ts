// "@pickpack/data/reports": supervisor reports, alert facts, reorder points, over what pickpack already records.
import type { AlertThresholds, DeliveryHealthInput, KpiTargets } from "@pickpack/core";
import type { SqlStore } from "../store.js";
import { accuracyReport } from "./accuracy.js";
import { alertFacts } from "./alerts.js";
import { fulfilmentReport } from "./fulfilment.js";
import { kpiReport } from "./kpi.js";
import { returnsReport } from "./returns.js";
import { onSnapshot, reportContext, resolveScope, type ReportScope, type ScopeRequest } from "./scope.js";
import { statusReport } from "./status.js";
import { stockReport } from "./stock.js";
import { throughputReport } from "./throughput.js";

export type { AccuracyReport } from "./accuracy.js";
export type { FulfilmentReport } from "./fulfilment.js";
export type { KpiReport } from "./kpi.js";
export type { ReturnsReport } from "./returns.js";
export type { ReportScope, ScopeRequest } from "./scope.js";
export type { StatusReport, StatusRow, WaveRow } from "./status.js";
export type { StockReport } from "./stock.js";
export type { HourRow, PersonRate, ThroughputReport } from "./throughput.js";
export { importReorderPoints } from "./reorder-points.js";
export { lowStock, STOCK_RATE_DAYS } from "./stock.js";
export { resolveScope } from "./scope.js";

export const REPORT_KINDS = ["status", "throughput", "accuracy", "fulfilment", "kpi", "stock", "returns"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportOptions {
  readonly kpiTargets?: KpiTargets;
  readonly idleGapMs?: number;
}

/** Run one report over a scope. */
export async function runReport(store: SqlStore, kind: ReportKind, scope: ReportScope, options: ReportOptions = {}) {
  return onSnapshot(store, (db) => reportOn(reportContext(store, scope, db), kind, options));
}

async function reportOn(ctx: ReturnType<typeof reportContext>, kind: ReportKind, options: ReportOptions) {
  switch (kind) {
    case "status":
      return statusReport(ctx);
    case "throughput":
      return throughputReport(ctx, options.idleGapMs);
    case "accuracy":
      return accuracyReport(ctx);
    case "fulfilment":
      return fulfilmentReport(ctx);
    case "kpi":
      return kpiReport(ctx, options.kpiTargets);
    case "stock":
      return stockReport(ctx);
    case "returns":
      return returnsReport(ctx);
  }
}

export type AnyReport = Awaited<ReturnType<typeof reportOn>>;

/** Resolve the scope and run the report in one call. */
export async function report(store: SqlStore, kind: ReportKind, request: ScopeRequest, now: number, options: ReportOptions = {}) {
  return runReport(store, kind, await resolveScope(store, request, now), options);
}

/** The facts the alert rules evaluate (core's evaluateAlerts), now. */
export async function gatherAlertFacts(store: SqlStore, request: ScopeRequest, now: number, thresholds: AlertThresholds, deliveries?: readonly DeliveryHealthInput[]) {
  const scope = await resolveScope(store, request, now);
  return onSnapshot(store, (db) => alertFacts(reportContext(store, scope, db), thresholds, deliveries));
}
