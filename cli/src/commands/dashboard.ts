/**
 * `pickpack dashboard`: the live supervisor screen (Ink). Polls the database every `--refresh` seconds:
 * orders packed per hour today, open orders by state, pick rate per picker, the alerts. q quits.
 */
import { InputError } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { withStore } from "../store.js";
import { loadReportsConfig } from "../reports/config.js";

export const registerDashboard: Registrar = (program, ctx) => {
  program
    .command("dashboard")
    .description("live supervisor screen: orders/hour, status distribution, pick rate per picker, alerts (q quits)")
    .option("--warehouse <CODE>", "one warehouse (default: all)")
    .option("--tz <ZONE>", "time zone of 'today' without --warehouse (default: the warehouses' common zone, else UTC)")
    .option("--refresh <SECONDS>", "seconds between polls", "5")
    .option("--config <FILE>", "report config: alert thresholds (default: PICKPACK_REPORTS_CONFIG, else .pickpack/reports.json)")
    .action(async (o: { warehouse?: string; tz?: string; refresh: string; config?: string }) => {
      const refresh = Number(o.refresh);
      if (!Number.isFinite(refresh) || refresh < 1 || refresh > 3600) throw new InputError("ARGUMENT_INVALID", `--refresh must be 1..3600 seconds, got ${JSON.stringify(o.refresh)}`, [{ field: "--refresh", message: "must be 1..3600 seconds" }]);
      if (!process.stdin.isTTY) throw new InputError("DASHBOARD_NO_TTY", "pickpack dashboard needs an interactive terminal (stdin is not a TTY); `pickpack report status` and `pickpack alerts` print the same facts");
      const config = loadReportsConfig(ctx, o.config);
      const [{ render }, { createElement }, { DashboardApp }, { themeFor }, { loadSnapshot }] = await Promise.all([import("ink"), import("react"), import("../tui/dashboard/app.js"), import("../tui/theme.js"), import("../tui/dashboard/load.js")]);
      await withStore(ctx, async (store) => {
        // Fail fast on a bad --warehouse before the screen opens.
        const options = { ...(o.warehouse !== undefined ? { warehouse: o.warehouse } : {}), ...(o.tz !== undefined ? { timeZone: o.tz } : {}), alerts: config.alerts, idleGapMs: config.idleGapMs };
        await loadSnapshot(store, ctx.io.clock.now(), options);
        const load = () => loadSnapshot(store, ctx.io.clock.now(), options);
        const stdout = process.stdout;
        const view = () => createElement(DashboardApp, { load, refreshMs: refresh * 1000, theme: themeFor(ctx.io.env), columns: stdout.columns || 80, rows: stdout.rows || 24 });
        const ink = render(view(), { exitOnCtrlC: true, patchConsole: false });
        const onResize = () => ink.rerender(view());
        stdout.on("resize", onResize);
        try {
          await ink.waitUntilExit();
        } finally {
          stdout.off("resize", onResize);
        }
      });
    });
};
