/**
 * `pickpack simulate`: play whole shifts through the real services with simulated time into a
 * simulation database (never the working one), then print travel distance, picks per picker hour and
 * orders per hour for the layout and picking policy, so policies can be compared on the same site.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { Option } from "commander";
import { InputError, PICKING_MODES, type PickingMode } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { table } from "../output/table.js";
import { plural } from "../output/format.js";
import { positiveInt } from "./waves.js";

export const SIMULATION_DB = ".pickpack/simulation.db";
const DAY = 86_400_000;

interface SimulateOpts {
  days: number;
  pickers: number;
  packers: number;
  ordersPerHour: number;
  seed: number;
  picking: PickingMode;
  dbPath: string;
  site?: string;
  fresh?: boolean;
  start?: string;
  warehouse?: string[];
  json?: boolean;
}

function nonNegativeNumber(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new InputError("ARGUMENT_INVALID", `${flag} must be a number of 0 or more, got ${JSON.stringify(v)}`, [{ field: flag, message: "must be a number ≥ 0" }]);
    return n;
  };
}

function wholeNumber(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InputError("ARGUMENT_INVALID", `${flag} must be a whole number of 0 or more, got ${JSON.stringify(v)}`, [{ field: flag, message: "must be a whole number ≥ 0" }]);
    return n;
  };
}

function startDay(start: string | undefined, days: number, now: number): number {
  if (start === undefined) return Math.floor(now / DAY) * DAY - (days - 1) * DAY; // the last simulated day is today
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(start) ? Date.parse(`${start}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new InputError("DATE_INVALID", `--start must be YYYY-MM-DD, got ${JSON.stringify(start)}`, [{ field: "--start", message: "must be YYYY-MM-DD" }]);
  return ms;
}

export const registerSimulate: Registrar = (program, ctx) => {
  program
    .command("simulate")
    .description("play whole shifts (orders, waves, picking, packing, carrier) with simulated time into a simulation database; compare picking policies")
    .requiredOption("--days <n>", "days to simulate", positiveInt("--days"))
    .option("--pickers <n>", "pickers per warehouse", positiveInt("--pickers"), 4)
    .option("--packers <n>", "packers per warehouse", positiveInt("--packers"), 2)
    .option("--orders-per-hour <r>", "orders arriving per hour, round the clock", nonNegativeNumber("--orders-per-hour"), 20)
    .option("--seed <s>", "random seed: the same seed, site and options give the same run", wholeNumber("--seed"), 1)
    .addOption(new Option("--picking <mode>", "picking policy: single (one order per trip), batch (shared totes), cluster (one tote per order)").choices([...PICKING_MODES]).default("cluster"))
    .option("--warehouse <code...>", "warehouses whose shifts run (default: every warehouse with a layout)")
    .option("--start <date>", "first simulated day, YYYY-MM-DD (default: so that the last day is today)")
    .option("--db-path <path>", "the simulation database (a SQLite file); created with the demo site when it does not exist", SIMULATION_DB)
    .option("--site <file>", "start from a copy of this SQLite database (your layout, SKUs, stock) instead; replaces --db-path")
    .option("--fresh", "start from a new database with the demo site; replaces --db-path")
    .option("--json", "print the figures as JSON")
    .action(async (opts: SimulateOpts) => {
      // The simulation writes made-up orders: never into the working database.
      if (ctx.globals().db !== undefined) {
        throw new InputError("ARGUMENT_CONFLICT", `simulate writes into its own database: give its path with --db-path (or start from a copy of yours with --site), not --db`, [{ field: "--db", message: "not used by simulate; use --db-path or --site" }]);
      }
      if (opts.site !== undefined && opts.fresh) throw new InputError("ARGUMENT_CONFLICT", "--site and --fresh exclude each other", [{ field: "--fresh", message: "not with --site" }]);
      const path = isAbsolute(opts.dbPath) ? opts.dbPath : resolve(ctx.io.cwd, opts.dbPath);
      const site = opts.site === undefined ? undefined : isAbsolute(opts.site) ? opts.site : resolve(ctx.io.cwd, opts.site);
      if (site !== undefined && !existsSync(site)) throw new InputError("FILE_UNREADABLE", `--site ${JSON.stringify(opts.site)}: no such file`, [{ field: "--site", message: "no such file" }]);
      if (site !== undefined && site === path) throw new InputError("ARGUMENT_CONFLICT", "--site must be another file than --db-path", [{ field: "--site", message: "same file as --db-path" }]);
      const start = startDay(opts.start, opts.days, ctx.io.clock.now());
      const replace = opts.fresh === true || site !== undefined;
      if (replace) for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
      const isNew = !existsSync(path);
      mkdirSync(dirname(path), { recursive: true });
      if (site !== undefined) for (const suffix of ["", "-wal"]) if (existsSync(site + suffix)) copyFileSync(site + suffix, path + suffix);

      const { openStore } = await import("@pickpack/data");
      const { loadDemoSite, simulate } = await import("@pickpack/data/demo");
      const store = await openStore({ target: path });
      try {
        if (isNew && site === undefined) await loadDemoSite(store, { now: start - DAY });
        const onDay = opts.json ? undefined : (day: number) => ctx.io.stderr.write(`simulated day ${day} of ${opts.days}\n`);
        const r = await simulate(store, {
          start,
          days: opts.days,
          pickers: opts.pickers,
          packers: opts.packers,
          ordersPerHour: opts.ordersPerHour,
          seed: opts.seed,
          picking: opts.picking,
          ...(opts.warehouse ? { warehouses: opts.warehouse } : {}),
          ...(onDay ? { onDay } : {}),
        });
        const figures = { database: path, start: new Date(start).toISOString().slice(0, 10), pickers: opts.pickers, packers: opts.packers, ordersPerHourIn: opts.ordersPerHour, seed: opts.seed, ...r };
        if (opts.json) return ctx.printJson(figures);
        const round = (n: number, d = 1) => (Math.round(n * 10 ** d) / 10 ** d).toFixed(d);
        ctx.print(`Simulated ${plural(r.days, "day")} from ${figures.start}, ${opts.picking} picking, ${opts.pickers} pickers and ${opts.packers} packers per warehouse, ${opts.ordersPerHour} orders/hour in (seed ${opts.seed}):`);
        ctx.print("");
        ctx.print(
          table(
            ["FIGURE", "VALUE"],
            [
              ["travel distance", `${round(r.travelMetres / 1000, 2)} km`],
              ["metres per pick", round(r.metresPerPick)],
              ["picks per picker hour", round(r.picksPerPickerHour)],
              ["units per picker hour", round(r.unitsPerPickerHour)],
              ["orders shipped per shift hour", round(r.ordersPerHour, 2)],
              ["orders in / shipped / cancelled", `${r.ordersCreated} / ${r.ordersShipped} / ${r.ordersCancelled}`],
              ["delivered / returns", `${r.ordersDelivered} / ${r.returns}`],
              ["waves / trips / picks / short picks", `${r.waves} / ${r.pickLists} / ${r.picks} / ${r.shortPicks}`],
              ["units picked / cartons", `${r.unitsPicked} / ${r.cartons}`],
              ["picker / packer hours", `${round(r.pickerSeconds / 3600)} / ${round(r.packerSeconds / 3600)}`],
            ],
          ),
        );
        ctx.print("");
        ctx.print(`Written to ${path}: look around with  npx pickpack --db ${opts.dbPath} orders list  (compare policies with --fresh --picking batch|cluster|single and the same --seed)`);
      } finally {
        await store.close();
      }
    });
};
