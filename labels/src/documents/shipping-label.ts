/**
 * The 4×6 in shipping label (288×432 pt; 812×1218 dots at 203 dpi). One per carton. The SSCC
 * GS1-128 is the lowest barcode, with its human-readable line (GS1 General Specifications §6.6.4.1).
 */
import { InputError, isValidSscc, shippingLabel2dElementString, type InputIssue, type LabelAddress, type ShippingLabelData } from "@pickpack/core";
import { LayoutBuilder, formatKg } from "../layout/builder.js";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout } from "../layout/types.js";
import { addressTransliteration, type DocumentOptions } from "../layout/transliterate.js";

export const LABEL_4X6 = { width: 288, height: 432 } as const;

/** Code 128 can carry printable ASCII; tracking numbers are short. */
const TRACKING = /^[\x20-\x7e]{1,40}$/;

export function validateShippingLabel(data: ShippingLabelData): void {
  const issues: InputIssue[] = [];
  if (!isValidSscc(data.sscc)) issues.push({ field: "sscc", message: `${JSON.stringify(data.sscc)} is not an 18-digit SSCC with a valid check digit` });
  if (!TRACKING.test(data.trackingNumber)) issues.push({ field: "trackingNumber", message: "must be 1-40 printable ASCII characters" });
  if (!Number.isInteger(data.carton.index) || !Number.isInteger(data.carton.count) || data.carton.index < 1 || data.carton.index > data.carton.count) {
    issues.push({ field: "carton", message: `carton ${data.carton.index} of ${data.carton.count} is not a valid position` });
  }
  if (issues.length > 0) throw new InputError("LABEL_DATA_INVALID", "invalid shipping label data", issues);
}

export function addressLines(a: LabelAddress): string[] {
  return [
    a.company ?? "",
    a.street,
    a.street2 ?? "",
    [a.postalCode, a.city].filter(Boolean).join(" "),
    [a.region ?? "", a.country].filter(Boolean).join(" "),
    a.phone ? `Tel. ${a.phone}` : "",
  ].filter((l) => l.trim() !== "");
}

/** The layout both renderers draw. */
export function shippingLabelLayout(data: ShippingLabelData, measurer: TextMeasurer, opts: DocumentOptions = {}): PageLayout {
  validateShippingLabel(data);
  const { width: W, height: H } = LABEL_4X6;
  const b = new LayoutBuilder(W, H, measurer);
  const M = 8;

  // From block (left) and carrier block (right).
  b.text(M, M, 150, 8, "FROM", { maxSize: 6 });
  let y = M + 9;
  y += b.text(M, y, 150, 10, data.shipFrom.name, { maxSize: 8, maxLines: 1, bold: true });
  b.text(M, y, 150, 78 - y, addressLines(data.shipFrom).join(", "), { maxSize: 7, minSize: 5 });
  b.box(166, M, W - 166 - M, 70, 1.5);
  b.text(170, M + 4, W - 178 - M, 18, data.carrier.name, { maxSize: 14, minSize: 7, bold: true, maxLines: 1, align: "center" });
  b.text(170, M + 26, W - 178 - M, 16, data.service, { maxSize: 12, minSize: 6, maxLines: 1, align: "center" });
  if (data.shipDate) b.text(170, M + 48, W - 178 - M, 12, data.shipDate, { maxSize: 9, maxLines: 1, align: "center" });
  b.rule(0, 82, W, 2);

  // Ship-to block.
  b.text(M, 87, 100, 8, "SHIP TO", { maxSize: 6, bold: true });
  y = 96;
  y += b.text(M, y, W - 2 * M, 34, data.shipTo.name, { maxSize: 15, minSize: 7, bold: true, maxLines: 2 });
  const lines = addressLines(data.shipTo);
  // A Latin transliteration, when asked for, takes the bottom of the ship-to block.
  const latin = addressTransliteration(data.shipTo, opts);
  const bottom = latin ? 153 : 176;
  const per = Math.max(8, Math.min(13, (bottom - y) / Math.max(1, lines.length)));
  for (const line of lines) {
    if (y + 6 > bottom) break;
    y += b.text(M, y, W - 2 * M, Math.min(per, bottom - y), line, { maxSize: Math.min(11, per / 1.15), minSize: 6, maxLines: 1, bold: line.startsWith(data.shipTo.postalCode) && data.shipTo.postalCode !== "" });
  }
  if (latin) b.text(M, 154, W - 2 * M, 24, latin, { maxSize: 8, minSize: 5, maxLines: 2 });
  b.rule(0, 180, W, 2);

  // Order / shipment / weight / carton and the 2D code.
  const dm = shippingLabel2dElementString({
    sscc: data.sscc,
    orderNumber: data.orderNumber,
    shipToPostalCode: data.shipTo.postalCode,
    trackingNumber: data.trackingNumber,
  });
  const code2d = b.barcode({ right: W - M }, 184, "gs1datamatrix", dm.hri, 6, 0, dm.transmitted);
  const infoW = W - 3 * M - code2d.w;
  b.text(M, 185, infoW, 11, `Order: ${data.orderNumber}`, { maxSize: 9, minSize: 6, maxLines: 1 });
  b.text(M, 197, infoW, 11, `Shipment: ${data.shipmentNumber}`, { maxSize: 9, minSize: 6, maxLines: 1 });
  if (data.reference) b.text(M, 209, infoW, 10, `Ref: ${data.reference}`, { maxSize: 8, minSize: 5, maxLines: 1 });
  b.text(M, 222, 100, 18, formatKg(data.weightKg), { maxSize: 14, minSize: 8, bold: true, maxLines: 1 });
  b.text(M + 100, 222, infoW - 100, 18, `${data.carton.index} of ${data.carton.count}`, { maxSize: 14, minSize: 8, bold: true, maxLines: 1, align: "center" });
  b.rule(0, 244, W, 2);

  // Tracking number, Code 128 with its text.
  b.text(M, 248, 120, 8, `${data.carrier.name.toUpperCase()} TRACKING #`, { maxSize: 6, maxLines: 1 });
  b.barcode("center", 258, "code128", data.trackingNumber, 3, 54);
  b.text(M, 315, W - 2 * M, 14, data.trackingNumber, { maxSize: 12, bold: true, maxLines: 1, align: "center" });
  b.rule(0, 334, W, 2);

  // SSCC: lowest barcode on the label, GS1-128 with AI (00), with HRI below.
  b.text(M, 338, 120, 8, "SSCC", { maxSize: 6, bold: true });
  b.barcode("center", 348, "gs1-128", `(00)${data.sscc}`, 4, 60, `00${data.sscc}`);
  b.text(M, 411, W - 2 * M, 13, `(00) ${data.sscc}`, { maxSize: 11, bold: true, maxLines: 1, align: "center" });
  return b.build();
}
