/**
 * The fontkit adapter (the only file importing @pdf-lib/fontkit): finds and loads the Noto faces
 * used for text outside Helvetica's WinAnsi set, shapes runs of text (OpenType GSUB/GPOS: Arabic
 * joining forms, ligatures, marks) and builds per-document font subsets to embed.
 *
 * Fonts come from Debian's fonts-noto-core (TrueType: Noto Sans, Noto Sans Arabic, Noto Sans
 * Hebrew) and fonts-droid-fallback (Droid Sans Fallback: CJK, TrueType). PICKPACK_FONT_DIRS
 * (separated by ":") replaces the directories searched; a face that is needed but missing is a
 * LABEL_FONT_MISSING error naming the file and the package that ships it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fontkit, { type Font, type Glyph, type Subset } from "@pdf-lib/fontkit";
import { PickpackError } from "@pickpack/core";

/** A family of glyphs: one per script group (CJK has a face per region for the unified Han forms). */
export type FaceId = "sans" | "arabic" | "hebrew" | "cjk";

interface FaceFile {
  readonly file: string;
  /** PostScript name inside a .ttc collection. */
  readonly name?: string;
  readonly pkg: string;
}

const NOTO_CORE = "fonts-noto-core";
// Noto Sans CJK ships as CFF collections that fontkit cannot subset into a valid font; Droid Sans
// Fallback is TrueType and covers Han (simplified and traditional), kana and Hangul in one face.
const CJK: FaceFile = { file: "DroidSansFallback.ttf", pkg: "fonts-droid-fallback" };

const FACES: Record<FaceId, { readonly regular: FaceFile; readonly bold: FaceFile; readonly script: string }> = {
  sans: { regular: { file: "NotoSans-Regular.ttf", pkg: NOTO_CORE }, bold: { file: "NotoSans-Bold.ttf", pkg: NOTO_CORE }, script: "Latin, Greek and Cyrillic" },
  arabic: { regular: { file: "NotoSansArabic-Regular.ttf", pkg: NOTO_CORE }, bold: { file: "NotoSansArabic-Bold.ttf", pkg: NOTO_CORE }, script: "Arabic" },
  hebrew: { regular: { file: "NotoSansHebrew-Regular.ttf", pkg: NOTO_CORE }, bold: { file: "NotoSansHebrew-Bold.ttf", pkg: NOTO_CORE }, script: "Hebrew" },
  cjk: { regular: CJK, bold: CJK, script: "Chinese, Japanese and Korean" },
};

/** Faces without a bold weight: the PDF writer emboldens them with a stroke. */
export function hasBold(face: FaceId): boolean {
  return face !== "cjk";
}

const DEFAULT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts-droid-fallback/truetype", "/usr/share/fonts/truetype"];

/** Where fonts are looked for: PICKPACK_FONT_DIRS when set (only those), else Debian's font directories. */
export function fontDirs(): string[] {
  const listed = (process.env.PICKPACK_FONT_DIRS ?? "").split(":").filter(Boolean);
  return listed.length > 0 ? listed : DEFAULT_DIRS;
}

const files = new Map<string, Uint8Array>();
const fonts = new Map<string, Font>();

function readFace(f: FaceFile, script: string): Font {
  const dirs = fontDirs();
  const where = dirs.join(":");
  const key = `${where}|${f.file}#${f.name ?? ""}`;
  const cached = fonts.get(key);
  if (cached) return cached;
  let bytes = files.get(`${where}|${f.file}`);
  if (!bytes) {
    const path = dirs.map((d) => join(d, f.file)).find((p) => existsSync(p));
    if (!path) {
      throw new PickpackError(
        "LABEL_FONT_MISSING",
        `font ${f.file} (for ${script} text) not found in ${dirs.join(", ")}: install Debian's ${f.pkg} (apt-get install ${f.pkg}) or list its directory in PICKPACK_FONT_DIRS`,
        { font: f.file, package: f.pkg });
    }
    bytes = new Uint8Array(readFileSync(path));
    files.set(`${where}|${f.file}`, bytes);
  }
  const font = fontkit.create(bytes, f.name);
  fonts.set(key, font);
  return font;
}

export function loadFace(face: FaceId, bold: boolean): Font {
  const spec = FACES[face];
  return readFace(bold ? spec.bold : spec.regular, spec.script);
}

/** True when `face` has a glyph for `cp` (loads the face; throws LABEL_FONT_MISSING when absent). */
export function faceHas(face: FaceId, cp: number): boolean {
  return loadFace(face, false).hasGlyphForCodePoint(cp);
}

