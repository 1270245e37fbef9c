/**
 * Database-backed shipping documents:
 *   pickpack label SHIPMENT_ID --format pdf|zpl [--dpi 203|300] --out FILE [--print PRINTER]  (via label.ts → labelFromShipment)
 *   pickpack slip ORDER_ID --out FILE [--paper a4|letter]
 *   pickpack manifest --date YYYY-MM-DD [--warehouse W] --out FILE [--json]   close out one warehouse's day; Packed orders ship
 *   pickpack manifest --reprint MANIFEST_NUMBER --out FILE                     write a stored manifest again
 *   pickpack manifests [--date YYYY-MM-DD] [--warehouse W] [--json]
 *   pickpack ship ORDER_ID [--tracking T]                     Packed → Shipped with the first carton's tracking number (or T)
 *   pickpack shipments [--order ORDER] [--date YYYY-MM-DD] [--json]
 * Thin: parse, call the PackingService (data/src/packing), render with @pickpack/labels (loaded lazily), write.
 * `shipOrder` is the one ship path (`pickpack ship`, `pickpack orders ship`).
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Option } from "commander";
import { InputError, type ManifestData, type TransitionOutput } from "@pickpack/core";
import type { PackingService } from "@pickpack/data/packing";
import type { SqlStore } from "@pickpack/data";
import type { CommandContext } from "../context.js";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { table } from "../output/table.js";

async function withPacking<T>(ctx: CommandContext, fn: (svc: PackingService, store: SqlStore) => Promise<T>): Promise<T> {
  const { PackingService } = await import("@pickpack/data/packing");
  return withStore(ctx, (store) => fn(new PackingService(store), store));
}

/**
 * The one ship path (`pickpack ship`, `pickpack orders ship`): Packed → Shipped through the
 * PackingService, with `trackingNumber` when given (a carrier outside pickpack), else with the
 * order's first shipment's tracking number (refused with SHIP_NO_SHIPMENT when it has none).
 */
