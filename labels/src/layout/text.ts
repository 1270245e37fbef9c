/**
 * Untrusted text (names, addresses, descriptions) on the page: sanitised so control characters,
 * ANSI escapes and bidi overrides never reach the page, characters the font cannot draw replaced
 * visibly with "?", then wrapped and shrunk to fit its box.
 */

/** Font metrics the layout needs; implemented by the PDF adapter (Helvetica AFM widths). */
export interface TextMeasurer {
  /** Advance width of `text` at 1 pt, or NaN per character it cannot draw is never returned: callers sanitise first. */
  width(text: string, bold: boolean): number;
  /** True when the font can draw this code point. */
  canDraw(codePoint: number): boolean;
}

/** Longest input considered; the rest is cut (a 4×6 label box never shows more). */
export const MAX_TEXT_INPUT = 1000;
export const REPLACEMENT = "?";

// ESC/CSI sequences (ANSI colours, cursor moves), then any other C0/C1 control, bidi controls, zero-width and BOM.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const WHITESPACE = /[\t\n\r\u00a0\u2028\u2029]+/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Make untrusted text safe to draw with `measurer`'s font. Bounded: O(MAX_TEXT_INPUT). */
export function sanitizeText(input: unknown, measurer: Pick<TextMeasurer, "canDraw">): string {
  let s = typeof input === "string" ? input : input == null ? "" : String(input);
  const cut = s.length > MAX_TEXT_INPUT * 2;
  if (cut) s = s.slice(0, MAX_TEXT_INPUT * 2);
  s = s.replace(ANSI, "").replace(WHITESPACE, " ").replace(CONTROLS, "").replace(INVISIBLE, "").normalize("NFC");
  let out = "";
  let n = 0;
  for (const ch of s) {
    if (++n > MAX_TEXT_INPUT) {
      out += "…";
      break;
    }
    const cp = ch.codePointAt(0) ?? 0;
    out += measurer.canDraw(cp) ? ch : REPLACEMENT;
  }
  if (cut && !out.endsWith("…")) out += "…";
  return out.replace(/ {2,}/g, " ").trim();
}

export interface FitOptions {
  readonly maxSize: number;
  readonly minSize: number;
  readonly bold?: boolean;
  /** Hard cap on lines (default: as many as fit the height). */
  readonly maxLines?: number;
  readonly lineHeight?: number;
}

export interface FittedText {
  readonly lines: string[];
  readonly size: number;
  readonly leading: number;
  /** True when even the smallest size could not hold all text and it was cut with "…". */
  readonly truncated: boolean;
}

/** Wrap at spaces (breaking words longer than a line), shrinking from maxSize to minSize until it fits. */
export function fitText(text: string, boxW: number, boxH: number, m: TextMeasurer, opts: FitOptions): FittedText {
  const bold = opts.bold ?? false;
  const lh = opts.lineHeight ?? 1.15;
  const widthAt1 = (s: string) => m.width(s, bold);
  for (let size = opts.maxSize; size >= opts.minSize - 1e-9; size -= 0.5) {
    const maxLines = Math.min(opts.maxLines ?? Infinity, Math.max(1, Math.floor((boxH + 1e-6) / (size * lh))));
    const lines = wrap(text, boxW / size, widthAt1, maxLines + 1);
    if (lines.length <= maxLines) return { lines, size, leading: size * lh, truncated: false };
  }
  const size = opts.minSize;
  const maxLines = Math.min(opts.maxLines ?? Infinity, Math.max(1, Math.floor((boxH + 1e-6) / (size * lh))));
  const lines = wrap(text, boxW / size, widthAt1, maxLines + 1).slice(0, maxLines);
  const last = lines.length - 1;
  lines[last] = ellipsize(`${lines[last] ?? ""}…`, boxW / size, widthAt1);
  return { lines, size, leading: size * lh, truncated: true };
}

function ellipsize(s: string, w: number, width: (s: string) => number): string {
  let t = s;
  while (t.length > 1 && width(t) > w) t = `${[...t].slice(0, -2).join("")}…`;
  return t;
}

/** Greedy wrap; stops after `limit` lines (enough to know it does not fit). */
function wrap(text: string, w: number, width: (s: string) => number, limit: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (lines.length >= limit) break;
    const candidate = line ? `${line} ${word}` : word;
    if (width(candidate) <= w) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    // break a word that is longer than a line
    let rest = word;
    while (width(rest) > w && lines.length < limit) {
      // Longest prefix that fits, measured as a whole (shaped scripts are not the sum of their letters).
      const chars = [...rest];
      let lo = 1;
      let hi = chars.length - 1;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (width(chars.slice(0, mid).join("")) <= w) lo = mid;
        else hi = mid - 1;
      }
      const take = Math.max(1, lo);
      lines.push(chars.slice(0, take).join(""));
      rest = chars.slice(take).join("");
    }
    line = rest;
  }
  if (line && lines.length < limit) lines.push(line);
  return lines.length === 0 ? [""] : lines;
}
