/**
 * `pickpack report status|throughput|accuracy|fulfilment|kpi|stock|returns`: supervisor reports over what
 * pickpack records, for a period (`--day`, `--week`, `--from/--to`; default today in the warehouse's zone),
 * as tables (with charts on a terminal), `--json`, `--csv` or `--pdf FILE`. `report reorder-points FILE`
 * imports the per-SKU reorder points `report stock` checks. See docs/reports.md.
 */
import type { Command } from "commander";
import { InputError } from "@pickpack/core";
import type { Registrar } from "./index.js";
import type { CommandContext } from "../context.js";
import { withStore } from "../store.js";
import { loadReportsConfig } from "../reports/config.js";
import { printReport } from "../reports/print.js";

const KINDS = [
  ["status", "the board now: open orders by state and age per warehouse, the day's waves, today's cut-off risk"],
  ["throughput", "orders, lines and units picked and packed per hour, per warehouse, picker and packer (idle gaps left out)"],
  ["accuracy", "short picks, wrong-item/location scans, weight failures, overrides; picking accuracy and mis-pack rate"],
  ["fulfilment", "confirmed → shipped p50/p90/max, on-time, shipped-complete and perfect-order rates, back-orders"],
  ["kpi", "the KPI table: metric, target, current, ✓/✗ (targets from the config file)"],
  ["stock", "SKUs at or below their reorder point, days of cover, over-allocation, open cycle counts"],
  ["returns", "return rate, reasons, quality-check outcomes and refunds"],
] as const;

export interface PeriodOptions {
  readonly day?: string;
  readonly week?: string | true;
  readonly from?: string;
  readonly to?: string;
  readonly warehouse?: string;
  readonly tz?: string;
  readonly config?: string;
}

/** The period and scope options every report (and the alerts) take. */
export function periodOptions(c: Command): Command {
  return c
    .option("--day <DATE>", "one day (YYYY-MM-DD, today, yesterday) in the warehouse's time zone (default: today)")
    .option("--week [DATE]", "the Monday-to-Sunday week holding DATE (default: this week)")
    .option("--from <WHEN>", "start: YYYY-MM-DD (local midnight) or an ISO instant with zone")
    .option("--to <WHEN>", "end: YYYY-MM-DD (through that day) or an ISO instant (default: now)")
    .option("--warehouse <CODE>", "one warehouse (its zone sets the day boundaries)")
    .option("--tz <ZONE>", "time zone of the day boundaries without --warehouse (default: the warehouses' common zone, else UTC)")
    .option("--config <FILE>", "report config: KPI targets, alert thresholds (default: PICKPACK_REPORTS_CONFIG, else .pickpack/reports.json)");
}

export function scopeRequest(o: PeriodOptions) {
  if (o.tz !== undefined && o.warehouse !== undefined) throw new InputError("REPORT_PERIOD_INVALID", "--tz is for reports over every warehouse; with --warehouse its own zone is used", [{ field: "--tz", message: "cannot be combined with --warehouse" }]);
  return {
    ...(o.day !== undefined ? { day: o.day } : {}),
    ...(o.week !== undefined ? { week: o.week === true ? "" : o.week } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to } : {}),
    ...(o.warehouse !== undefined ? { warehouse: o.warehouse } : {}),
    ...(o.tz !== undefined ? { timeZone: o.tz } : {}),
  };
}

async function runOne(ctx: CommandContext, kind: (typeof KINDS)[number][0], o: PeriodOptions & { json?: boolean; csv?: boolean; pdf?: string }): Promise<void> {
  if (o.json && o.csv) throw new InputError("ARGUMENT_INVALID", "give --json or --csv, not both", [{ field: "--csv", message: "cannot be combined with --json" }]);
  const config = loadReportsConfig(ctx, o.config);
  const { report } = await import("@pickpack/data/reports");
  const r = await withStore(ctx, (s) => report(s, kind, scopeRequest(o), ctx.io.clock.now(), { kpiTargets: config.kpi, idleGapMs: config.idleGapMs }));
  await printReport(ctx, r, { ...(o.json ? { json: true } : {}), ...(o.csv ? { csv: true } : {}), ...(o.pdf !== undefined ? { pdf: o.pdf } : {}) });
}

export const registerReport: Registrar = (program, ctx) => {
  const report = program.command("report").description("supervisor reports: status, throughput, accuracy, fulfilment, kpi, stock, returns (see docs/reports.md)");
  for (const [kind, description] of KINDS) {
    periodOptions(report.command(kind).description(description))
      .option("--json", "print as JSON (stable shape, see docs/reports.md)")
      .option("--csv", "print the main table as CSV")
      .option("--pdf <FILE>", "write the report as a PDF (A4) to FILE")
      .action(async (o: PeriodOptions & { json?: boolean; csv?: boolean; pdf?: string }) => runOne(ctx, kind, o));
  }
  report
    .command("reorder-points")
    .description("import per-SKU reorder points and targets (JSON, JSONL or CSV: warehouse, sku, reorderPoint, target), all or nothing")
    .argument("<file>", "the file")
    .option("--dry-run", "check the file, write nothing")
    .option("--json", "print as JSON")
    .action(async (file: string, o: { dryRun?: boolean; json?: boolean }) => {
      const { importReorderPoints } = await import("@pickpack/data/reports");
      const { resolve } = await import("node:path");
      const r = await withStore(ctx, (s) => importReorderPoints(s, resolve(ctx.io.cwd, file), { now: ctx.io.clock.now(), ...(o.dryRun ? { dryRun: true } : {}) }));
      if (o.json) return ctx.printJson({ ...r, file });
      ctx.print(`${r.dryRun ? "checked" : "imported"} ${r.records} reorder point${r.records === 1 ? "" : "s"} from ${file}${r.dryRun ? " (dry run: nothing written)" : ""}`);
    });
};
