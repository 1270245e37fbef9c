/** Packing slip (delivery note), A4 or Letter: order, ship-to, cartons with items, quantities, lots/serials. */
import type { PackingSlipData } from "@pickpack/core";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout } from "../layout/types.js";
import { addressTransliteration, type DocumentOptions } from "../layout/transliterate.js";
import { addressLines } from "./shipping-label.js";
import { tablePages, type TableRow } from "./table.js";

export function packingSlipLayout(data: PackingSlipData, measurer: TextMeasurer, opts: DocumentOptions = {}): PageLayout[] {
  const rows: TableRow[] = [];
  for (const c of data.cartons) {
    const parts = [`Carton ${c.index} of ${data.cartons.length}`, c.sscc ? `SSCC ${c.sscc}` : "", c.trackingNumber ? `Tracking ${c.trackingNumber}` : ""];
    rows.push({ cells: [], heading: parts.filter(Boolean).join(" · ") });
    for (const it of c.items) {
      const tracking = [it.lots?.length ? `Lot ${it.lots.join(", ")}` : "", it.serials?.length ? `S/N ${it.serials.join(", ")}` : ""].filter(Boolean).join("; ");
      rows.push({ cells: [it.sku, it.description, tracking, String(it.quantity)] });
    }
  }
  const totalQty = data.cartons.reduce((a, c) => a + c.items.reduce((s, i) => s + i.quantity, 0), 0);
  return tablePages({
    paper: data.paper,
    measurer,
    title: `Packing slip — order ${data.orderNumber}`,
    header: (b, x, y, w) => {
      const half = (w - 12) / 2;
      b.text(x, y, half, 9, "SHIP FROM", { maxSize: 7, bold: true });
      b.text(x, y + 10, half, 11, data.shipFrom.name, { maxSize: 10, bold: true, maxLines: 1 });
      b.text(x, y + 22, half, 40, addressLines(data.shipFrom).join(", "), { maxSize: 9, minSize: 6 });
      b.text(x + half + 12, y, half, 9, "SHIP TO", { maxSize: 7, bold: true });
      b.text(x + half + 12, y + 10, half, 11, data.shipTo.name, { maxSize: 10, bold: true, maxLines: 1 });
      const latin = addressTransliteration(data.shipTo, opts);
      b.text(x + half + 12, y + 22, half, latin ? 26 : 40, addressLines(data.shipTo).join(", "), { maxSize: 9, minSize: 6 });
      if (latin) b.text(x + half + 12, y + 49, half, 16, latin, { maxSize: 7, minSize: 5, maxLines: 2 });
      const meta = [`Order ${data.orderNumber}`, data.orderDate ? `Date ${data.orderDate}` : "", data.shipmentNumber ? `Shipment ${data.shipmentNumber}` : ""].filter(Boolean).join(" · ");
      b.text(x, y + 66, w, 12, meta, { maxSize: 9, maxLines: 1 });
      let used = 80;
      if (data.note) used += b.text(x, y + used, w, 40, `Note: ${data.note}`, { maxSize: 8, minSize: 6, maxLines: 4 }) + 2;
      return used;
    },
    columns: [
      { title: "SKU", weight: 2, bold: true },
      { title: "Description", weight: 5 },
      { title: "Lots / serials", weight: 3 },
      { title: "Qty", weight: 1, align: "right", bold: true },
    ],
    rows,
    rowHeight: 24,
    footer: (b, x, y, w) => b.text(x, y, w, 14, `Total items: ${totalQty} in ${data.cartons.length} carton(s)`, { maxSize: 10, bold: true, maxLines: 1, align: "right" }),
  });
}