export async function shipOrder(ctx: CommandContext, ref: string, opts: { readonly trackingNumber?: string; readonly carrier?: string } = {}): Promise<TransitionOutput> {
  return withPacking(ctx, (svc) => svc.own.ship({ order: ref, ...opts }, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
}

function requireDate(date: string | undefined, field: string): string {
  const t = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (!date || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new InputError("USAGE", `${field} must be a date YYYY-MM-DD`, [{ field, message: `got ${JSON.stringify(date ?? "")}` }]);
  }
  return date;
}

/** `pickpack label SHIPMENT_ID …`: the stored label data of one shipment (one carton), rendered and optionally printed. */
export async function labelFromShipment(
  ctx: CommandContext,
  shipmentId: string,
  opts: { readonly format: "pdf" | "zpl"; readonly dpi: 203 | 300; readonly out: string; readonly print?: string },
): Promise<void> {
  const shipment = await withPacking(ctx, (svc) => svc.getShipment(shipmentId));
  if (!shipment) throw new InputError("SHIPMENT_NOT_FOUND", `no shipment ${JSON.stringify(shipmentId)} (give its number, e.g. SO-100001-1, or id; see pickpack shipments)`);
  const { renderShippingLabelPdf, renderShippingLabelZpl, printJob } = await import("@pickpack/labels");
  const bytes = opts.format === "pdf" ? await renderShippingLabelPdf(shipment.label) : new TextEncoder().encode(renderShippingLabelZpl(shipment.label, opts.dpi));
  const outPath = resolve(ctx.io.cwd, opts.out);
  await writeFile(outPath, bytes);
  ctx.print(`wrote label ${shipment.shipmentNumber} (SSCC ${shipment.sscc}, tracking ${shipment.trackingNumber}; ${opts.format.toUpperCase()}, ${bytes.byteLength} bytes) to ${opts.out}`);
  if (opts.print) {
    const r = await printJob(opts.print, { data: bytes, format: opts.format, title: `label ${shipment.shipmentNumber}`, sourcePath: outPath });
    ctx.print(`printed to ${r.target}${r.jobId ? ` (job ${r.jobId})` : ""}`);
  }
}

/** Render a manifest PDF (labels loaded lazily) to FILE; returns its size. */
async function renderManifest(manifest: ManifestData, ctx: CommandContext, file: string): Promise<number> {
  const { renderManifestPdf } = await import("@pickpack/labels");
  const bytes = await renderManifestPdf(manifest);
  await writeFile(resolve(ctx.io.cwd, file), bytes);
  return bytes.byteLength;
}

export const registerShipping: Registrar = (program, ctx) => {
  program
    .command("slip")
    .description("packing slip (delivery note) of an order as PDF: its cartons and their items")
    .argument("<ORDER_ID>", "order number or id")
    .option("--out <FILE>", "write the PDF to FILE")
    .addOption(new Option("--paper <size>", "paper size").choices(["a4", "letter"]).default("a4"))
    .action(async (ref: string, opts: { out?: string; paper: "a4" | "letter" }) => {
      if (!opts.out) throw new InputError("USAGE", "pickpack slip: bad arguments", [{ field: "--out", message: "required: where to write the PDF" }]);
      const data = await withPacking(ctx, async (svc, store) => {
        if (!(await store.getOrder(ref))) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)} (give its number or id)`);
        return svc.packingSlip(ref, opts.paper === "letter" ? "Letter" : "A4");
      });
      const { renderPackingSlipPdf } = await import("@pickpack/labels");
      const bytes = await renderPackingSlipPdf(data);
      await writeFile(resolve(ctx.io.cwd, opts.out), bytes);
      const units = data.cartons.reduce((a, c) => a + c.items.reduce((b, i) => b + i.quantity, 0), 0);
      ctx.print(`wrote packing slip ${data.orderNumber} (${data.cartons.length} carton${data.cartons.length === 1 ? "" : "s"}, ${units} units, ${bytes.byteLength} bytes) to ${opts.out}`);
      if (data.note) ctx.print(`note: ${data.note}`);
    });

  program
    .command("manifest")
    .description("close out one warehouse's day with the carrier: manifest PDF for its driver; Packed orders on it ship")
    .option("--date <YYYY-MM-DD>", "the ship date to close out (the warehouse's local day)")
    .option("--warehouse <CODE>", "the warehouse closing out (required when more than one warehouse is defined)")
    .option("--out <FILE>", "write the manifest PDF to FILE")
    .option("--reprint <MANIFEST>", "write a stored manifest again (by number, e.g. LC-WH1-20261122-1) instead of closing out")
    .option("--json", "print the outcome as JSON")
    .action(async (opts: { date?: string; warehouse?: string; out?: string; reprint?: string; json?: boolean }) => {
      if (!opts.out) throw new InputError("USAGE", "pickpack manifest: bad arguments", [{ field: "--out", message: "required: where to write the PDF" }]);
      const outFile = opts.out;
      if (opts.reprint !== undefined) {
        const rec = await withPacking(ctx, (svc) => svc.getManifest(opts.reprint!));
        if (!rec) throw new InputError("MANIFEST_NOT_FOUND", `no manifest ${JSON.stringify(opts.reprint)} (see pickpack manifests)`);
        const bytes = await renderManifest(rec.manifest, ctx, outFile);
        if (opts.json) return ctx.printJson({ ...rec, file: outFile, bytes });
        return ctx.print(`wrote manifest ${rec.manifestNumber} again (${rec.warehouse}, ${rec.date}: ${rec.shipments} shipments, ${bytes} bytes) to ${outFile}`);
      }
      const date = requireDate(opts.date, "--date");
      const now = ctx.io.clock.now();
      const out = await withPacking(ctx, async (svc) => {
        const target = await svc.closeOutTarget(date, opts.warehouse);
        if (target.warehouse === undefined) {
          const { pending, warehouses: all } = target;
          const waiting = pending.length > 0 ? `waiting for a close-out on ${date}: ${pending.map((p) => `${p.warehouse} (${p.shipments} shipment${p.shipments === 1 ? "" : "s"})`).join(", ")}` : `no shipments are waiting for a close-out on ${date}`;
          const example = `pickpack manifest --date ${date} --warehouse ${pending[0]?.warehouse ?? all[0] ?? "WH1"} --out ${outFile}`;
          throw new InputError("USAGE", `pickpack manifest: --warehouse is required: a close-out hands one warehouse's parcels to its driver (${waiting}); e.g. ${example}`, [
            { field: "--warehouse", message: `required with ${all.length} warehouses (${all.join(", ")})` },
          ]);
        }
        return svc.own.closeOutManifest({ date, warehouse: target.warehouse }, { now, actor: actorOf(ctx) });
      });
      const bytes = await renderManifest(out.manifest, ctx, outFile);
      if (opts.json) return ctx.printJson({ ...out, file: outFile, bytes });
      const m = out.manifest;
      ctx.print(`manifest ${m.manifestNumber} (${m.carrier.name}, ${out.warehouse}, ${m.date}, no. ${out.sequence} of the day): ${m.totals.shipments} shipments, ${m.totals.parcels} parcels, ${m.totals.weightKg} kg → ${outFile}`);
      ctx.print(table(["SHIPMENT", "ORDER", "TRACKING", "SERVICE", "KG", "SHIP TO"], m.shipments.map((s) => [s.shipmentNumber, s.orderNumber, s.trackingNumber, s.service, s.weightKg, `${s.shipTo.postalCode} ${s.shipTo.city}`])));
      ctx.print(`shipped: ${out.shipped.length > 0 ? out.shipped.join(", ") : "none"}`);
      if (out.alreadyShipped.length > 0) ctx.print(`already shipped before this close-out: ${out.alreadyShipped.join(", ")}`);
      for (const n of out.notShipped) ctx.print(`not shipped yet: ${n.order} (${n.status}): ${n.reason}`);
    });

  program
    .command("manifests")
    .description("list stored manifests (close-outs) per warehouse and day")
    .option("--date <YYYY-MM-DD>", "only this day's")
    .option("--warehouse <CODE>", "only this warehouse's")
    .option("--json", "print as JSON")
    .action(async (opts: { date?: string; warehouse?: string; json?: boolean }) => {
      const date = opts.date !== undefined ? requireDate(opts.date, "--date") : undefined;
      const { list, pending } = await withPacking(ctx, async (svc) => ({
        list: await svc.listManifests({ ...(date ? { date } : {}), ...(opts.warehouse ? { warehouse: opts.warehouse } : {}) }),
        pending: date ? (await svc.pendingCloseOuts(date)).filter((p) => !opts.warehouse || p.warehouse === opts.warehouse) : [],
      }));
      if (opts.json) return ctx.printJson(list.map(({ manifest, ...r }) => ({ ...r, totals: manifest.totals })));
      ctx.print(table(["MANIFEST", "CARRIER", "WAREHOUSE", "DATE", "NO", "SHIPMENTS", "PARCELS", "KG", "CREATED"], list.map((r) => [r.manifestNumber, r.carrier, r.warehouse, r.date, r.sequence, r.shipments, r.manifest.totals.parcels, r.manifest.totals.weightKg, r.createdAt])));
      ctx.print(`${list.length} manifest${list.length === 1 ? "" : "s"}`);
      for (const p of pending) ctx.print(`not on a manifest yet: ${p.warehouse} ${p.carrier} ${p.shipments} shipment${p.shipments === 1 ? "" : "s"}`);
    });

  program
    .command("ship")
    .description("hand a Packed order to the carrier (Packed → Shipped with its first carton's tracking number, or --tracking)")
    .argument("<ORDER_ID>", "order number or id")
    .option("--tracking <number>", "a tracking number from a carrier outside pickpack (default: the order's first shipment's)")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { tracking?: string; json?: boolean }) => {
      const t = await shipOrder(ctx, ref, opts.tracking !== undefined ? { trackingNumber: opts.tracking } : {});
      if (opts.json) return ctx.printJson({ order: t.order.number, from: t.from, to: t.to, reason: t.reason, trackingNumber: t.order.trackingNumber ?? null });
      ctx.print(`order ${t.order.number}: ${t.from} → ${t.to} (tracking ${t.order.trackingNumber ?? "?"})`);
    });

  program
    .command("shipments")
    .description("list shipments (one per carton) with SSCC, tracking number and manifest")
    .option("--order <ORDER>", "only this order's")
    .option("--date <YYYY-MM-DD>", "only this ship date's")
    .option("--json", "print as JSON")
    .action(async (opts: { order?: string; date?: string; json?: boolean }) => {
      const date = opts.date !== undefined ? requireDate(opts.date, "--date") : undefined;
      const list = await withPacking(ctx, (svc) => svc.listShipments({ ...(opts.order ? { order: opts.order } : {}), ...(date ? { date } : {}) }));
      if (opts.json) return ctx.printJson(list);
      ctx.print(table(["ID", "SHIPMENT", "ORDER", "CARTON", "SSCC", "TRACKING", "SERVICE", "GRAMS", "DATE", "MANIFEST"], list.map((s) => [s.id, s.shipmentNumber, s.orderNumber, s.cartonNo, s.sscc, s.trackingNumber, s.service, s.weightGrams, s.shipDate, s.manifestNumber ?? ""])));
      ctx.print(`${list.length} shipment${list.length === 1 ? "" : "s"}`);
    });
};
