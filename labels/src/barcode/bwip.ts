/**
 * The bwip-js adapter (the only file importing bwip-js). Encodes data into modules that our own
 * drawing code turns into vector rectangles (PDF) — no raster images, module edges on whole
 * printer dots. bwip-js also validates GS1 data (check digits, AI combinations) as a second line.
 */
import bwipjs from "bwip-js";
import { InputError } from "@pickpack/core";
import type { BarcodeModules, Symbology } from "../layout/types.js";

const BCID: Record<Symbology, string> = {
  code128: "code128",
  "gs1-128": "gs1-128",
  gs1datamatrix: "gs1datamatrix",
  qrcode: "qrcode",
};

type Raw = { sbs?: number[]; pixs?: number[]; pixx?: number; pixy?: number };

/** Encode `data` (for GS1 symbologies the HRI form `(00)…`) into modules. */
export function encodeBarcode(symbology: Symbology, data: string): BarcodeModules {
  let raw: Raw[];
  try {
    raw = bwipjs.raw({ bcid: BCID[symbology], text: data }) as Raw[];
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new InputError("BARCODE_DATA_INVALID", `cannot encode ${JSON.stringify(data)} as ${symbology}: ${msg}`);
  }
  const r = raw[0];
  if (r?.sbs) {
    const widths = r.sbs;
    return { kind: "linear", widths, totalModules: widths.reduce((a, b) => a + b, 0) };
  }
  if (r?.pixs && r.pixx !== undefined && r.pixy !== undefined) {
    return { kind: "matrix", cols: r.pixx, rows: r.pixy, dark: r.pixs };
  }
  throw new InputError("BARCODE_DATA_INVALID", `bwip-js returned no symbol for ${symbology}`);
}

/** The naive approach (bench baseline): a PNG bitmap rendered by bwip-js. */
export async function renderBarcodePng(symbology: Symbology, data: string, scale: number, heightMm?: number): Promise<Uint8Array> {
  return bwipjs.toBuffer({ bcid: BCID[symbology], text: data, scale, ...(heightMm !== undefined ? { height: heightMm } : {}) });
}
