/** Supervisor reports' pure math: periods in a warehouse's zone, percentiles and rates, on-time verdicts, KPI targets, stock health, alert rules. */
export { percent, percentile, rate, summarize } from "./stats.js";
export type { DurationSummary } from "./stats.js";
export { addDays, hourBuckets, localDate, mondayOf, resolvePeriod, startOfLocalDay } from "./period.js";
export type { Period, PeriodRequest } from "./period.js";
export { DEFAULT_IDLE_GAP_MS, activeRate, perHour } from "./rates.js";
export type { ActiveRate } from "./rates.js";
export { AGE_BUCKETS, ageBucket, cutoffDeadline, cutoffRisk, deadlineOf, onTimeVerdict } from "./fulfilment.js";
export type { AgeBucket, CutoffRisk, OnTimeVerdict, ShippedOrderFacts } from "./fulfilment.js";
export { DEFAULT_KPI_TARGETS, kpiTable, parseKpiTargets } from "./kpi.js";
export type { KpiRow, KpiStatus, KpiTargets, KpiValues } from "./kpi.js";
export { stockHealth } from "./stock.js";
export type { StockFacts, StockHealth } from "./stock.js";
export { ALERT_RULES, DEFAULT_ALERT_THRESHOLDS, evaluateAlerts, parseAlertThresholds } from "./alerts.js";
export type { Alert, AlertFacts, AlertRule, AlertThresholds, DeliveryHealthInput } from "./alerts.js";
