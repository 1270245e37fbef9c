/**
 * The pdf-lib adapter (the only file importing pdf-lib): draws PageLayouts into a PDF, with
 * barcodes as vector rectangles snapped to the 203-dpi dot grid, and measures text with the
 * standard Helvetica metrics (WinAnsi character set).
 */
import {
  PDFDocument,
  StandardFontEmbedder,
  StandardFonts,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingGrayscaleColor,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from "pdf-lib";
import type { TextMeasurer } from "../layout/text.js";
import { DOT_PT, barcodeHeight, barcodeWidth, type BarcodeItem, type PageLayout } from "../layout/types.js";

// StandardFonts values are the AFM font names the embedder takes (its type is not re-exported).
type FontName = Parameters<typeof StandardFontEmbedder.for>[0];
const embedders = {
  regular: StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as FontName),
  bold: StandardFontEmbedder.for(StandardFonts.HelveticaBold as unknown as FontName),
};
const widthCache = { regular: new Map<string, number>(), bold: new Map<string, number>() };

function charWidth(ch: string, bold: boolean): number {
  const key = bold ? "bold" : "regular";
  const cache = widthCache[key];
  let w = cache.get(ch);
  if (w === undefined) {
    try {
      w = embedders[key].widthOfTextAtSize(ch, 1);
    } catch {
      w = Number.NaN;
    }
    if (cache.size < 4096) cache.set(ch, w);
  }
  return w;
}

/** Helvetica / Helvetica-Bold metrics; characters outside WinAnsi cannot be drawn. */
export const helveticaMeasurer: TextMeasurer = {
  width(text, bold) {
    let sum = 0;
    for (const ch of text) {
      const w = charWidth(ch, bold);
      sum += Number.isNaN(w) ? 0.6 : w;
    }
    return sum;
  },
  canDraw(cp) {
    if (cp < 0x20) return false;
    const w = charWidth(String.fromCodePoint(cp), false);
    return !Number.isNaN(w) && !Number.isNaN(charWidth(String.fromCodePoint(cp), true));
  },
};

export interface PdfRenderOptions {
  readonly title?: string;
  /**
   * Bench baseline only: draw barcodes as embedded PNG images from this function instead of
   * vector paths (the naive approach).
   */
  readonly barcodeImage?: (item: BarcodeItem) => Promise<Uint8Array>;
}

/** Render pages into one PDF document. */
export async function renderPdf(pages: readonly PageLayout[], opts: PdfRenderOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  if (opts.title) doc.setTitle(opts.title);
  doc.setProducer("pickpack");
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  for (const layout of pages) {
    const page = doc.addPage([layout.width, layout.height]);
    for (const item of layout.items) {
      switch (item.type) {
        case "text":
          drawText(page, layout.height, item, item.bold ? fonts.bold : fonts.regular);
          break;
        case "rule":
          page.drawRectangle({ x: item.x, y: layout.height - item.y - item.h, width: item.w, height: item.h, color: rgb(0, 0, 0) });
          break;
        case "box":
          page.drawRectangle({
            x: item.x,
            y: layout.height - item.y - item.h,
            width: item.w,
            height: item.h,
            borderColor: rgb(0, 0, 0),
            borderWidth: item.thickness,
          });
          break;
        case "barcode":
          if (opts.barcodeImage) {
            const png = await doc.embedPng(await opts.barcodeImage(item));
            const w = barcodeWidth(item);
            const h = barcodeHeight(item);
            page.drawImage(png, { x: item.x, y: layout.height - item.y - h, width: w, height: h });
          } else {
            page.pushOperators(...barcodeOperators(item, layout.height));
          }
          break;
      }
    }
  }
  return doc.save({ useObjectStreams: false });
}

function drawText(page: PDFPage, pageH: number, item: Extract<PageLayout["items"][number], { type: "text" }>, font: PDFFont): void {
  item.lines.forEach((line, i) => {
    if (!line) return;
    const w = font.widthOfTextAtSize(line, item.size);
    const x = item.align === "left" ? item.x : item.align === "right" ? item.x + item.w - w : item.x + (item.w - w) / 2;
    const baseline = item.y + i * item.leading + item.size * 0.8;
    page.drawText(line, { x, y: pageH - baseline, size: item.size, font });
  });
}

const snap = (v: number) => Math.round(v / DOT_PT) * DOT_PT;

/** Vector rectangles for the dark modules, one fill for the whole symbol. */
function barcodeOperators(item: BarcodeItem, pageH: number): PDFOperator[] {
  const m = item.moduleDots * DOT_PT;
  const x0 = snap(item.x);
  const top = snap(item.y);
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  const mod = item.modules;
  if (mod.kind === "linear") {
    const h = item.height;
    let x = x0;
    mod.widths.forEach((w, i) => {
      if (i % 2 === 0) ops.push(rectangle(x, pageH - top - h, w * m, h));
      x += w * m;
    });
  } else {
    for (let r = 0; r < mod.rows; r++) {
      let c = 0;
      while (c < mod.cols) {
        if (mod.dark[r * mod.cols + c] !== 1) {
          c++;
          continue;
        }
        const start = c;
        while (c < mod.cols && mod.dark[r * mod.cols + c] === 1) c++;
        ops.push(rectangle(x0 + start * m, pageH - top - (r + 1) * m, (c - start) * m, m));
      }
    }
  }
  ops.push(fill(), popGraphicsState());
  return ops;
}
