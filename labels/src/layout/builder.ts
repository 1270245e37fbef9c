/** Helpers that documents use to build a PageLayout: fitted text boxes, barcodes, rules. */
import { encodeBarcode } from "../barcode/bwip.js";
import { fitText, sanitizeText, type FitOptions, type TextMeasurer } from "./text.js";
import { DOT_PT, barcodeHeight, barcodeWidth, type BarcodeItem, type LayoutItem, type PageLayout, type Symbology } from "./types.js";

export interface TextBoxOptions extends Partial<FitOptions> {
  readonly align?: "left" | "center" | "right";
}

export class LayoutBuilder {
  readonly items: LayoutItem[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
    readonly measurer: TextMeasurer,
  ) {}

  /** Sanitise, wrap and shrink `text` into the box; returns the height used. */
  text(x: number, y: number, w: number, h: number, text: unknown, opts: TextBoxOptions = {}): number {
    const clean = sanitizeText(text, this.measurer);
    if (!clean) return 0;
    const fitted = fitText(clean, w, h, this.measurer, {
      maxSize: opts.maxSize ?? 10,
      minSize: opts.minSize ?? Math.min(6, opts.maxSize ?? 10),
      bold: opts.bold ?? false,
      ...(opts.maxLines !== undefined ? { maxLines: opts.maxLines } : {}),
      ...(opts.lineHeight !== undefined ? { lineHeight: opts.lineHeight } : {}),
    });
    this.items.push({ type: "text", x, y, w, lines: fitted.lines, size: fitted.size, bold: opts.bold ?? false, align: opts.align ?? "left", leading: fitted.leading });
    return fitted.lines.length * fitted.leading;
  }

  rule(x: number, y: number, w: number, h = 1): void {
    this.items.push({ type: "rule", x, y, w, h });
  }

  box(x: number, y: number, w: number, h: number, thickness = 1): void {
    this.items.push({ type: "box", x, y, w, h, thickness });
  }

  /**
   * A barcode at (x, y); `x: "center"` centres it in the page, `{ right }` right-aligns it. Positions snap to the 203-dpi grid.
   * Returns the item with its size.
   */
  barcode(x: number | "center" | { readonly right: number }, y: number, symbology: Symbology, data: string, moduleDotsWanted: number | { readonly max: number; readonly maxWidth: number }, height = 0, transmitted?: string): BarcodeItem & { w: number; h: number } {
    const modules = encodeBarcode(symbology, data);
    let moduleDots: number;
    if (typeof moduleDotsWanted === "number") moduleDots = moduleDotsWanted;
    else {
      // Largest whole-dot module that keeps the symbol plus 10X quiet zones inside maxWidth.
      const n = (modules.kind === "linear" ? modules.totalModules : modules.cols) + 20;
      moduleDots = Math.max(1, Math.min(moduleDotsWanted.max, Math.floor(moduleDotsWanted.maxWidth / (n * DOT_PT))));
    }
    const proto = { modules, moduleDots, height };
    const w = barcodeWidth(proto);
    const h = barcodeHeight(proto);
    const rawX = x === "center" ? (this.width - w) / 2 : typeof x === "number" ? x : x.right - w;
    const item: BarcodeItem = { type: "barcode", x: snap(rawX), y: snap(y), symbology, data, ...(transmitted !== undefined ? { transmitted } : {}), modules, moduleDots, height };
    this.items.push(item);
    return { ...item, w, h };
  }

  build(): PageLayout {
    return { width: this.width, height: this.height, items: this.items };
  }
}

export const snap = (v: number): number => Math.round(v / DOT_PT) * DOT_PT;

/** Format kg for print: up to 3 decimals, no trailing zeros. */
export function formatKg(kg: number): string {
  return `${Number.isFinite(kg) ? String(Math.round(kg * 1000) / 1000) : "?"} kg`;
}
