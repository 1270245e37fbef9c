/**
 * The render functions the CLI and the store's commands call: data in, bytes out.
 * PDF and ZPL are drawn from the same layout function per document.
 */
import type { LogisticLabelData, ManifestData, PackingSlipData, PickListData, ShippingLabelData } from "@pickpack/core";
import { shippingLabelLayout } from "./documents/shipping-label.js";
import { logisticLabelLayout } from "./documents/logistic-label.js";
import { packingSlipLayout } from "./documents/packing-slip.js";
import { pickListLayout } from "./documents/pick-list.js";
import { manifestLayout } from "./documents/manifest.js";
import { unicodeMeasurer, renderPdf, type PdfRenderOptions } from "./pdf/pdf-document.js";
import { layoutToZpl, type ZplDpi, type ZplOptions } from "./zpl/zpl.js";
import type { DocumentOptions } from "./layout/transliterate.js";

/** One 4×6 in page per label (pass every carton of a shipment to get one PDF). */
export function renderShippingLabelPdf(data: ShippingLabelData | readonly ShippingLabelData[], opts: PdfRenderOptions & DocumentOptions = {}): Promise<Uint8Array> {
  const all = Array.isArray(data) ? (data as readonly ShippingLabelData[]) : [data as ShippingLabelData];
  return renderPdf(all.map((d) => shippingLabelLayout(d, unicodeMeasurer, opts)), { title: "Shipping label", ...opts });
}

/** One `^XA…^XZ` format per label; text outside Latin-1 as a graphic field, or in `opts.unicodeFont`. */
export function renderShippingLabelZpl(data: ShippingLabelData | readonly ShippingLabelData[], dpi: ZplDpi = 203, opts: DocumentOptions & ZplOptions = {}): string {
  const all = Array.isArray(data) ? (data as readonly ShippingLabelData[]) : [data as ShippingLabelData];
  return all.map((d) => layoutToZpl(shippingLabelLayout(d, unicodeMeasurer, opts), dpi, opts)).join("");
}

export function renderLogisticLabelPdf(data: LogisticLabelData): Promise<Uint8Array> {
  return renderPdf([logisticLabelLayout(data, unicodeMeasurer)], { title: "GS1 logistic label" });
}

export function renderLogisticLabelZpl(data: LogisticLabelData, dpi: ZplDpi = 203, opts: ZplOptions = {}): string {
  return layoutToZpl(logisticLabelLayout(data, unicodeMeasurer), dpi, opts);
}

export function renderPackingSlipPdf(data: PackingSlipData, opts: DocumentOptions = {}): Promise<Uint8Array> {
  return renderPdf(packingSlipLayout(data, unicodeMeasurer, opts), { title: `Packing slip ${data.orderNumber}` });
}

export function renderPickListPdf(data: PickListData): Promise<Uint8Array> {
  return renderPdf(pickListLayout(data, unicodeMeasurer), { title: `Pick list ${data.pickListId}` });
}

export function renderManifestPdf(data: ManifestData, opts: DocumentOptions = {}): Promise<Uint8Array> {
  return renderPdf(manifestLayout(data, unicodeMeasurer, opts), { title: `Manifest ${data.manifestNumber}` });
}
