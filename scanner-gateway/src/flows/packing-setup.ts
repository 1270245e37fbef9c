/**
 * Composition of the pack station: the PackingService with the label renderer (@pickpack/labels,
 * PDF or ZPL) and the printer adapter (CUPS, tcp://HOST:9100, file:PATH), the tote resolver over the
 * planning tables, and the packer flow the gateway calls. Loaded lazily by `pickpack gateway`.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { ShippingLabelRenderer, LabelPrinter, WeightTolerance } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { resolveTote } from "@pickpack/data";
import { PackingService, type PackingConfig } from "@pickpack/data/packing";
import { printJob, renderShippingLabelPdf, renderShippingLabelZpl } from "@pickpack/labels";
import type { PackerFlow } from "./flows.js";
import type { GatewayLogger } from "../shared/logger.js";
import { createPackerFlow, type StationConfig } from "./packer-flow.js";

export const labelRenderer: ShippingLabelRenderer = {
  render: async (data, format, dpi) => (format === "pdf" ? renderShippingLabelPdf(data) : new TextEncoder().encode(renderShippingLabelZpl(data, dpi))),
};

/**
 * Prints through @pickpack/labels; a file: target's folder is created first, so a target such as
 * `file:.pickpack/labels/{station}-{shipment}.zpl` works on a fresh clone.
 */
export const labelPrinter: LabelPrinter = {
  print: async (target, label, title) => {
    if (target.startsWith("file:")) {
      const path = target.slice("file:".length).replace(/^\/\/(?=\/)/, "");
      if (path) await mkdir(dirname(path), { recursive: true }).catch(() => undefined); // a failure is the printer's to report
    }
    return printJob(target, { data: label.bytes, format: label.format, title });
  },
};

export interface PackingSetupOptions {
  readonly tolerance?: WeightTolerance;
  readonly stations?: Readonly<Record<string, StationConfig>>;
  /** Printer and label format for stations without their own. */
  readonly defaults?: StationConfig;
  readonly logger?: GatewayLogger;
  /** More PackingService settings (SSCC company prefix, carrier, …). */
  readonly packing?: Omit<PackingConfig, "labels" | "printer" | "resolveTote" | "tolerance">;
}

export function createPacking(store: SqlStore, o: PackingSetupOptions = {}): { packing: PackingService; flow: PackerFlow } {
  const packing = new PackingService(store, {
    ...o.packing,
    labels: labelRenderer,
    printer: labelPrinter,
    labelFormat: o.defaults?.labelFormat ?? "zpl",
    labelDpi: o.defaults?.labelDpi ?? 203,
    resolveTote,
    ...(o.tolerance ? { tolerance: o.tolerance } : {}),
  });
  const flow = createPackerFlow({
    packing,
    labels: labelRenderer,
    ...(o.tolerance ? { tolerance: o.tolerance } : {}),
    ...(o.stations ? { stations: o.stations } : {}),
    defaults: { labelFormat: "zpl", ...o.defaults },
    ...(o.logger ? { logger: o.logger } : {}),
  });
  return { packing, flow };
}
