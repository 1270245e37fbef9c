/** Text helpers for the pack station screens. Every string from the outside goes through `safe`. */
import { sanitizeForTerminal } from "../output/table.js";

export const safe = (s: string | null | undefined): string => (s == null ? "" : sanitizeForTerminal(s));

export type WeightUnit = "g" | "kg" | "lb" | "oz";
export const WEIGHT_UNITS: readonly WeightUnit[] = ["g", "kg", "lb", "oz"];

/** Grams in the site's display unit, e.g. "1.210 kg", "2.67 lb". */
export function displayWeight(grams: number, unit: WeightUnit): string {
  switch (unit) {
    case "g":
      return `${Math.round(grams)} g`;
    case "kg":
      return `${(grams / 1000).toFixed(3)} kg`;
    case "lb":
      return `${(grams / 453.59237).toFixed(2)} lb`;
    case "oz":
      return `${(grams / 28.349523125).toFixed(1)} oz`;
  }
}

export function bar(done: number, total: number, width: number, full: string, empty: string): string {
  const w = Math.max(3, width);
  const n = total <= 0 ? 0 : Math.min(w, Math.round((Math.min(done, total) / total) * w));
  return full.repeat(n) + empty.repeat(w - n);
}

export function fit(s: string, width: number): string {
  const chars = [...s];
  if (chars.length <= width) return s + " ".repeat(width - chars.length);
  return `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/**
 * Word-wrap to `width` columns: lines break at spaces only, so a word, an order or a tracking number
 * is never split (a single word longer than the line is broken only as a last resort). Nothing is cut.
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter((x) => x !== "")) {
      let rest = word;
      while ([...rest].length > w) {
        if (line) {
          out.push(line);
          line = "";
        }
        out.push([...rest].slice(0, w).join(""));
        rest = [...rest].slice(w).join("");
      }
      if (!line) line = rest;
      else if ([...line].length + 1 + [...rest].length <= w) line += ` ${rest}`;
      else {
        out.push(line);
        line = rest;
      }
    }
    out.push(line);
  }
  return out;
}
