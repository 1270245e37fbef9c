/**
 * The report config file: KPI targets (`kpi`), alert thresholds (`alerts`) and the idle gap of per-person
 * rates (`idleGapMinutes`). `--config FILE`, else PICKPACK_REPORTS_CONFIG, else .pickpack/reports.json when
 * it exists; every key is optional (documented defaults in docs/reports.md).
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { DEFAULT_IDLE_GAP_MS, InputError, parseAlertThresholds, parseKpiTargets, type AlertThresholds, type KpiTargets } from "@pickpack/core";
import type { CommandContext } from "../context.js";

export const DEFAULT_REPORTS_CONFIG = ".pickpack/reports.json";

export interface ReportsConfig {
  readonly file: string | null;
  readonly kpi: KpiTargets;
  readonly alerts: AlertThresholds;
  readonly idleGapMs: number;
}

export function loadReportsConfig(ctx: CommandContext, given?: string): ReportsConfig {
  const named = given ?? ctx.io.env.PICKPACK_REPORTS_CONFIG;
  const path = named !== undefined && named !== "" ? (isAbsolute(named) ? named : resolve(ctx.io.cwd, named)) : resolve(ctx.io.cwd, DEFAULT_REPORTS_CONFIG);
  if (!existsSync(path)) {
    if (named !== undefined && named !== "") throw new InputError("FILE_UNREADABLE", `cannot read ${named}: no such file`, [{ field: given !== undefined ? "--config" : "PICKPACK_REPORTS_CONFIG", message: "no such file" }]);
    return { file: null, kpi: parseKpiTargets(undefined), alerts: parseAlertThresholds(undefined), idleGapMs: DEFAULT_IDLE_GAP_MS };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError("JSON_INVALID", `${path} is not valid JSON: ${(e as Error).message}`, [{ file: path, message: (e as Error).message }]);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InputError("REPORT_CONFIG_INVALID", `${path} must hold a JSON object with "kpi", "alerts" and/or "idleGapMinutes"`, [{ file: path, message: "must be an object" }]);
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !["kpi", "alerts", "idleGapMinutes"].includes(k));
  if (unknown.length > 0) throw new InputError("REPORT_CONFIG_INVALID", `${path}: unknown section ${unknown.map((k) => JSON.stringify(k)).join(", ")} (known: kpi, alerts, idleGapMinutes)`, unknown.map((k) => ({ file: path, field: k, message: "unknown section" })));
  const idle = o.idleGapMinutes;
  if (idle !== undefined && (typeof idle !== "number" || !(idle > 0))) throw new InputError("REPORT_CONFIG_INVALID", `${path}: idleGapMinutes must be a positive number of minutes`, [{ file: path, field: "idleGapMinutes", message: "must be a positive number" }]);
  return { file: path, kpi: parseKpiTargets(o.kpi), alerts: parseAlertThresholds(o.alerts), idleGapMs: idle === undefined ? DEFAULT_IDLE_GAP_MS : (idle as number) * 60_000 };
}
