/**
 * Text in every script: which font draws each character (Helvetica for WinAnsi, else the Noto face
 * for its script), the Unicode Bidirectional Algorithm (bidi-js) to put a line in visual order, and
 * runs of one font and one direction for the PDF writer to shape and draw; plus the TextMeasurer
 * the layouts fit text with.
 */
import * as bidiModule from "bidi-js";
import type { Bidi } from "bidi-js";
import type { TextMeasurer } from "../layout/text.js";
import { faceHas, shapeRun, type FaceId } from "./fonts.js";

// The package is CommonJS (its default export is the factory) with an ESM build for bundlers.
const bidiFactory = ((bidiModule as unknown as { default?: unknown }).default ?? bidiModule) as () => Bidi;
const bidi = bidiFactory();

/** "helvetica" is the built-in (not embedded) standard font; everything else is embedded. */
export type RunFont = "helvetica" | FaceId;

export interface TextRun {
  readonly font: RunFont;
  /** Logical order (what to shape). */
  readonly text: string;
  readonly rtl: boolean;
}

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/u;
const HEBREW = /[\u0590-\u05ff\ufb1d-\ufb4f]/u;
const CJK = /[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u312f\u3130-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3ffff}]/u;
const MARK = /\p{M}/u;
const NEUTRAL = /[\s\p{P}\p{S}\p{N}]/u;

/** The embedded face that draws `ch`, or undefined when none does. */
function faceFor(ch: string, cp: number): FaceId | undefined {
  const first: FaceId = ARABIC.test(ch) ? "arabic" : HEBREW.test(ch) ? "hebrew" : CJK.test(ch) ? "cjk" : "sans";
  if (faceHas(first, cp)) return first;
  for (const f of ["sans", "cjk", "arabic", "hebrew"] as const) if (f !== first && faceHas(f, cp)) return f;
  return undefined;
}

export interface ScriptFonts {
  /** True when the built-in Helvetica draws the code point (WinAnsi). */
  readonly helvetica: (cp: number) => boolean;
}

/** One font per character (logical order); marks and neutrals follow the character before them when its font has them. */
function assignFonts(text: string, f: ScriptFonts): { ch: string; font: RunFont | undefined }[] {
  const out: { ch: string; font: RunFont | undefined }[] = [];
  let prev: RunFont | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    let font: RunFont | undefined;
    if ((MARK.test(ch) || (NEUTRAL.test(ch) && !/[0-9]/.test(ch))) && prev !== undefined && prev !== "helvetica" && faceHas(prev, cp)) font = prev;
    else font = f.helvetica(cp) ? "helvetica" : faceFor(ch, cp);
    out.push({ ch, font });
    prev = font;
  }
  return out;
}

/** The direction of a paragraph (its first strong character), for every line it is wrapped into. */
export function paragraphDirection(text: string): "ltr" | "rtl" {
  return (bidi.getEmbeddingLevels(text, "auto").paragraphs[0]?.level ?? 0) % 2 === 1 ? "rtl" : "ltr";
}

/** True when every character is drawn by Helvetica left to right (the fast path: Latin-only text). */
export function isPlainWinAnsi(text: string, f: ScriptFonts): boolean {
  for (let i = 0; i < text.length; i++) if (!f.helvetica(text.charCodeAt(i)) || text.charCodeAt(i) >= 0xd800) return false;
  return true;
}

/**
 * Split a line into runs in visual order (left to right). RTL runs keep their text in logical
 * order with `rtl` set, so the shaper joins the letters and returns the glyphs reversed.
 */
export function visualRuns(line: string, f: ScriptFonts, base: "ltr" | "rtl" | "auto" = "auto"): TextRun[] {
  const chars = assignFonts(line, f);
  // Map code-unit indices to character indices (bidi-js works on UTF-16 code units).
  const unitToChar: number[] = [];
  const starts: number[] = [];
  chars.forEach((c, i) => {
    starts.push(unitToChar.length);
    for (let k = 0; k < c.ch.length; k++) unitToChar.push(i);
  });
  const levels = bidi.getEmbeddingLevels(line, base);
  const order: number[] = [];
  const seen = new Uint8Array(chars.length);
  for (const u of bidi.getReorderedIndices(line, levels)) {
    const ci = unitToChar[u] ?? 0;
    if (seen[ci]) continue;
    seen[ci] = 1;
    order.push(ci);
  }
  const runs: { font: RunFont; rtl: boolean; chars: string[] }[] = [];
  for (const ci of order) {
    const c = chars[ci];
    if (!c) continue;
    const font = c.font ?? "helvetica";
    const rtl = ((levels.levels[starts[ci] ?? 0] ?? 0) & 1) === 1;
    const ch = rtl ? (bidi.getMirroredCharacter(c.ch) ?? c.ch) : c.ch;
    const last = runs[runs.length - 1];
    if (last && last.font === font && last.rtl === rtl) last.chars.push(ch);
    else runs.push({ font, rtl, chars: [ch] });
  }
  // Helvetica runs are drawn as given (already visual); shaped runs are handed over in logical order.
  return runs.map((r) => ({ font: r.font, rtl: r.rtl, text: r.rtl && r.font !== "helvetica" ? r.chars.reverse().join("") : r.chars.join("") }));
}

/**
 * Measures with Helvetica's AFM widths where Helvetica draws the text and with the shaped advance
 * of the embedded face elsewhere; a character no font has is not drawable (it becomes "?").
 */
export function createUnicodeMeasurer(helvetica: TextMeasurer): TextMeasurer {
  const f: ScriptFonts = { helvetica: (cp) => helvetica.canDraw(cp) };
  return {
    width(text, bold) {
      if (isPlainWinAnsi(text, f)) return helvetica.width(text, bold);
      let sum = 0;
      let run = "";
      let runFont: RunFont | undefined;
      const flush = () => {
        if (!run) return;
        sum += runFont === "helvetica" || runFont === undefined ? helvetica.width(run, bold) : shapeRun(runFont, bold, run, runFont === "arabic" || runFont === "hebrew").width;
        run = "";
      };
      for (const c of assignFonts(text, f)) {
        const font = c.font ?? "helvetica";
        if (font !== runFont) flush();
        runFont = font;
        run += c.ch;
      }
      flush();
      return sum;
    },
    canDraw(cp) {
      if (helvetica.canDraw(cp)) return true;
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
      return faceFor(String.fromCodePoint(cp), cp) !== undefined;
    },
  };
}
