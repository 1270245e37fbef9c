/** Small formatting pieces of the report output: percentages, dashes for "no data", bars sized to the terminal, ✓/✗ with or without colour. */

export interface Look {
  /** Charts and colours: only on a terminal. */
  readonly tty: boolean;
  /** ANSI colours (a TTY without NO_COLOR). */
  readonly color: boolean;
  readonly width: number;
}

export function lookOf(io: { stdout: { isTTY?: boolean; columns?: number }; env: Readonly<Record<string, string | undefined>> }): Look {
  const tty = io.stdout.isTTY === true;
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
  return { tty, color: tty && !noColor, width: Math.max(40, Math.min(200, io.stdout.columns ?? 80)) };
}

export const pct = (v: number | null): string => (v === null ? "–" : `${(Math.round(v * 1000) / 10).toFixed(1)} %`);
export const num = (v: number | null, digits = 1): string => (v === null ? "–" : String(Math.round(v * 10 ** digits) / 10 ** digits));

const paint = (look: Look, code: number, s: string) => (look.color ? `\u001b[${code}m${s}\u001b[0m` : s);
export const green = (look: Look, s: string) => paint(look, 32, s);
export const red = (look: Look, s: string) => paint(look, 31, s);
export const yellow = (look: Look, s: string) => paint(look, 33, s);
export const bold = (look: Look, s: string) => paint(look, 1, s);

/** A horizontal bar of `value` against `max` in `width` cells (full block on a colour terminal, # under NO_COLOR). */
export function bar(look: Look, value: number, max: number, width: number): string {
  if (max <= 0 || width <= 0) return "";
  const cells = Math.round((value / max) * width);
  return (look.color ? "█" : "#").repeat(Math.max(value > 0 ? 1 : 0, cells));
}

/** One line per labelled value with a bar scaled to the terminal width. */
export function barChart(look: Look, title: string, rows: readonly { label: string; value: number }[], unit = ""): string[] {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const labelW = Math.max(...rows.map((r) => r.label.length), 1);
  const numW = Math.max(...rows.map((r) => String(r.value).length), 1);
  const barW = Math.max(10, look.width - labelW - numW - 4);
  return [bold(look, title), ...rows.map((r) => `${r.label.padEnd(labelW)} ${String(r.value).padStart(numW)} ${bar(look, r.value, max, barW)}`.trimEnd()), ...(unit ? [] : [])];
}

/** CSV with RFC 4180 quoting. */
export function csv(headers: readonly string[], rows: readonly (readonly (string | number | null | boolean)[])[]): string {
  const q = (v: string | number | null | boolean) => {
    const s = v === null ? "" : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers, ...rows].map((r) => r.map(q).join(",")).join("\n");
}
