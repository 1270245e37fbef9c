/**
 * The command barcodes sheet: one row per command barcode (Code 128), what it does in words, grouped
 * by who scans it (picker's handheld, pack station). Printed once, laminated, kept on the cart or at
 * the station for hands-free use.
 */
import type { PaperSize } from "@pickpack/core";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout } from "../layout/types.js";
import { unicodeMeasurer, renderPdf } from "../pdf/pdf-document.js";
import { tablePages, type TableRow } from "./table.js";

export interface CommandSheetSection {
  /** e.g. "Picker (handheld)". */
  readonly title: string;
  readonly commands: readonly { readonly code: string; readonly label: string }[];
}

export interface CommandSheetData {
  readonly sections: readonly CommandSheetSection[];
  readonly paper?: PaperSize;
}

const CODE128 = /^[\x20-\x7e]{1,40}$/;

export function commandSheetLayout(data: CommandSheetData, measurer: TextMeasurer): PageLayout[] {
  const rows: TableRow[] = [];
  for (const s of data.sections) {
    rows.push({ cells: [], heading: s.title });
    for (const c of s.commands) {
      if (!CODE128.test(c.code)) throw new Error(`command barcode ${JSON.stringify(c.code)} is not printable as Code 128`);
      rows.push({ cells: [c.code, c.label, c.code], barcode: { symbology: "code128", data: c.code } });
    }
  }
  return tablePages({
    paper: data.paper ?? "A4",
    measurer,
    title: "Command barcodes",
    header: (b, x, y, w) => b.text(x, y, w, 14, "Scan a code instead of touching the screen. Keep this sheet on the cart or at the station.", { maxSize: 10, maxLines: 1 }),
    columns: [
      { title: "Code", weight: 1.4, bold: true },
      { title: "What it does", weight: 3.0 },
      { title: "Scan", weight: 2.6 },
    ],
    rows,
    rowHeight: 46,
    fontSize: 10,
  });
}

export async function renderCommandSheetPdf(data: CommandSheetData): Promise<Uint8Array> {
  return renderPdf(commandSheetLayout(data, unicodeMeasurer), { title: "Command barcodes" });
}
