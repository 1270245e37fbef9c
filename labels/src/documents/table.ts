/** Paginated A4/Letter documents with a header and a table (packing slip, pick list, manifest). */
import type { PaperSize } from "@pickpack/core";
import { LayoutBuilder } from "../layout/builder.js";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout, Symbology } from "../layout/types.js";

export const PAPER: Record<PaperSize, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
};

export interface Column {
  readonly title: string;
  /** Share of the table width (relative). */
  readonly weight: number;
  readonly align?: "left" | "right" | "center";
  readonly bold?: boolean;
}

export interface TableRow {
  readonly cells: readonly string[];
  /** A barcode drawn in the last column instead of its text. */
  readonly barcode?: { readonly symbology: Symbology; readonly data: string };
  /** A full-width heading row (e.g. "Carton 1 of 2"). */
  readonly heading?: string;
  /** A smaller second paragraph under a cell (e.g. the Latin transliteration of an address), by column. */
  readonly sublines?: readonly (string | undefined)[];
}

export interface TableDocument {
  readonly paper: PaperSize;
  readonly measurer: TextMeasurer;
  readonly title: string;
  /** Draws the first page's header block below the title; returns its height. */
  readonly header: (b: LayoutBuilder, x: number, y: number, w: number) => number;
  readonly columns: readonly Column[];
  readonly rows: readonly TableRow[];
  readonly rowHeight: number;
  readonly fontSize?: number;
  /** Drawn after the last row (totals); returns its height. */
  readonly footer?: (b: LayoutBuilder, x: number, y: number, w: number) => number;
}

const MARGIN = 36;

export function tablePages(doc: TableDocument): PageLayout[] {
  const { width: W, height: H } = PAPER[doc.paper];
  const tableW = W - 2 * MARGIN;
  const totalWeight = doc.columns.reduce((a, c) => a + c.weight, 0);
  const colW = doc.columns.map((c) => (c.weight / totalWeight) * tableW);
  const size = doc.fontSize ?? 9;
  const builders: LayoutBuilder[] = [];
  let b!: LayoutBuilder;
  let y = 0;
  const bottom = H - MARGIN - 14;

  const newPage = () => {
    b = new LayoutBuilder(W, H, doc.measurer);
    builders.push(b);
    y = MARGIN;
    b.text(MARGIN, y, tableW, 22, doc.title, { maxSize: 16, minSize: 9, bold: true, maxLines: 1 });
    y += 24;
    if (builders.length === 1) y += doc.header(b, MARGIN, y, tableW) + 8;
    let x = MARGIN;
    doc.columns.forEach((c, i) => {
      b.text(x + 2, y, (colW[i] ?? 0) - 4, size * 1.3, c.title, { maxSize: size, minSize: 5, bold: true, maxLines: 1, align: c.align ?? "left" });
      x += colW[i] ?? 0;
    });
    y += size * 1.4;
    b.rule(MARGIN, y, tableW, 1);
    y += 3;
  };
  newPage();

  for (const row of doc.rows) {
    if (row.heading !== undefined) {
      if (y + size * 1.6 + doc.rowHeight > bottom) newPage();
      y += 3;
      b.text(MARGIN, y, tableW, size * 1.4, row.heading, { maxSize: size + 1, minSize: 5, bold: true, maxLines: 1 });
      y += size * 1.5;
      continue;
    }
    if (y + doc.rowHeight > bottom) newPage();
    let x = MARGIN;
    doc.columns.forEach((c, i) => {
      const w = colW[i] ?? 0;
      const isBarcodeCol = row.barcode !== undefined && i === doc.columns.length - 1;
      if (isBarcodeCol && row.barcode) {
        b.barcode(x + 2, y + 2, row.barcode.symbology, row.barcode.data, { max: 3, maxWidth: w - 4 }, doc.rowHeight - 6);
      } else {
        const sub = row.sublines?.[i];
        const mainH = sub ? (doc.rowHeight - 2) * 0.55 : doc.rowHeight - 2;
        b.text(x + 2, y + 1, w - 4, mainH, row.cells[i] ?? "", { maxSize: size, minSize: Math.min(5, size), bold: c.bold ?? false, align: c.align ?? "left" });
        if (sub) b.text(x + 2, y + 1 + mainH, w - 4, doc.rowHeight - 2 - mainH, sub, { maxSize: Math.min(7, size), minSize: 4, align: c.align ?? "left" });
      }
      x += w;
    });
    y += doc.rowHeight;
    b.rule(MARGIN, y - 0.5, tableW, 0.3);
  }
  if (doc.footer) {
    if (y + 40 > bottom) newPage();
    y += 6;
    doc.footer(b, MARGIN, y, tableW);
  }
  builders.forEach((pb, i) => pb.text(MARGIN, H - MARGIN - 8, tableW, 10, `Page ${i + 1} of ${builders.length}`, { maxSize: 7, maxLines: 1, align: "right" }));
  return builders.map((pb) => pb.build());
}
