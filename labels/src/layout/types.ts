/**
 * The device-independent layout of a document page. Every document (shipping label, logistic label,
 * packing slip, …) is first laid out into this description; the PDF renderer and the ZPL renderer
 * both draw from it, so the two outputs cannot drift apart.
 *
 * Units are PDF points (1/72 in), origin top-left, y down.
 */

export type Symbology = "code128" | "gs1-128" | "gs1datamatrix" | "qrcode";

/** A barcode as modules, as produced by the bwip-js adapter. */
export type BarcodeModules =
  | {
      readonly kind: "linear";
      /** Alternating bar, space, bar… widths in modules, starting with a bar. */
      readonly widths: readonly number[];
      readonly totalModules: number;
    }
  | {
      readonly kind: "matrix";
      readonly cols: number;
      readonly rows: number;
      /** Row-major, 1 = dark. */
      readonly dark: readonly number[];
    };

export interface TextItem {
  readonly type: "text";
  readonly x: number;
  readonly y: number;
  readonly w: number;
  /** Already sanitised and fitted: each line fits in w at `size`. */
  readonly lines: readonly string[];
  readonly size: number;
  readonly bold: boolean;
  readonly align: "left" | "center" | "right";
  /** Distance between baselines, pt. */
  readonly leading: number;
}

export interface RuleItem {
  readonly type: "rule";
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface BoxItem {
  readonly type: "box";
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly thickness: number;
}

export interface BarcodeItem {
  readonly type: "barcode";
  readonly x: number;
  readonly y: number;
  readonly symbology: Symbology;
  /** What is encoded: for GS1 symbologies the HRI form `(00)…`. */
  readonly data: string;
  /** GS1 symbologies: the transmitted form (AIs with ASCII GS after variable-length fields), for ZPL. */
  readonly transmitted?: string;
  readonly modules: BarcodeModules;
  /** Module width in printer dots at 203 dpi (PDF draws it as dots × 72/203 pt). */
  readonly moduleDots: number;
  /** Bar height in pt for linear codes (ignored for matrix codes, which are square modules). */
  readonly height: number;
}

export type LayoutItem = TextItem | RuleItem | BoxItem | BarcodeItem;

export interface PageLayout {
  readonly width: number;
  readonly height: number;
  readonly items: readonly LayoutItem[];
}

export const DOTS_203 = 203;
/** One printer dot at 203 dpi, in pt. */
export const DOT_PT = 72 / DOTS_203;

/** Width of a barcode item in pt. */
export function barcodeWidth(b: Pick<BarcodeItem, "modules" | "moduleDots">): number {
  const m = b.modules.kind === "linear" ? b.modules.totalModules : b.modules.cols;
  return m * b.moduleDots * DOT_PT;
}

/** Height of a barcode item in pt. */
export function barcodeHeight(b: Pick<BarcodeItem, "modules" | "moduleDots" | "height">): number {
  return b.modules.kind === "linear" ? b.height : b.modules.rows * b.moduleDots * DOT_PT;
}
