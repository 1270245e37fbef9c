/**
 * The KPI table of the order-management design: each metric with its target, the current value and
 * ✓/✗. Targets have documented defaults and can be overridden from a config file (`kpi` section).
 */
import { InputError } from "../shared/errors.js";

export interface KpiTargets {
  /** p90 of order creation (import → first reservation decision), milliseconds: below. */
  readonly orderCreationMs: number;
  /** p90 of confirmed → shipped, hours: below. */
  readonly fulfilmentHours: number;
  /** Share of shipped orders with no short pick, no weight failure, no return: above. */
  readonly orderAccuracy: number;
  /** Cancelled ÷ created: below. */
  readonly cancellationRate: number;
  /** Return requests ÷ orders shipped: below. */
  readonly returnRate: number;
}

export const DEFAULT_KPI_TARGETS: KpiTargets = { orderCreationMs: 500, fulfilmentHours: 24, orderAccuracy: 0.99, cancellationRate: 0.05, returnRate: 0.1 };

export interface KpiValues {
  readonly orderCreationMs: number | null;
  readonly fulfilmentHours: number | null;
  readonly orderAccuracy: number | null;
  readonly cancellationRate: number | null;
  readonly returnRate: number | null;
}

export type KpiStatus = "ok" | "missed" | "no-data";

export interface KpiRow {
  readonly metric: keyof KpiTargets;
  readonly title: string;
  readonly comparison: "<" | ">";
  readonly target: number;
  readonly current: number | null;
  readonly unit: "ms" | "h" | "ratio";
  readonly status: KpiStatus;
}

const SPEC: readonly { metric: keyof KpiTargets; title: string; comparison: "<" | ">"; unit: KpiRow["unit"] }[] = [
  { metric: "orderCreationMs", title: "order creation (p90)", comparison: "<", unit: "ms" },
  { metric: "fulfilmentHours", title: "fulfilment time (p90)", comparison: "<", unit: "h" },
  { metric: "orderAccuracy", title: "order accuracy", comparison: ">", unit: "ratio" },
  { metric: "cancellationRate", title: "cancellation rate", comparison: "<", unit: "ratio" },
  { metric: "returnRate", title: "return rate", comparison: "<", unit: "ratio" },
];

/** The table: a metric meets its target strictly (< or >); a period without data says so instead of passing. */
export function kpiTable(values: KpiValues, targets: KpiTargets = DEFAULT_KPI_TARGETS): KpiRow[] {
  return SPEC.map((s) => {
    const current = values[s.metric];
    const target = targets[s.metric];
    const status: KpiStatus = current === null ? "no-data" : (s.comparison === "<" ? current < target : current > target) ? "ok" : "missed";
    return { ...s, target, current, status };
  });
}

/** Targets from a config object's `kpi` section (missing keys keep their defaults). */
export function parseKpiTargets(raw: unknown, where = "kpi"): KpiTargets {
  return parseNumbers(raw, DEFAULT_KPI_TARGETS, where, (k, v) => (["orderAccuracy", "cancellationRate", "returnRate"].includes(k) ? v >= 0 && v <= 1 : v > 0));
}

/** Shared by the KPI and alert configs: an object of known numeric keys over defaults, every problem listed. */
export function parseNumbers<T extends object>(raw: unknown, defaults: T, where: string, valid: (key: string, value: number) => boolean): T {
  if (raw === undefined) return defaults;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InputError("REPORT_CONFIG_INVALID", `${where} must be an object`, [{ field: where, message: "must be an object" }]);
  const issues: { field: string; message: string }[] = [];
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in defaults)) issues.push({ field: `${where}.${k}`, message: `unknown setting (known: ${Object.keys(defaults).join(", ")})` });
    else if (typeof v !== "number" || !Number.isFinite(v) || !valid(k, v)) issues.push({ field: `${where}.${k}`, message: `must be a ${k.endsWith("Rate") || k === "orderAccuracy" ? "fraction 0..1" : "positive number"}, got ${JSON.stringify(v)}` });
    else out[k] = v;
  }
  if (issues.length > 0) throw new InputError("REPORT_CONFIG_INVALID", `the report config has ${issues.length} problem${issues.length === 1 ? "" : "s"}: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, issues);
  return out as T;
}