export interface ShapedGlyph {
  readonly glyph: Glyph;
  /** Font units. */
  readonly xAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

export interface ShapedRun {
  /** In visual order (left to right). */
  readonly glyphs: readonly ShapedGlyph[];
  readonly unitsPerEm: number;
  /** Total advance at 1 pt. */
  readonly width: number;
}

type LayoutFn = (text: string, features: string[], script: string | null, language: string | null, direction: "ltr" | "rtl") => { glyphs: Glyph[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };

const shapeCache = new Map<string, ShapedRun>();

/** Shape `text` (logical order) as one run; an RTL run's glyphs come back in visual order. */
export function shapeRun(face: FaceId, bold: boolean, text: string, rtl: boolean): ShapedRun {
  const key = `${face}${bold ? "b" : "r"}${rtl ? "<" : ">"}${text}`;
  const hit = shapeCache.get(key);
  if (hit) return hit;
  const font = loadFace(face, bold);
  const layout = (font.layout as unknown as LayoutFn).bind(font);
  // fontkit caches one Glyph object per glyph id with the code points it was first made for; a glyph
  // shared by several characters (Latin o, Greek ο, Cyrillic о) would carry the wrong text. Start
  // each run with a fresh cache so every glyph carries the characters it stands for here.
  (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  const run = layout(text, [], null, null, rtl ? "rtl" : "ltr");
  const glyphs = run.glyphs.map((glyph, i) => {
    const p = run.positions[i];
    return { glyph, xAdvance: p?.xAdvance ?? glyph.advanceWidth, xOffset: p?.xOffset ?? 0, yOffset: p?.yOffset ?? 0 };
  });
  const shaped = { glyphs, unitsPerEm: font.unitsPerEm, width: glyphs.reduce((a, g) => a + g.xAdvance, 0) / font.unitsPerEm };
  if (shapeCache.size > 20_000) shapeCache.clear();
  shapeCache.set(key, shaped);
  return shaped;
}

export interface EncodedSubset {
  readonly bytes: Uint8Array;
  readonly postscriptName: string;
  /** Per CID (1-based; 0 is .notdef): its glyph in the subset, advance in 1/1000 em and the text it stands for. */
  readonly glyphs: readonly { readonly gid: number; readonly width: number; readonly codePoints: readonly number[] }[];
  readonly metrics: { readonly ascent: number; readonly descent: number; readonly capHeight: number; readonly italicAngle: number; readonly bbox: readonly [number, number, number, number] };
}

/**
 * fontkit's TrueType subsetter copies glyph records as they are and may then write a short
 * (offset / 2) loca table: a glyph of odd length (Droid Sans Fallback has many) shifts every glyph
 * after it. Pad each copied record to an even length, as the TrueType spec asks.
 */
function padGlyphs(subset: Subset): Subset {
  const s = subset as unknown as { _addGlyph?: (gid: number) => number; glyf?: Uint8Array[]; offset?: number };
  const add = s._addGlyph?.bind(subset);
  if (!add) return subset;
  s._addGlyph = (gid: number) => {
    const r = add(gid);
    const glyf = s.glyf ?? [];
    const last = glyf[glyf.length - 1];
    if (last && last.length % 2 === 1) {
      // The bundle carries its own Buffer class: pad with the same kind of buffer.
      const B = last.constructor as unknown as { alloc(n: number): Uint8Array };
      const padded = B.alloc(last.length + 1);
      padded.set(last);
      glyf[glyf.length - 1] = padded;
      s.offset = (s.offset ?? 0) + 1;
    }
    return r;
  };
  return subset;
}

/**
 * The glyphs one document uses from one face, renumbered from 1. Each (glyph, text) pair gets its
 * own CID, so a glyph drawn for different characters still extracts as the right text.
 */
export class FontSubset {
  private readonly font: Font;
  private readonly subset: Subset;
  private readonly ids = new Map<string, number>();
  private readonly used: { gid: number; width: number; codePoints: readonly number[] }[] = [];
  constructor(
    readonly face: FaceId,
    readonly bold: boolean,
  ) {
    this.font = loadFace(face, bold);
    // Embedded as TrueType (FontFile2, CIDFontType2); every face listed above is TrueType.
    if ((this.font as unknown as { "CFF "?: unknown })["CFF "]) throw new Error(`face ${face} has CFF outlines; only TrueType faces are embedded`);
    this.subset = padGlyphs(this.font.createSubset());
  }

  /** The CID to draw a shaped glyph with. */
  include(glyph: Glyph): number {
    const key = `${glyph.id}:${glyph.codePoints.join(",")}`;
    let cid = this.ids.get(key);
    if (cid === undefined) {
      const gid = this.subset.includeGlyph(glyph.id);
      this.used.push({ gid, width: (glyph.advanceWidth * 1000) / this.font.unitsPerEm, codePoints: glyph.codePoints });
      cid = this.used.length;
      this.ids.set(key, cid);
    }
    return cid;
  }

  async encode(): Promise<EncodedSubset> {
    const parts: Uint8Array[] = [];
    await new Promise<void>((resolve) => {
      this.subset
        .encodeStream()
        .on("data", (d) => parts.push(d))
        .on("end", () => resolve());
    });
    const bytes = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.byteLength;
    }
    const f = this.font;
    const k = 1000 / f.unitsPerEm;
    return {
      bytes,
      postscriptName: String((f as unknown as { postscriptName?: string }).postscriptName ?? "NotoSans").replace(/[^A-Za-z0-9-]/g, ""),
      glyphs: this.used,
      metrics: { ascent: f.ascent * k, descent: f.descent * k, capHeight: (f.capHeight || f.ascent) * k, italicAngle: f.italicAngle, bbox: [f.bbox.minX * k, f.bbox.minY * k, f.bbox.maxX * k, f.bbox.maxY * k] },
    };
  }
}

export interface PathCommand {
  readonly command: "moveTo" | "lineTo" | "quadraticCurveTo" | "bezierCurveTo" | "closePath";
  readonly args: readonly number[];
}

/** A glyph's outline in font units (y up), for rasterising text where no font is available (ZPL graphic fields). */
export function glyphPath(g: ShapedGlyph): readonly PathCommand[] {
  return (g.glyph.path as unknown as { commands: PathCommand[] }).commands;
}
