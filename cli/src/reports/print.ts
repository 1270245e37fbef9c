/** Printing a report: human tables (with a chart on a terminal), CSV of its main section, or a PDF through the labels package. */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { AnyReport } from "@pickpack/data/reports";
import type { CommandContext } from "../context.js";
import { table } from "../output/table.js";
import { barChart, bold, csv, green, lookOf, red, type Look } from "./format.js";
import { present, type Presentation } from "./present.js";

/** The human form, as lines. */
export function humanLines(p: Presentation, look: Look): string[] {
  const out = [bold(look, p.title), p.subtitle];
  if (look.tty && p.chart && p.chart.bars.some((b) => b.value > 0)) out.push("", ...barChart(look, p.chart.title, p.chart.bars));
  for (const s of p.sections) {
    out.push("", bold(look, s.title));
    if (s.rows.length === 0) out.push("  (none)");
    else out.push(mark(look, table(s.columns, s.rows)));
  }
  return out;
}

/** ✓ green, ✗ red, at-risk red on a colour terminal. */
const mark = (look: Look, text: string) => (look.color ? text.replace(/✓/g, green(look, "✓")).replace(/✗|at-risk/g, (m) => red(look, m)) : text);

export interface OutputOptions {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly pdf?: string;
}

export async function printReport(ctx: CommandContext, report: AnyReport, opts: OutputOptions): Promise<void> {
  const p = present(report);
  if (opts.pdf !== undefined) {
    const { renderReportPdf } = await import("@pickpack/labels");
    // The PDF's standard font has no ✓, ✗ or →: words on paper.
    const ink = (t: string) => t.replace(/→/g, "to");
    const cell = (c: string | number | null) => (c === "✓" ? "met" : c === "✗" ? "missed" : typeof c === "string" ? ink(c) : c);
    const paper = p.sections.map((sec) => ({ title: ink(sec.title), columns: sec.columns.map(ink), rows: sec.rows.map((r) => r.map(cell)) }));
    const bytes = await renderReportPdf({ title: p.title, subtitle: p.subtitle, sections: paper, ...(p.chart ? { chart: p.chart } : {}) });
    await writeFile(resolve(ctx.io.cwd, opts.pdf), bytes);
    if (!opts.json && !opts.csv) return ctx.print(`wrote the ${report.report} report (${p.subtitle.split(" · ")[0]}; PDF, ${bytes.byteLength} bytes) to ${opts.pdf}`);
  }
  if (opts.json) return ctx.printJson(report);
  if (opts.csv) return ctx.print(csv(p.csv.columns, p.csv.rows));
  for (const line of humanLines(p, lookOf(ctx.io))) ctx.print(line);
}
