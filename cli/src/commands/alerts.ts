/**
 * `pickpack alerts`: evaluate the alert rules now and print what fires. Exit 0: all quiet; exit 1: at least
 * one alert fired (so cron or a systemd timer can mail the output); exit 2: bad options or config.
 * Thresholds come from the `alerts` section of the report config (docs/reports.md lists the defaults).
 */
import { evaluateAlerts, type Alert, type DeliveryHealthInput } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import type { Registrar } from "./index.js";
import type { CommandContext } from "../context.js";
import { ExitCode, ExitWith } from "../exit-codes.js";
import { withStore } from "../store.js";
import { loadReportsConfig } from "../reports/config.js";
import { bold, lookOf, red } from "../reports/format.js";
import { sanitizeForTerminal } from "../output/table.js";
import { scopeRequest, type PeriodOptions } from "./report.js";

/** Per-destination delivery health (webhooks, broker) from the outbox relay's records, for the `delivery-failing` rule. */
async function deliveryHealth(store: SqlStore, now: number): Promise<readonly DeliveryHealthInput[]> {
  const { deliveryHealth: health } = await import("@pickpack/data");
  const h = await health(store, now);
  const endpointFailures = new Map(h.failingEndpoints.map((e) => [`webhook:${e.id}`, e.consecutiveFailures]));
  const names = new Set([...h.byDestination.map((d) => d.destination), ...endpointFailures.keys()]);
  return [...names].map((destination) => {
    const d = h.byDestination.find((x) => x.destination === destination);
    return { destination, failures: Math.max(endpointFailures.get(destination) ?? 0, d?.failing ?? 0), pending: d?.pending ?? 0, oldestPendingMs: d && d.pending > 0 ? d.oldestPendingAgeMs : null };
  });
}

/** The alerts firing now (shared with the dashboard). */
export async function currentAlerts(ctx: CommandContext, o: PeriodOptions): Promise<{ alerts: Alert[]; evaluatedAt: number }> {
  const config = loadReportsConfig(ctx, o.config);
  const { gatherAlertFacts } = await import("@pickpack/data/reports");
  const now = ctx.io.clock.now();
  const facts = await withStore(ctx, async (s) => gatherAlertFacts(s, scopeRequest(o), now, config.alerts, await deliveryHealth(s, now)));
  return { alerts: evaluateAlerts(facts, config.alerts), evaluatedAt: now };
}

export const registerAlerts: Registrar = (program, ctx) => {
  program
    .command("alerts")
    .description("evaluate the alert rules (cancellations, low stock, cut-off risk, outbox backlog, silent devices, reservation bursts); exit 1 when one fires")
    .option("--warehouse <CODE>", "one warehouse (default: all)")
    .option("--tz <ZONE>", "time zone of the shift hours without --warehouse (default: the warehouses' common zone, else UTC)")
    .option("--config <FILE>", "alert thresholds (default: PICKPACK_REPORTS_CONFIG, else .pickpack/reports.json)")
    .option("--json", "print as JSON: { evaluatedAt, quiet, alerts: [{ rule, message, value, threshold }] }")
    .action(async (o: PeriodOptions & { json?: boolean }) => {
      const { alerts, evaluatedAt } = await currentAlerts(ctx, o);
      if (o.json) ctx.printJson({ evaluatedAt: new Date(evaluatedAt).toISOString(), quiet: alerts.length === 0, alerts });
      else if (alerts.length === 0) ctx.print("all quiet: no alert rule fires");
      else {
        const look = lookOf(ctx.io);
        ctx.print(bold(look, `${alerts.length} alert${alerts.length === 1 ? "" : "s"} firing`));
        for (const a of alerts) ctx.print(`${red(look, "✗")} [${a.rule}] ${sanitizeForTerminal(a.message)}`);
      }
      if (alerts.length > 0) throw new ExitWith(ExitCode.Refused);
    });
};
