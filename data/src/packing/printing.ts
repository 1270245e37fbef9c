/**
 * Labels of closed cartons: rendered and printed through the ports core/packing declares
 * (ShippingLabelRenderer, LabelPrinter), which the CLI and the gateway implement over @pickpack/labels.
 * A print failure is reported, never thrown: the carton is closed, the label can be printed again.
 */
import type { LabelDpi, LabelFormat, LabelPrinter, ShippingLabelData, ShippingLabelRenderer } from "@pickpack/core";
import type { PrintOutcome } from "./types.js";

/** The label's bytes when a renderer is configured, else undefined (the caller keeps the label data). */
export async function renderLabel(renderer: ShippingLabelRenderer | undefined, data: ShippingLabelData, format: LabelFormat, dpi: LabelDpi): Promise<Uint8Array | undefined> {
  return renderer ? renderer.render(data, format, dpi) : undefined;
}

/** Send a rendered label to a printer target; every failure comes back as an outcome with a code. */
export async function printLabel(
  printer: LabelPrinter | undefined,
  label: { readonly format: LabelFormat; readonly dpi?: LabelDpi; readonly bytes?: Uint8Array },
  target: string,
  title: string,
): Promise<PrintOutcome> {
  if (!printer) return { printed: false, target, error: { code: "PRINTER_NOT_CONFIGURED", message: "no printer adapter configured" } };
  if (!label.bytes) return { printed: false, target, error: { code: "LABEL_NOT_RENDERED", message: "no label renderer configured" } };
  try {
    const r = await printer.print(target, { format: label.format, bytes: label.bytes, ...(label.dpi ? { dpi: label.dpi } : {}) }, title);
    return { printed: true, target: r.target, ...(r.jobId ? { jobId: r.jobId } : {}) };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { printed: false, target, error: { code: err.code ?? "PRINT_FAILED", message: err.message ?? String(e) } };
  }
}
