/**
 * ZPL II from the same PageLayout the PDF is drawn from (ZPL II Programming Guide 45541L):
 * `^XA … ^XZ`, `^PW`/`^LL` page size, `^A0` scalable text in `^FB` blocks, `^GB` rules,
 * `^BC` Code 128 (mode A automatic; mode D = GS1-128 with FNC1 from the `(AI)` form),
 * `^BX` GS1 DataMatrix (`~1` = FNC1). Field data with `^`, `~`, `_`, `\` or non-ASCII is sent
 * hex-escaped under `^FH` (UTF-8 bytes, `^CI28`).
 *
 * Text outside Latin-1 (which the resident `^A0` font cannot print): in `unicodeFont`, a TrueType
 * font stored on the printer (`^A@`, with `^PA0,1,1,1` turning on bidi and shaping), or by
 * default as a `^GFA` graphic field rasterised here from the same glyphs as the PDF.
 */
import type { BarcodeItem, PageLayout, TextItem } from "../layout/types.js";
import { paragraphDirection } from "../pdf/text-runs.js";
import { graphicField, rasteriseLine } from "./text-graphic.js";

export type ZplDpi = 203 | 300;

export interface ZplOptions {
  /**
   * A Unicode TrueType font on the printer, e.g. "E:NOTOSANS.TTF" (downloaded to it beforehand):
   * lines outside Latin-1 are sent as text in that font instead of as graphic fields.
   */
  readonly unicodeFont?: string;
}

/** Latin-1 only: what the resident scalable font `^A0` prints under `^CI28`. */
const LATIN1 = /^[\u0020-\u00ff]*$/;
const FONT_PATH = /^[A-Z]:[A-Z0-9_.-]{1,16}\.(TTF|TTE|OTF)$/i;

const GS = "\u001d";

/** `_XX` hex escapes for anything ZPL would interpret or that is not plain ASCII. */
export function zplFieldData(text: string): { fh: boolean; data: string } {
  if (/^[\x20-\x5b\x5d\x5f-\x7d]*$/.test(text) && !text.includes("_")) return { fh: false, data: text };
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    out += byte >= 0x20 && byte < 0x7f && !"^~_\\".includes(c) ? c : `_${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return { fh: true, data: out };
}

export function layoutToZpl(layout: PageLayout, dpi: ZplDpi = 203, opts: ZplOptions = {}): string {
  const k = dpi / 72;
  const d = (pt: number) => Math.round(pt * k);
  if (opts.unicodeFont !== undefined && !FONT_PATH.test(opts.unicodeFont)) throw new RangeError(`unicodeFont ${JSON.stringify(opts.unicodeFont)} is not a printer font path like E:NOTOSANS.TTF`);
  const out: string[] = ["^XA", "^CI28", `^PW${d(layout.width)}`, `^LL${d(layout.height)}`, "^LH0,0"];
  const unicode = layout.items.some((i) => i.type === "text" && i.lines.some((l) => !LATIN1.test(l)));
  if (unicode && opts.unicodeFont) out.push("^PA0,1,1,1");
  for (const item of layout.items) {
    switch (item.type) {
      case "text":
        out.push(...textZpl(item, d, k, opts));
        break;
      case "rule":
        out.push(`^FO${d(item.x)},${d(item.y)}^GB${Math.max(1, d(item.w))},${Math.max(1, d(item.h))},${Math.max(1, Math.min(d(item.w), d(item.h)))}^FS`);
        break;
      case "box":
        out.push(`^FO${d(item.x)},${d(item.y)}^GB${d(item.w)},${d(item.h)},${Math.max(1, d(item.thickness))}^FS`);
        break;
      case "barcode":
        out.push(barcodeZpl(item, dpi, d));
        break;
    }
  }
  out.push("^PQ1", "^XZ");
  return `${out.join("\n")}\n`;
}

function textZpl(item: TextItem, d: (pt: number) => number, k: number, opts: ZplOptions): string[] {
  const h = Math.max(8, d(item.size));
  const just = item.align === "left" ? "L" : item.align === "right" ? "R" : "C";
  return item.lines
    .map((line, i) => {
      if (!line) return "";
      const y = d(item.y + i * item.leading);
      if (!LATIN1.test(line) && !opts.unicodeFont) {
        const bitmap = rasteriseLine(line, item.size, item.bold, k, d(item.w), paragraphDirection(item.lines.join(" ")));
        const free = d(item.w) - bitmap.width;
        const x = d(item.x) + (item.align === "left" ? 0 : item.align === "right" ? free : Math.floor(free / 2));
        return `^FO${x},${y}${graphicField(bitmap)}^FS`;
      }
      const font = LATIN1.test(line) ? `^A0N,${h},${h}` : `^A@N,${h},${h},${opts.unicodeFont}`;
      const f = zplFieldData(line);
      return `^FO${d(item.x)},${y}${font}^FB${d(item.w)},1,0,${just},0${f.fh ? "^FH" : ""}^FD${f.data}^FS`;
    })
    .filter(Boolean);
}

/** Module width in dots at the target resolution (whole dots). */
export function moduleDotsAt(dpi: ZplDpi, moduleDots203: number): number {
  return dpi === 203 ? moduleDots203 : Math.max(1, Math.round((moduleDots203 * 300) / 203));
}

function barcodeZpl(item: BarcodeItem, dpi: ZplDpi, d: (pt: number) => number): string {
  const m = moduleDotsAt(dpi, item.moduleDots);
  const at = `^FO${d(item.x)},${d(item.y)}`;
  switch (item.symbology) {
    case "code128": {
      const f = zplFieldData(item.data);
      return `${at}^BY${m},3,${d(item.height)}^BCN,${d(item.height)},N,N,N,A${f.fh ? "^FH" : ""}^FD${f.data}^FS`;
    }
    case "gs1-128":
      // Mode D: the printer reads the (AI) form, inserts FNC1 and checks the AIs.
      return `${at}^BY${m},3,${d(item.height)}^BCN,${d(item.height)},N,N,N,D^FD${item.data}^FS`;
    case "gs1datamatrix": {
      const mod = item.modules;
      const size = mod.kind === "matrix" ? `${mod.cols},${mod.rows}` : ",";
      const data = `~1${(item.transmitted ?? "").split(GS).join("~1")}`;
      return `${at}^BXN,${m},200,${size},6,~^FD${data}^FS`;
    }
    case "qrcode":
      return `${at}^BQN,2,${m}^FDMA,${item.data}^FS`;
  }
}
