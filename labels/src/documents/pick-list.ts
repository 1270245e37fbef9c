/** Paper pick list: stops in route order (location, SKU, description, qty, tote, a barcode per stop). */
import type { PickListData } from "@pickpack/core";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout } from "../layout/types.js";
import { tablePages } from "./table.js";

const CODE128 = /^[\x20-\x7e]{1,40}$/;

export function pickListLayout(data: PickListData, measurer: TextMeasurer): PageLayout[] {
  const totalQty = data.stops.reduce((a, s) => a + s.quantity, 0);
  return tablePages({
    paper: data.paper ?? "A4",
    measurer,
    title: `Pick list ${data.pickListId}`,
    header: (b, x, y, w) => {
      const meta = [
        data.warehouse ? `Warehouse ${data.warehouse}` : "",
        data.waveId ? `Wave ${data.waveId}` : "",
        `Picker ${data.picker ?? "________________"}`,
        data.createdAt ? `Created ${data.createdAt}` : "",
      ].filter(Boolean).join(" · ");
      b.text(x, y, w * 0.65, 12, meta, { maxSize: 10, maxLines: 1 });
      b.text(x, y + 14, w * 0.65, 12, `${data.stops.length} stops, ${totalQty} units, route ${formatDistance(data.totalDistanceM)}`, { maxSize: 10, bold: true, maxLines: 1 });
      if (CODE128.test(data.pickListId)) b.barcode({ right: x + w }, y, "code128", data.pickListId, { max: 3, maxWidth: w * 0.4 }, 24);
      return 30;
    },
    columns: [
      { title: "#", weight: 0.4, align: "right" },
      { title: "Line", weight: 0.6, align: "right" },
      { title: "Location", weight: 1.4, bold: true },
      { title: "SKU", weight: 1.4 },
      { title: "Description", weight: 1.9 },
      { title: "Qty", weight: 0.6, align: "right", bold: true },
      { title: "Tote", weight: 0.6 },
      { title: "Order", weight: 1.5 },
      { title: "Scan", weight: 3.0 },
    ],
    rows: data.stops.map((s) => {
      const code = s.barcode ?? s.location;
      return {
        cells: [String(s.sequence), s.lineId === undefined ? "" : String(s.lineId), s.location, s.sku, s.description, String(s.quantity), s.tote ?? "", s.order ?? "", code],
        ...(CODE128.test(code) ? { barcode: { symbology: "code128" as const, data: code } } : {}),
      };
    }),
    rowHeight: 34,
    footer: (b, x, y, w) => {
      b.text(x, y, w * 0.55, 14, `Short? pickpack picklists short ${data.pickListId} --stop # --qty FOUND`, { maxSize: 8, maxLines: 1 });
      return b.text(x + w * 0.55, y, w * 0.45, 14, `Total: ${data.stops.length} stops, ${totalQty} units, ${formatDistance(data.totalDistanceM)}`, { maxSize: 10, bold: true, maxLines: 1, align: "right" });
    },
  });
}

function formatDistance(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(2)} km` : `${Math.round(m)} m`;
}
