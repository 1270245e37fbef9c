/**
 * `pickpack label --from SHIPMENT.json --format pdf|zpl [--dpi 203|300] --out FILE [--print PRINTER]`
 * Renders the shipping labels of a shipment described in JSON (no database needed); the format is
 * documented in docs/labels.md. `pickpack label SHIPMENT_ID` renders a stored shipment (shipping.ts, docs/packing.md).
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { InputError, hasValidGs1CheckDigit, type InputIssue, type ShippingLabelData } from "@pickpack/core";
import type { CommandContext } from "../context.js";
import { labelFromShipment } from "./shipping.js";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `at most ${max} characters`);
const address = z.object({
  name: text(200),
  company: z.string().max(200).optional(),
  street: text(200),
  street2: z.string().max(200).optional(),
  postalCode: z.string().max(20),
  city: text(100),
  region: z.string().max(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code like DE"),
  phone: z.string().max(40).optional(),
});
const dimensions = z.object({ lengthCm: z.number().positive(), widthCm: z.number().positive(), heightCm: z.number().positive() });

export const shipmentFileSchema = z.object({
  carrier: z.object({ code: text(20), name: text(60) }),
  service: text(60),
  shipmentNumber: text(60),
  orderNumber: text(60),
  shipDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").optional(),
  reference: z.string().max(100).optional(),
  shipFrom: address,
  shipTo: address,
  cartons: z
    .array(
      z.object({
        sscc: z.string().regex(/^\d{18}$/, "must be 18 digits").refine(hasValidGs1CheckDigit, "wrong GS1 check digit"),
        trackingNumber: z.string().regex(/^[\x20-\x7e]{1,40}$/, "must be 1-40 printable ASCII characters"),
        weightKg: z.number().positive().max(10_000),
        dimensions: dimensions.optional(),
      }),
    )
    .min(1, "a shipment needs at least one carton")
    .max(999),
});
export type ShipmentFile = z.infer<typeof shipmentFileSchema>;

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

/** Parse and validate a SHIPMENT.json text; every problem is listed with its field. */
export function parseShipmentFile(json: string, file: string): ShippingLabelData[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg)?.[1];
    const line = pos !== undefined ? json.slice(0, Number(pos)).split("\n").length : undefined;
    throw new InputError("SHIPMENT_FILE_INVALID", `${file} is not valid JSON`, [{ file, ...(line !== undefined ? { line } : {}), message: msg }]);
  }
  const parsed = shipmentFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: InputIssue[] = parsed.error.issues.map((i) => ({ file, field: fieldPath(i.path) || "(root)", message: i.message }));
    throw new InputError("SHIPMENT_FILE_INVALID", `${file} does not describe a shipment (${issues.length} problem${issues.length === 1 ? "" : "s"})`, issues);
  }
  const s = parsed.data;
  return s.cartons.map((c, i) => ({
    shipFrom: s.shipFrom,
    shipTo: s.shipTo,
    carrier: s.carrier,
    service: s.service,
    weightKg: c.weightKg,
    ...(c.dimensions ? { dimensions: c.dimensions } : {}),
    orderNumber: s.orderNumber,
    shipmentNumber: s.shipmentNumber,
    carton: { index: i + 1, count: s.cartons.length },
    trackingNumber: c.trackingNumber,
    sscc: c.sscc,
    ...(s.shipDate ? { shipDate: s.shipDate } : {}),
    ...(s.reference ? { reference: s.reference } : {}),
  }));
}

interface LabelOptions {
  from?: string;
  format: string;
  dpi: string;
  out?: string;
  print?: string;
}

export function registerLabel(program: Command, ctx: CommandContext): void {
  program
    .command("label")
    .description("render shipping labels (4x6 in, one per carton) as PDF or ZPL, and optionally print them")
    .argument("[SHIPMENT_ID]", "a stored shipment (number like SO-100001-1, or id) instead of --from")
    .option("--from <SHIPMENT.json>", "render from a JSON shipment description (see docs/labels.md)")
    .option("--format <pdf|zpl>", "output format", "pdf")
    .option("--dpi <203|300>", "ZPL printer resolution", "203")
    .option("--out <FILE>", "write the labels to FILE")
    .option("--print <PRINTER>", "then print: a CUPS queue, tcp://HOST:9100 or file:PATH")
    .action(async (shipmentId: string | undefined, opts: LabelOptions) => {
      const issues: InputIssue[] = [];
      if (!opts.from && !shipmentId) issues.push({ field: "--from", message: "give a SHIPMENT_ID or --from SHIPMENT.json" });
      if (opts.from && shipmentId) issues.push({ field: "--from", message: "give either a SHIPMENT_ID or --from, not both" });
      if (opts.format !== "pdf" && opts.format !== "zpl") issues.push({ field: "--format", message: `must be pdf or zpl, got ${JSON.stringify(opts.format)}` });
      if (opts.dpi !== "203" && opts.dpi !== "300") issues.push({ field: "--dpi", message: `must be 203 or 300, got ${JSON.stringify(opts.dpi)}` });
      if (!opts.out) issues.push({ field: "--out", message: "required: where to write the labels" });
      if (issues.length > 0 || !opts.out || (!opts.from && !shipmentId)) throw new InputError("USAGE", "pickpack label: bad arguments", issues);
      if (shipmentId) return labelFromShipment(ctx, shipmentId, { format: opts.format === "zpl" ? "zpl" : "pdf", dpi: opts.dpi === "300" ? 300 : 203, out: opts.out, ...(opts.print ? { print: opts.print } : {}) });
      if (!opts.from) return;

      const fromPath = resolve(ctx.io.cwd, opts.from);
      const json = await readFile(fromPath, "utf8").catch((e: NodeJS.ErrnoException) => {
        throw new InputError("FILE_UNREADABLE", `cannot read ${opts.from}: ${e.code ?? e.message}`, [{ file: opts.from, message: e.code ?? e.message }]);
      });
      const labels = parseShipmentFile(json, opts.from);
      const { renderShippingLabelPdf, renderShippingLabelZpl, printJob } = await import("@pickpack/labels");
      const bytes = opts.format === "pdf" ? await renderShippingLabelPdf(labels) : new TextEncoder().encode(renderShippingLabelZpl(labels, opts.dpi === "300" ? 300 : 203));
      const outPath = resolve(ctx.io.cwd, opts.out);
      await writeFile(outPath, bytes);
      ctx.print(`wrote ${labels.length} label${labels.length === 1 ? "" : "s"} (${opts.format.toUpperCase()}, ${bytes.byteLength} bytes) to ${opts.out}`);
      if (opts.print) {
        const r = await printJob(opts.print, { data: bytes, format: opts.format === "pdf" ? "pdf" : "zpl", title: `labels ${labels[0]?.shipmentNumber ?? ""}`, sourcePath: outPath });
        ctx.print(`printed to ${r.target}${r.jobId ? ` (job ${r.jobId})` : ""}`);
      }
    });
}
