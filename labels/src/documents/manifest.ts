/** Carrier manifest: the day's shipments handed to the driver, with totals and a signature line. */
import type { ManifestData } from "@pickpack/core";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout } from "../layout/types.js";
import { addressTransliteration, type DocumentOptions } from "../layout/transliterate.js";
import { addressLines } from "./shipping-label.js";
import { tablePages } from "./table.js";

export function manifestLayout(data: ManifestData, measurer: TextMeasurer, opts: DocumentOptions = {}): PageLayout[] {
  return tablePages({
    paper: data.paper ?? "A4",
    measurer,
    title: `Manifest ${data.manifestNumber} — ${data.carrier.name}`,
    header: (b, x, y, w) => {
      b.text(x, y, w, 12, `Date ${data.date} · Carrier ${data.carrier.name} (${data.carrier.code})`, { maxSize: 10, maxLines: 1 });
      b.text(x, y + 14, w, 12, `Shipper: ${data.shipFrom.name}, ${addressLines(data.shipFrom).join(", ")}`, { maxSize: 9, minSize: 6, maxLines: 1 });
      if (/^[\x20-\x7e]{1,40}$/.test(data.manifestNumber)) b.barcode({ right: x + w }, y + 30, "code128", data.manifestNumber, { max: 3, maxWidth: w / 3 }, 22);
      b.text(x, y + 30, w * 0.6, 12, `${data.totals.shipments} shipments, ${data.totals.parcels} parcels, ${data.totals.weightKg} kg`, { maxSize: 10, bold: true, maxLines: 1 });
      return 56;
    },
    columns: [
      { title: "Shipment", weight: 1.6, bold: true },
      { title: "Order", weight: 1.4 },
      { title: "Tracking", weight: 1.9 },
      { title: "Service", weight: 1.1 },
      { title: "Ship to", weight: 3 },
      { title: "Parcels", weight: 0.8, align: "right" },
      { title: "kg", weight: 0.8, align: "right" },
    ],
    rows: data.shipments.map((s) => ({
      cells: [s.shipmentNumber, s.orderNumber, s.trackingNumber, s.service, `${s.shipTo.name}, ${s.shipTo.postalCode} ${s.shipTo.city} ${s.shipTo.country}`, String(s.parcels), String(s.weightKg)],
      sublines: [undefined, undefined, undefined, undefined, addressTransliteration({ ...s.shipTo, street: "" }, opts)],
    })),
    rowHeight: 22,
    footer: (b, x, y, w) => {
      b.text(x, y, w, 14, `Totals: ${data.totals.shipments} shipments, ${data.totals.parcels} parcels, ${data.totals.weightKg} kg`, { maxSize: 10, bold: true, maxLines: 1, align: "right" });
      b.text(x, y + 30, w / 2 - 10, 10, "Driver name / signature", { maxSize: 8, maxLines: 1 });
      b.rule(x, y + 28, w / 2 - 10, 0.5);
      b.text(x + w / 2 + 10, y + 30, w / 2 - 10, 10, "Time of collection", { maxSize: 8, maxLines: 1 });
      b.rule(x + w / 2 + 10, y + 28, w / 2 - 10, 0.5);
      return 44;
    },
  });
}

