/**
 * The pdf-lib adapter (the only file importing pdf-lib): draws PageLayouts into a PDF, with
 * barcodes as vector rectangles snapped to the 203-dpi dot grid, and measures text with the
 * standard Helvetica metrics (WinAnsi character set).
 */
import { deflateSync } from "node:zlib";
import { PDFDocument, StandardFontEmbedder, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
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
    const keys = {
      regular: page.node.newFontDictionary(fonts.regular.name, fonts.regular.ref).asString(),
      bold: page.node.newFontDictionary(fonts.bold.name, fonts.bold.ref).asString(),
    };
    // The whole page is written as one content stream (native zlib): pdf-lib's operator objects
    // and pure-JS deflate cost more than the drawing itself at hundreds of labels per second.
    const out: string[] = ["0 g 0 G"];
    for (const item of layout.items) {
      switch (item.type) {
        case "text":
          textOps(out, layout.height, item, item.bold ? fonts.bold : fonts.regular, item.bold ? keys.bold : keys.regular);
          break;
        case "rule":
          out.push(`${n(item.x)} ${n(layout.height - item.y - item.h)} ${n(item.w)} ${n(item.h)} re f`);
          break;
        case "box": {
          const t = item.thickness;
          out.push(`${n(t)} w ${n(item.x + t / 2)} ${n(layout.height - item.y - item.h + t / 2)} ${n(item.w - t)} ${n(item.h - t)} re S`);
          break;
        }
        case "barcode":
          if (opts.barcodeImage) await drawBarcodeImage(doc, page, layout.height, item, opts.barcodeImage);
          else barcodeOps(out, item, layout.height);
          break;
      }
    }
    const stream = doc.context.stream(deflateSync(Buffer.from(out.join("\n"), "latin1"), { level: 1 }), { Filter: "FlateDecode" });
    page.node.addContentStream(doc.context.register(stream));
  }
  return doc.save({ useObjectStreams: false });
}

/** Number for a content stream: at most 3 decimals. */
function n(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

async function drawBarcodeImage(doc: PDFDocument, page: PDFPage, pageH: number, item: BarcodeItem, image: (item: BarcodeItem) => Promise<Uint8Array>): Promise<void> {
  const png = await doc.embedPng(await image(item));
  const w = barcodeWidth(item);
  const h = barcodeHeight(item);
  page.drawImage(png, { x: item.x, y: pageH - item.y - h, width: w, height: h });
}

function textOps(out: string[], pageH: number, item: Extract<PageLayout["items"][number], { type: "text" }>, font: PDFFont, key: string): void {
  item.lines.forEach((line, i) => {
    if (!line) return;
    const w = font.widthOfTextAtSize(line, item.size);
    const x = item.align === "left" ? item.x : item.align === "right" ? item.x + item.w - w : item.x + (item.w - w) / 2;
    const baseline = item.y + i * item.leading + item.size * 0.8;
    out.push(`BT ${key} ${n(item.size)} Tf ${n(x)} ${n(pageH - baseline)} Td ${font.encodeText(line).toString()} Tj ET`);
  });
}

const snap = (v: number) => Math.round(v / DOT_PT) * DOT_PT;

/**
 * Vector rectangles for the dark modules in a coordinate system of printer dots (scaled by
 * 72/203 with `cm`), so every bar edge is a whole dot; one fill for the whole symbol.
 */
function barcodeOps(out: string[], item: BarcodeItem, pageH: number): void {
  const md = item.moduleDots;
  const mod = item.modules;
  const hDots = mod.kind === "linear" ? item.height / DOT_PT : mod.rows * md;
  const x0 = snap(item.x);
  const bottom = pageH - snap(item.y) - hDots * DOT_PT;
  out.push(`q ${DOT_PT.toFixed(6)} 0 0 ${DOT_PT.toFixed(6)} ${n(x0)} ${n(bottom)} cm`);
  if (mod.kind === "linear") {
    const h = n(hDots);
    let x = 0;
    mod.widths.forEach((w, i) => {
      if (i % 2 === 0) out.push(`${x} 0 ${w * md} ${h} re`);
      x += w * md;
    });
  } else {
    for (let r = 0; r < mod.rows; r++) {
      const y = (mod.rows - 1 - r) * md;
      let c = 0;
      while (c < mod.cols) {
        if (mod.dark[r * mod.cols + c] !== 1) {
          c++;
          continue;
        }
        const start = c;
        while (c < mod.cols && mod.dark[r * mod.cols + c] === 1) c++;
        out.push(`${start * md} ${y} ${(c - start) * md} ${md} re`);
      }
    }
  }
  out.push("f Q");
}
