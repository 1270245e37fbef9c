import { rmSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { InputError } from "@pickpack/core/errors";
import type { SqlStore } from "@pickpack/data";
import type { CommandContext } from "../context.js";
import type { Registrar } from "./index.js";
import { table } from "../output/table.js";
import { isoTime } from "../output/format.js";

export const DEMO_DB = ".pickpack/demo.db";

export const registerDemo: Registrar = (program, ctx) => {
  program
    .command("demo")
    .description(`build a fresh demo database (${DEMO_DB}) from the demo dataset and show what is in it`)
    .option("--db-path <path>", "where to build it (a SQLite file; replaced if it exists)", DEMO_DB)
    .option("--no-shift", "only load the data: no wave released, nothing picked")
    .action(async (opts: { dbPath: string; shift: boolean }) => {
      // The demo replaces the file it builds: never take the global --db (a real database) for it.
      if (ctx.globals().db !== undefined) {
        throw new InputError("ARGUMENT_CONFLICT", `demo builds (and replaces) its own database: give its path with --db-path, not --db (got --db ${JSON.stringify(ctx.globals().db)})`, [
          { field: "--db", message: "not used by demo; use --db-path" },
        ]);
      }
      const path = isAbsolute(opts.dbPath) ? opts.dbPath : resolve(ctx.io.cwd, opts.dbPath);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
      const { openStore } = await import("@pickpack/data");
      const { loadDemo } = await import("@pickpack/data/demo");
      const { startDemoShift } = await import("@pickpack/data/demo");
      const started = performance.now();
      const store = await openStore({ target: path });
      try {
        const now = ctx.io.clock.now();
        const loaded = await loadDemo(store, { now });
        const shift = opts.shift ? await startDemoShift(store, { now }) : undefined;
        const summary = shift ? { ...loaded, byStatus: Object.fromEntries((await store.listOrders({})).reduce((m, o) => m.set(o.status, (m.get(o.status) ?? 0) + 1), new Map<string, number>())) } : loaded;
        const counts = await store.counts();
        const warehouses = await store.listWarehouses();
        const stock = await store.listStock({ now });
        ctx.print(`pickpack demo database: ${path} (built in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
        ctx.print("");
        ctx.print(
          table(
            ["WAREHOUSE", "NAME", "CITY", "PRIORITY", "CUT-OFF", "SKUS", "UNITS", "AVAILABLE"],
            warehouses.map((w) => {
              const mine = stock.filter((p) => p.warehouse === w.code);
              return [w.code, w.name, w.address.city, w.priority, w.cutoff, mine.length, mine.reduce((n, p) => n + p.onHand, 0), mine.reduce((n, p) => n + p.available, 0)];
            }),
          ),
        );
        ctx.print("");
        ctx.print(`${counts.skus} SKUs, ${counts.locations} locations, ${counts.boxes} box types, ${counts.users} users, ${counts.stockUnits} units in stock`);
        ctx.print(`${summary.orders} orders by status:`);
        ctx.print(table(["STATUS", "ORDERS"], Object.entries(summary.byStatus).sort((a, b) => b[1] - a[1])));
        if (shift) {
          ctx.print("");
          ctx.print(`Shift started: wave ${shift.waveId} released in WH1; picker-1 picked pick list ${shift.pickList} (${shift.distance.toFixed(1)} m) and took it to pack station ${shift.station}:`);
          ctx.print(
            table(
              ["ORDER", "UNITS IN TOTES", "TOTES"],
              shift.orders.map((o) => [o.order, o.units === o.orderUnits ? o.units : `${o.units} of ${o.orderUnits} (rest ships from another warehouse)`, o.totes.join(" ")]),
            ),
          );
        }
        if (loaded.awaitingPaymentUntil !== undefined) {
          ctx.print("");
          ctx.print(
            `${summary.byStatus.PaymentPending ?? 0} orders wait for payment until ${isoTime(Math.ceil(loaded.awaitingPaymentUntil / 1000) * 1000)}; then \`reservations sweep\` (or a running gateway) cancels them: pay them first with \`orders pay --all-pending --result success\`.`,
          );
        }
        ctx.print("");
        ctx.print("Try it (the demo database is selected with --db):");
        ctx.print(`  npx pickpack --db ${opts.dbPath} orders list --status Confirmed --limit 10`);
        ctx.print(`  npx pickpack --db ${opts.dbPath} orders show SO-100001`);
        ctx.print(`  npx pickpack --db ${opts.dbPath} stock list --sku SKU-0001`);
        ctx.print(`  npx pickpack --db ${opts.dbPath} orders cancel SO-100002 --reason "customer request"`);
        ctx.print(`  npx pickpack --help`);
        if (shift) {
          ctx.print("");
          ctx.print("Pack those orders at a pack station (see README, \"Pack station\"):");
          ctx.print(`  npx pickpack --db ${opts.dbPath} devices pair --role packer --station ${shift.station}`);
          ctx.print(`  npx pickpack --db ${opts.dbPath} gateway --devices sim --printer 'file:.pickpack/labels/{station}-{shipment}.zpl' &`);
          ctx.print(`  npx pickpack pack --station ${shift.station} --pair CODE`);
        }
        await printKpiSummary(ctx, store, now, opts.dbPath);
      } finally {
        await store.close();
      }
    });
};

/** The demo history's KPIs over the last 7 days, in one short table (then where the full reports are). */
async function printKpiSummary(ctx: CommandContext, store: SqlStore, now: number, dbPath: string): Promise<void> {
  const { report } = await import("@pickpack/data/reports");
  const r = await report(store, "kpi", { from: new Date(now - 7 * 86_400_000).toISOString(), to: new Date(now).toISOString() }, now);
  if (r.report !== "kpi") return;
  const { present } = await import("../reports/present.js");
  const kpis = present(r).sections[0]!;
  ctx.print("");
  ctx.print(`KPIs of the demo's last 7 days (${r.orders.created} orders created, ${r.orders.shipped} shipped, ${r.orders.cancelled} cancelled):`);
  ctx.print(table(kpis.columns.map((c) => c.toUpperCase()), kpis.rows));
  ctx.print(`  more: npx pickpack --db ${dbPath} report kpi|status|throughput|fulfilment --week; npx pickpack --db ${dbPath} dashboard`);
}
