// `pickpack picklists list|show|short`: pick lists (one per trip) in walking order, and short picks.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError } from "@pickpack/core";
import { Option } from "commander";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { plural } from "../output/format.js";
import { metres, positiveInt } from "./waves.js";

function wholeOrZero(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InputError("ARGUMENT_INVALID", `${flag} must be a whole number of 0 or more, got ${JSON.stringify(v)}`, [{ field: flag, message: "must be a whole number ≥ 0" }]);
    return n;
  };
}

export const registerPickLists: Registrar = (program, ctx) => {
  const pl = program.command("picklists").description("pick lists: one per trip, stops in walking order; report short picks");

  pl.command("list")
    .description("list pick lists")
    .option("--wave <id>", "only this wave's", positiveInt("--wave"))
    .option("--warehouse <code>", "only this warehouse")
    .addOption(new Option("--status <status>", "only pick lists in this state").choices(["planned", "released", "picking", "completed", "cancelled"]))
    .option("--json", "print as JSON")
    .action(async (opts: { wave?: number; warehouse?: string; status?: string; json?: boolean }) => {
      const { listPickLists } = await import("@pickpack/data/planning");
      const list = await withStore(ctx, (store) =>
        listPickLists(store, {
          ...(opts.wave !== undefined ? { waveId: opts.wave } : {}),
          ...(opts.warehouse ? { warehouse: opts.warehouse } : {}),
          ...(opts.status ? { status: opts.status } : {}),
        }),
      );
      if (opts.json) return ctx.printJson(list);
      ctx.print(
        table(
          ["PICK LIST", "WAVE", "TRIP", "WAREHOUSE", "MODE", "STATUS", "PICKER", "ORDERS", "STOPS", "OPEN", "UNITS", "TOTES", "WALK"],
          list.map((p) => [p.id, p.waveId, p.sequence, p.warehouse, p.mode, p.status, p.picker, p.orders, p.stops, p.openStops, p.units, p.totes, metres(p.distance)]),
        ),
      );
      ctx.print(plural(list.length, "pick list"));
    });

  pl.command("show")
    .description("one pick list as a picker follows it: stops in walking order with location, SKU, description, quantity, order and tote")
    .argument("<id>", "pick list id")
    .option("--json", "print as JSON")
    .option("--pdf <file>", "also write a printable PDF pick list (with location barcodes) to this file")
    .action(async (ref: string, opts: { json?: boolean; pdf?: string }) => {
      const { getPickList } = await import("@pickpack/data/planning");
      const { view, timeZone } = await withStore(ctx, async (store) => {
        const v = await getPickList(store, ref);
        return { view: v, timeZone: (await store.listWarehouses()).find((w) => w.code === v.warehouse)?.timeZone };
      });
      if (opts.pdf) {
        const { renderPickListPdf } = await import("@pickpack/labels");
        const bytes = await renderPickListPdf({
          pickListId: String(view.id),
          waveId: String(view.waveId),
          warehouse: view.warehouse,
          ...(view.picker ? { picker: view.picker } : {}),
          createdAt: localTime(view.createdAt, timeZone),
          totalDistanceM: Math.round(view.distance * 10) / 10,
          stops: view.stopsInOrder
            .filter((s) => s.status !== "cancelled")
            .map((s) => ({
              sequence: s.stop,
              lineId: s.lineId,
              location: s.location,
              sku: s.sku,
              description: s.description,
              quantity: s.quantity - s.picked,
              ...(s.tote !== null ? { tote: `T${s.tote}`, order: s.order } : {}),
            })),
        });
        await writeFile(resolve(ctx.io.cwd, opts.pdf), bytes);
      }
      if (opts.json) return ctx.printJson(view);
      ctx.print(`Pick list ${view.id} · wave ${view.waveId} trip ${view.sequence} · ${view.warehouse} · ${view.mode} picking · ${view.status}${view.picker ? ` · picker ${sanitizeForTerminal(view.picker)}` : ""}`);
      ctx.print(
        `Walk ${metres(view.distance)} from the depot and back (${view.optimal ? "shortest route, proven" : "heuristic route"}) · ${plural(view.stops, "stop")} · ${plural(view.units, "unit")} · ${plural(view.totes, "tote")}`,
      );
      if (view.mode === "batch") ctx.print("Totes: shared by all orders; items are sorted per order at the pack station");
      else ctx.print(`Totes: ${view.orderTotes.filter((o) => view.stopsInOrder.some((s) => s.order === o.order && s.status !== "cancelled")).map((o) => `${o.totes.map((t) => `T${t}`).join("+")} = ${sanitizeForTerminal(o.order)}`).join(", ")}`);
      ctx.print();
      const live = view.stopsInOrder.filter((s) => s.status !== "cancelled");
      ctx.print(
        table(
          ["#", "LOCATION", "AISLE", "POS", "SKU", "DESCRIPTION", "QTY", "TOTE", "ORDER", "STATUS", "LINE"],
          live.map((s) => [
            s.stop,
            s.location,
            s.aisle,
            s.position,
            s.sku,
            s.description,
            s.quantity,
            s.tote === null ? "-" : `T${s.tote}`,
            s.order,
            s.status === "open" || s.status === "skipped" ? s.status : `${s.status} ${s.picked}/${s.quantity}`,
            s.lineId,
          ]),
        ),
      );
      const gone = view.stopsInOrder.filter((s) => s.status === "cancelled");
      if (gone.length > 0) ctx.print(`Removed (order cancelled): ${gone.map((s) => `line ${s.lineId} ${s.location} ${s.sku}×${s.quantity} (${s.order})`).join(", ")}`);
      const notes = live.filter((s) => s.note);
      for (const s of notes) ctx.print(`Line ${s.lineId}: ${sanitizeForTerminal(s.note ?? "")}`);
      ctx.print();
      ctx.print(`Then take the totes to the pack station. Short at a location? pickpack picklists short ${view.id} --stop # --qty FOUND`);
      if (opts.pdf) ctx.print(`PDF written to ${opts.pdf}`);
    });

  pl.command("short")
    .description("report a short pick: only Q units found for a line; the rest is re-allocated (another location, another warehouse, else back-ordered)")
    .argument("<id>", "pick list id")
    .option("--stop <n>", "the stop number (# column of `picklists show`, the printed pick list and the handheld)", positiveInt("--stop"))
    .option("--line <line>", "or the line id (LINE column of `picklists show` and the printed pick list)", positiveInt("--line"))
    .requiredOption("--qty <found>", "units found in all at the location for this line", wholeOrZero("--qty"))
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { stop?: number; line?: number; qty: number; json?: boolean }) => {
      if ((opts.stop === undefined) === (opts.line === undefined)) {
        throw new InputError("ARGUMENT_INVALID", "say which stop was short: --stop N (the # shown) or --line ID", [{ field: "--stop", message: "give --stop or --line (one of them)" }]);
      }
      const which = opts.stop !== undefined ? { stop: opts.stop } : { lineId: opts.line! };
      const { PickingService } = await import("@pickpack/data/planning");
      const out = await withStore(ctx, (store) => new PickingService(store).short({ pickListId: ref, found: opts.qty, ...which }, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson(out);
      ctx.print(`Line ${out.lineId}: ${out.found} found, ${out.missing} short; the location's stock record was set to empty and a cycle count was requested.`);
      for (const r of out.replanned) ctx.print(`  picked instead from ${r.location}: ${r.quantity} (new line ${r.lineId} on this trip)`);
      for (const m of out.moved) ctx.print(`  moved to warehouse ${m.warehouse}: ${m.quantity} (a new shipment, picked in a wave there)`);
      if (out.backordered > 0) ctx.print(`  back-ordered: ${out.backordered} (no warehouse has them)`);
      ctx.print(out.next ? `Next stop: ${out.next.location} ${out.next.sku} ×${out.next.remaining} (${out.next.order})` : "Nothing left to pick on this trip.");
    });
};

/** A stored UTC time as the warehouse's people read it: "2026-12-01 14:05 Europe/Berlin" (UTC without a zone). */
export function localTime(iso: string, timeZone: string | undefined): string {
  const zone = timeZone ?? "UTC";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${zone}`;
}
