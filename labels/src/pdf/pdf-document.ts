/**
 * The pdf-lib adapter (the only file importing pdf-lib): draws PageLayouts into a PDF, with
 * barcodes as vector rectangles snapped to the 203-dpi dot grid. Text that Helvetica can draw
 * (WinAnsi) uses the built-in Helvetica, as a Latin-only label always did; any other script is
 * drawn in visual (bidi) order from embedded, subsetted Noto faces (Type 0 / Identity-H fonts with
 * a ToUnicode map, so the page text extracts as the Unicode given).
 */
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFString, StandardFontEmbedder, StandardFonts, type PDFFont, type PDFPage, type PDFRef } from "pdf-lib";
import type { TextMeasurer } from "../layout/text.js";
import { DOT_PT, barcodeHeight, barcodeWidth, type BarcodeItem, type PageLayout, type TextItem } from "../layout/types.js";
import { FontSubset, hasBold, shapeRun, type EncodedSubset, type FaceId } from "./fonts.js";
import { createUnicodeMeasurer, isPlainWinAnsi, paragraphDirection, visualRuns, type ScriptFonts } from "./text-runs.js";

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

const helveticaFonts: ScriptFonts = { helvetica: (cp) => helveticaMeasurer.canDraw(cp) };

/** Every script: Helvetica where it draws the text, embedded Noto faces elsewhere (the documents' measurer). */
export const unicodeMeasurer: TextMeasurer = createUnicodeMeasurer(helveticaMeasurer);

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
  const embedded = new EmbeddedFonts(doc);
  for (const layout of pages) {
    const page = doc.addPage([layout.width, layout.height]);
    const keys = {
      regular: page.node.newFontDictionary(fonts.regular.name, fonts.regular.ref).asString(),
      bold: page.node.newFontDictionary(fonts.bold.name, fonts.bold.ref).asString(),
    };
    const pageKeys = new Map<string, string>();
    const keyFor = (face: FaceId, bold: boolean) => {
      const f = embedded.get(face, bold);
      let k = pageKeys.get(f.name);
      if (k === undefined) {
        k = page.node.newFontDictionary(f.name, f.ref).asString();
        pageKeys.set(f.name, k);
      }
      return { key: k, subset: f.subset };
    };
    // The whole page is written as one content stream (native zlib): pdf-lib's operator objects
    // and pure-JS deflate cost more than the drawing itself at hundreds of labels per second.
    const out: string[] = ["0 g 0 G"];
    for (const item of layout.items) {
      switch (item.type) {
        case "text":
          textOps(out, layout.height, item, item.bold ? fonts.bold : fonts.regular, item.bold ? keys.bold : keys.regular, keyFor);
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
  await embedded.write();
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

type EmbeddedKey = (face: FaceId, bold: boolean) => { key: string; subset: FontSubset };

function textOps(out: string[], pageH: number, item: TextItem, font: PDFFont, key: string, embeddedKey: EmbeddedKey): void {
  let direction: "ltr" | "rtl" | undefined;
  item.lines.forEach((line, i) => {
    if (!line) return;
    const baseline = item.y + i * item.leading + item.size * 0.8;
    const place = (w: number) => (item.align === "left" ? item.x : item.align === "right" ? item.x + item.w - w : item.x + (item.w - w) / 2);
    if (isPlainWinAnsi(line, helveticaFonts)) {
      const w = font.widthOfTextAtSize(line, item.size);
      out.push(`BT ${key} ${n(item.size)} Tf ${n(place(w))} ${n(pageH - baseline)} Td ${font.encodeText(line).toString()} Tj ET`);
      return;
    }
    // Runs of one font and direction, left to right; shaped runs come back in visual order.
    // Every line of a wrapped paragraph keeps the paragraph's direction.
    direction ??= paragraphDirection(item.lines.join(" "));
    const pieces = visualRuns(line, helveticaFonts, direction).map((r) => {
      if (r.font === "helvetica") return { ops: `${key} ${n(item.size)} Tf ${font.encodeText(r.text).toString()} Tj`, width: font.widthOfTextAtSize(r.text, item.size) };
      const shaped = shapeRun(r.font, item.bold, r.text, r.rtl);
      const { key: k, subset } = embeddedKey(r.font, item.bold);
      const ops = `${k} ${n(item.size)} Tf ${glyphOps(shaped, subset)}`;
      // A face without a bold weight is emboldened by stroking its outlines as well as filling them.
      const fake = item.bold && !hasBold(r.font);
      return { ops: fake ? `2 Tr ${n(item.size * 0.04)} w ${ops} 0 Tr` : ops, width: shaped.width * item.size };
    });
    const total = pieces.reduce((a, p) => a + p.width, 0);
    // Shaping can differ slightly from the measured width: squeeze rather than overflow the box.
    const squeeze = total > item.w + 0.01 ? item.w / total : 1;
    const w = total * squeeze;
    out.push(`BT ${squeeze < 1 ? `${n(squeeze * 100)} Tz ` : ""}${n(place(w))} ${n(pageH - baseline)} Td ${pieces.map((p) => p.ops).join(" ")} ET`);
  });
}

/** Shaped glyphs as TJ: subset glyph ids, with adjustments where the shaped advance or offset differs from the glyph's width. */
function glyphOps(run: ReturnType<typeof shapeRun>, subset: FontSubset): string {
  const k = 1000 / run.unitsPerEm;
  const parts: string[] = [];
  let hex = "";
  const adjust = (v: number) => {
    if (Math.abs(v) < 0.01) return;
    if (hex) parts.push(`<${hex}>`);
    hex = "";
    parts.push(n(v));
  };
  const segments: string[] = [];
  const flush = () => {
    if (hex) parts.push(`<${hex}>`);
    hex = "";
    if (parts.length) segments.push(`[${parts.join(" ")}] TJ`);
    parts.length = 0;
  };
  for (const g of run.glyphs) {
    const id = subset.include(g.glyph);
    const width = g.glyph.advanceWidth * k;
    const rise = g.yOffset * k;
    if (rise !== 0) flush();
    adjust(-g.xOffset * k);
    hex += id.toString(16).padStart(4, "0");
    adjust(g.xOffset * k - (g.xAdvance * k - width));
    if (rise !== 0) {
      segments.push(`${n(rise / 1000)} Ts`);
      flush();
      segments.push("0 Ts");
    }
  }
  flush();
  return segments.join(" ");
}

/** The embedded faces of one document: a reference handed out per face, the font objects written once every page is drawn. */
class EmbeddedFonts {
  private readonly fonts = new Map<string, { name: string; ref: PDFRef; subset: FontSubset }>();
  constructor(private readonly doc: PDFDocument) {}

  get(face: FaceId, bold: boolean): { name: string; ref: PDFRef; subset: FontSubset } {
    const id = `${face}${bold ? "-bold" : ""}`;
    let f = this.fonts.get(id);
    if (!f) {
      f = { name: `U${this.fonts.size + 1}`, ref: this.doc.context.nextRef(), subset: new FontSubset(face, bold) };
      this.fonts.set(id, f);
    }
    return f;
  }

  async write(): Promise<void> {
    for (const f of this.fonts.values()) this.doc.context.assign(f.ref, this.type0(await f.subset.encode()));
  }

  private type0(e: EncodedSubset) {
    const ctx = this.doc.context;
    // Subset fonts are named TAG+Name, TAG being six capitals (ISO 32000-1 §9.6.4).
    const digest = createHash("sha1").update(e.bytes).digest();
    const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join("");
    const baseFont = `${tag}+${e.postscriptName}`;
    const fontFile = ctx.register(ctx.stream(deflateSync(e.bytes), { Filter: "FlateDecode", Length1: e.bytes.byteLength }));
    const m = e.metrics;
    const descriptor = ctx.register(
      ctx.obj({
        Type: "FontDescriptor",
        FontName: baseFont,
        Flags: 4,
        FontBBox: m.bbox.map((v) => Math.round(v)),
        ItalicAngle: m.italicAngle,
        Ascent: Math.round(m.ascent),
        Descent: Math.round(m.descent),
        CapHeight: Math.round(m.capHeight),
        StemV: 80,
        FontFile2: fontFile,
      }),
    );
    const cidFont = ctx.register(
      ctx.obj({
        Type: "Font",
        Subtype: "CIDFontType2",
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("Identity"), Supplement: 0 },
        FontDescriptor: descriptor,
        W: [1, e.glyphs.map((g) => Math.round(g.width))],
        CIDToGIDMap: ctx.register(ctx.stream(deflateSync(cidToGidMap(e)), { Filter: "FlateDecode" })),
      }),
    );
    const toUnicode = ctx.register(ctx.stream(deflateSync(Buffer.from(toUnicodeCmap(e), "latin1")), { Filter: "FlateDecode" }));
    return ctx.obj({ Type: "Font", Subtype: "Type0", BaseFont: baseFont, Encoding: "Identity-H", DescendantFonts: [cidFont], ToUnicode: toUnicode });
  }
}

/** CIDToGIDMap: two bytes (big-endian glyph id in the subset) per CID from 0. */
function cidToGidMap(e: EncodedSubset): Uint8Array {
  const map = new Uint8Array((e.glyphs.length + 1) * 2);
  e.glyphs.forEach((g, i) => {
    map[(i + 1) * 2] = g.gid >> 8;
    map[(i + 1) * 2 + 1] = g.gid & 0xff;
  });
  return map;
}

/** The ToUnicode CMap: each subset glyph id to the text it stands for (several code points for a ligature). */
function toUnicodeCmap(e: EncodedSubset): string {
  const entries: string[] = [];
  e.glyphs.forEach((g, i) => {
    if (g.codePoints.length === 0) return;
    const utf16 = Array.from(String.fromCodePoint(...g.codePoints), (c) => c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
    entries.push(`<${(i + 1).toString(16).padStart(4, "0")}> <${utf16}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <ffff>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
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
