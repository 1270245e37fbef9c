/**
 * Text as a ZPL graphic field (`^GFA`): for a printer without a font for the script, the line is
 * shaped and put in visual order exactly as for the PDF, then its glyph outlines are filled
 * (non-zero winding) into a 1-bit bitmap at the printer's resolution and sent in ZPL's compressed
 * ASCII hex (repeat counts, "," for a row ending in white, ":" for a repeated row).
 */
import { glyphPath, shapeRun } from "../pdf/fonts.js";
import { visualRuns } from "../pdf/text-runs.js";

export interface TextBitmap {
  readonly width: number;
  readonly height: number;
  /** Row-major, one byte per dot (1 = black). */
  readonly dots: Uint8Array;
}

type Edge = [x0: number, y0: number, x1: number, y1: number];

/** Rasterise one line at `size` pt with `dotsPerPt`; no wider than `maxWidthDots` (squeezed if needed). Baseline at 0.8 em. */
export function rasteriseLine(line: string, size: number, bold: boolean, dotsPerPt: number, maxWidthDots: number, direction: "ltr" | "rtl" | "auto" = "auto"): TextBitmap {
  // Every run from an embedded face (Latin too: Helvetica has no outlines here).
  const runs = visualRuns(line, { helvetica: () => false }, direction).flatMap((r) => (r.font === "helvetica" ? [] : [{ ...r, shaped: shapeRun(r.font, bold, r.text, r.rtl) }]));
  const em = size * dotsPerPt;
  const natural = runs.reduce((a, r) => a + r.shaped.width * em, 0);
  const squeeze = natural > maxWidthDots ? maxWidthDots / natural : 1;
  const width = Math.max(1, Math.ceil(natural * squeeze));
  const height = Math.max(1, Math.ceil(em * 1.1));
  const baseline = em * 0.8;
  const edges: Edge[] = [];
  let pen = 0;
  for (const r of runs) {
    const s = em / r.shaped.unitsPerEm;
    for (const g of r.shaped.glyphs) {
      const ox = pen + g.xOffset * s;
      const oy = g.yOffset * s;
      const tx = (x: number) => (ox + x * s) * squeeze;
      const ty = (y: number) => baseline - (oy + y * s);
      outlineEdges(glyphPath(g), tx, ty, edges);
      pen += g.xAdvance * s;
    }
  }
  const dots = new Uint8Array(width * height);
  fill(edges, width, height, dots);
  if (bold) embolden(dots, width, height);
  return { width, height, dots };
}

function outlineEdges(path: ReturnType<typeof glyphPath>, tx: (x: number) => number, ty: (y: number) => number, edges: Edge[]): void {
  let sx = 0, sy = 0, cx = 0, cy = 0;
  const line = (x: number, y: number) => {
    edges.push([tx(cx), ty(cy), tx(x), ty(y)]);
    cx = x;
    cy = y;
  };
  const STEPS = 8;
  for (const c of path) {
    const a = c.args;
    switch (c.command) {
      case "moveTo":
        if (cx !== sx || cy !== sy) line(sx, sy);
        sx = cx = a[0] ?? 0;
        sy = cy = a[1] ?? 0;
        break;
      case "lineTo":
        line(a[0] ?? 0, a[1] ?? 0);
        break;
      case "quadraticCurveTo": {
        const [x0, y0] = [cx, cy];
        const [qx, qy, x, y] = [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0];
        for (let i = 1; i <= STEPS; i++) {
          const t = i / STEPS, u = 1 - t;
          line(u * u * x0 + 2 * u * t * qx + t * t * x, u * u * y0 + 2 * u * t * qy + t * t * y);
        }
        break;
      }
      case "bezierCurveTo": {
        const [x0, y0] = [cx, cy];
        const [ax, ay, bx, by, x, y] = [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0, a[4] ?? 0, a[5] ?? 0];
        for (let i = 1; i <= STEPS; i++) {
          const t = i / STEPS, u = 1 - t;
          line(u * u * u * x0 + 3 * u * u * t * ax + 3 * u * t * t * bx + t * t * t * x, u * u * u * y0 + 3 * u * u * t * ay + 3 * u * t * t * by + t * t * t * y);
        }
        break;
      }
      case "closePath":
        if (cx !== sx || cy !== sy) line(sx, sy);
        break;
    }
  }
  if (cx !== sx || cy !== sy) line(sx, sy);
}

/** Non-zero winding scanline fill, sampling each dot at its centre. */
function fill(edges: readonly Edge[], width: number, height: number, dots: Uint8Array): void {
  const xs: [number, number][] = [];
  for (let row = 0; row < height; row++) {
    const yc = row + 0.5;
    xs.length = 0;
    for (const [x0, y0, x1, y1] of edges) {
      if (y0 === y1) continue;
      const lo = Math.min(y0, y1), hi = Math.max(y0, y1);
      if (yc < lo || yc >= hi) continue;
      xs.push([x0 + ((yc - y0) * (x1 - x0)) / (y1 - y0), y1 > y0 ? 1 : -1]);
    }
    xs.sort((a, b) => a[0] - b[0]);
    let winding = 0;
    for (let i = 0; i < xs.length - 1; i++) {
      winding += xs[i]?.[1] ?? 0;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil((xs[i]?.[0] ?? 0) - 0.5));
      const to = Math.min(width, Math.ceil((xs[i + 1]?.[0] ?? 0) - 0.5));
      dots.fill(1, row * width + from, row * width + Math.max(from, to));
    }
  }
}

/** Faces without a bold weight: widen every stroke by one dot. */
function embolden(dots: Uint8Array, width: number, height: number): void {
  for (let row = 0; row < height; row++) for (let x = width - 1; x > 0; x--) if (dots[row * width + x - 1]) dots[row * width + x] = 1;
}

const REPEAT_LOW = "GHIJKLMNOPQRSTUVWXY"; // 1..19
const REPEAT_HIGH = "ghijklmnopqrstuvwxyz"; // 20, 40 … 400

function repeatCount(n: number): string {
  let out = "";
  while (n >= 400) {
    out += "z";
    n -= 400;
  }
  if (n >= 20) out += REPEAT_HIGH[Math.floor(n / 20) - 1] ?? "";
  if (n % 20 > 0) out += REPEAT_LOW[(n % 20) - 1] ?? "";
  return out;
}

/** `^GFA` arguments and data for a bitmap: compressed ASCII hex, rows padded to whole bytes. */
export function graphicField(b: TextBitmap): string {
  const bytesPerRow = Math.ceil(b.width / 8);
  const rows: string[] = [];
  let previous = "";
  for (let row = 0; row < b.height; row++) {
    let hex = "";
    for (let byte = 0; byte < bytesPerRow; byte++) {
      let v = 0;
      for (let bit = 0; bit < 8; bit++) {
        const x = byte * 8 + bit;
        if (x < b.width && b.dots[row * b.width + x]) v |= 0x80 >> bit;
      }
      hex += v.toString(16).toUpperCase().padStart(2, "0");
    }
    if (hex === previous) {
      rows.push(":");
      continue;
    }
    previous = hex;
    const trimmed = hex.replace(/0+$/, "");
    let out = "";
    for (let i = 0; i < trimmed.length; ) {
      let j = i;
      while (j < trimmed.length && trimmed[j] === trimmed[i]) j++;
      out += (j - i > 1 ? repeatCount(j - i) : "") + trimmed[i];
      i = j;
    }
    rows.push(trimmed.length < hex.length ? `${out},` : out);
  }
  const total = bytesPerRow * b.height;
  return `^GFA,${total},${total},${bytesPerRow},${rows.join("")}`;
}
