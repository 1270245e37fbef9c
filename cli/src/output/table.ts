/** Aligned text tables for human output. Numbers right-aligned, text left-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = rows.map((r) => headers.map((_, i) => cell(r[i])));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] == null));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => displayWidth(r[i] ?? ""))));
  const fmt = (r: readonly string[]) =>
    r
      .map((c, i) => (numeric[i] ? padStart(c, widths[i] ?? 0) : padEnd(c, widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [fmt(headers), fmt(widths.map((w) => "-".repeat(w))), ...cells.map(fmt)].join("\n");
}

function cell(v: string | number | null | undefined): string {
  if (v == null) return "";
  return sanitizeForTerminal(String(v));
}

/** Strip control characters so stored text can never move the cursor or change colours. */
export function sanitizeForTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "\uFFFD");
}

function displayWidth(s: string): number {
  return [...s].length;
}
function padEnd(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - displayWidth(s)));
}
function padStart(s: string, w: number): string {
  return " ".repeat(Math.max(0, w - displayWidth(s))) + s;
}
