// `pickpack waves plan|release|cancel|list`: group Confirmed orders into waves with pick lists, release them for picking.
import { InputError, PICKING_MODES, type PickingMode } from "@pickpack/core";
import { Option } from "commander";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { plural } from "../output/format.js";

export const metres = (n: number): string => `${(Math.round(n * 10) / 10).toFixed(1)} m`;

export function positiveInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InputError("ARGUMENT_INVALID", `${flag} must be a whole number of 1 or more, got ${JSON.stringify(v)}`, [{ field: flag, message: "must be a whole number ≥ 1" }]);
    return n;
  };
}

export const registerWaves: Registrar = (program, ctx) => {
  const waves = program.command("waves").description("plan waves of Confirmed orders with their pick lists, release them for picking");

  waves
    .command("plan")
    .description("group a warehouse's Confirmed orders into waves (cut-off, priority, carrier) and build their pick lists (one per trip, shortest route)")
    .requiredOption("--warehouse <code>", "warehouse to plan")
    .addOption(new Option("--mode <mode>", "single: one order per trip; batch: shared totes, sorted at packing; cluster: one tote per order").choices([...PICKING_MODES]).default("cluster"))
    .option("--max-orders <n>", "most orders per wave", positiveInt("--max-orders"))
    .option("--max-lines <n>", "most order lines per wave", positiveInt("--max-lines"))
    .option("--waves <k>", "most waves to plan (default 1 when --max-orders or --max-lines is given, else as many as needed)", positiveInt("--waves"))
    .option("--totes <n>", "totes on a cart (default 6, 40 l each; 240 l and 150 kg per cart)", positiveInt("--totes"))
    .option("--json", "print as JSON")
    .action(async (opts: { warehouse: string; mode: PickingMode; maxOrders?: number; maxLines?: number; waves?: number; totes?: number; json?: boolean }) => {
      const { planWavesFor, DEFAULT_CART } = await import("@pickpack/data/planning");
      const cart = opts.totes ? { ...DEFAULT_CART, totes: opts.totes, volume: opts.totes * (DEFAULT_CART.toteVolume ?? 40) } : DEFAULT_CART;
      const out = await withStore(ctx, (store) =>
        planWavesFor(store, {
          warehouse: opts.warehouse,
          mode: opts.mode,
          cart,
          ...(opts.maxOrders ? { maxOrders: opts.maxOrders } : {}),
          ...(opts.maxLines ? { maxLines: opts.maxLines } : {}),
          ...(opts.waves ? { waves: opts.waves } : {}),
          now: ctx.io.clock.now(),
          actor: actorOf(ctx),
        }),
      );
      if (opts.json) return ctx.printJson(out);
      for (const a of out.backordersAllocated) ctx.print(`Back-order ${a.id} allocated again (stock arrived): ${a.order} line ${a.lineNo} ${a.quantity} × ${sanitizeForTerminal(a.sku)}`);
      if (out.waves.length === 0) {
        ctx.print(`No wave planned in ${sanitizeForTerminal(out.warehouse)}: no Confirmed order has stock allocated there that is not on a pick list yet.`);
      }
      for (const w of out.waves) {
        ctx.print(
          `Wave ${w.id} in ${w.warehouse} (planned, ${w.mode}): ${plural(w.orders.length, "order")}, cut-off ${w.cutoff ?? "none"}, priority ${w.priority}, carrier ${sanitizeForTerminal(w.carrier)}; ${plural(w.pickLists.length, "pick list")}, ${metres(w.distance)} walking in all`,
        );
        ctx.print(
          table(
            ["PICK LIST", "TRIP", "ORDERS", "STOPS", "UNITS", "TOTES", "WALK"],
            w.pickLists.map((p) => [p.id, p.sequence, p.orders.map((o) => o.order).join(" ").slice(0, 60) + (p.overCapacity ? " (over cart capacity)" : ""), p.stops, p.units, p.totes, metres(p.distance)]),
          ),
        );
        ctx.print();
      }
      if (out.skipped.length > 0) ctx.print(`Not planned: ${out.skipped.map((s) => `${s.order} (${s.reason})`).join("; ")}`);
      if (out.unplanned.length > 0) {
        ctx.print(`Units no location can supply now (on hand already promised to open pick lists): ${out.unplanned.map((u) => `${u.order} line ${u.lineNo} ${u.sku}×${u.quantity}`).join(", ")}`);
      }
      if (out.deferred.length > 0) {
        ctx.print(`Waiting for the next plan (wave limit reached): ${plural(out.deferred.length, "order")}; plan again after this wave, or give --waves K for more waves now`);
      }
      const first = out.waves[0];
      if (first) ctx.print(`Next: pickpack waves release ${first.id}   ·   pickpack picklists show ${first.pickLists[0]?.id ?? ""}`);
    });

  waves
    .command("release")
    .description("release a planned wave: its orders go Processing (audited) and its pick lists become available to pickers")
    .argument("<wave>", "wave id (e.g. 3 or W3)")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { releaseWave } = await import("@pickpack/data/planning");
      const out = await withStore(ctx, (store) => releaseWave(store, ref, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson(out);
      ctx.print(`Wave ${out.waveId} released: ${plural(out.started.length, "order")} Confirmed → Processing; pick lists ${out.pickLists.join(", ") || "none"} ready for pickers`);
      if (out.alreadyProcessing.length > 0) ctx.print(`Already Processing (another part released earlier): ${out.alreadyProcessing.join(", ")}`);
      if (out.dropped.length > 0) ctx.print(`Left the wave: ${out.dropped.map((d) => `${d.order} (${d.status})`).join(", ")}`);
    });

  waves
    .command("cancel")
    .description("cancel a planned wave, or a released one nobody has started picking: its pick lists are cancelled and its orders go back to Confirmed (audited)")
    .argument("<wave>", "wave id (e.g. 3 or W3)")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { cancelWave } = await import("@pickpack/data/planning");
      const out = await withStore(ctx, (store) => cancelWave(store, ref, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson(out);
      ctx.print(`Wave ${out.waveId} cancelled (was ${out.was}): pick lists ${out.pickLists.join(", ") || "none"} cancelled; ${plural(out.confirmed.length, "order")} Processing → Confirmed`);
      for (const u of out.unchanged) ctx.print(`  ${u.order} (${u.status}): ${u.reason}`);
      ctx.print("Its orders keep their stock and can be planned again with `pickpack waves plan`.");
    });

  waves
    .command("list")
    .description("list waves")
    .option("--warehouse <code>", "only this warehouse")
    .addOption(new Option("--status <status>", "only waves in this state").choices(["planned", "released", "completed", "cancelled"]))
    .option("--json", "print as JSON")
    .action(async (opts: { warehouse?: string; status?: string; json?: boolean }) => {
      const { listWaves } = await import("@pickpack/data/planning");
      const list = await withStore(ctx, (store) =>
        listWaves(store, { ...(opts.warehouse ? { warehouse: opts.warehouse } : {}), ...(opts.status ? { status: opts.status } : {}) }),
      );
      if (opts.json) return ctx.printJson(list);
      ctx.print(
        table(
          ["WAVE", "WAREHOUSE", "STATUS", "MODE", "CUT-OFF", "PRIO", "CARRIER", "ORDERS", "PICK LISTS", "LINES", "OPEN", "WALK"],
          list.map((w) => [w.id, w.warehouse, w.status, w.mode, w.cutoff, w.priority, w.carrier, w.orders, w.pickLists, w.lines, w.openLines, metres(w.distance)]),
        ),
      );
      ctx.print(plural(list.length, "wave"));
    });
};
