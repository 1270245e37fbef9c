/**
 * A supervisor report as a mailable A4/Letter PDF: a title, the period, an optional bar chart (e.g. units
 * per hour) and the report's tables one after the other, drawn with the documents' table pages.
 */
import type { PaperSize } from "@pickpack/core";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout } from "../layout/types.js";
import { tablePages, type TableRow } from "../documents/table.js";
import { renderPdf, unicodeMeasurer } from "../pdf/pdf-document.js";

export interface ReportSection {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

export interface ReportDocumentData {
  readonly title: string;
  /** Period, zone, warehouse, generated at. */
  readonly subtitle: string;
  readonly chart?: { readonly title: string; readonly bars: readonly { readonly label: string; readonly value: number }[] };
  readonly sections: readonly ReportSection[];
  readonly paper?: PaperSize;
}

const MAX_COLUMNS = 10;
const CHART_HEIGHT = 90;

export function reportLayout(data: ReportDocumentData, measurer: TextMeasurer): PageLayout[] {
  const width = Math.min(MAX_COLUMNS, Math.max(2, ...data.sections.map((s) => s.columns.length)));
  const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? "–" : String(v));
  const rows: TableRow[] = [];
  for (const s of data.sections) {
    rows.push({ heading: s.title, cells: [] });
    rows.push({ cells: pad(s.columns.slice(0, width).map((c) => c.toUpperCase()), width) });
    if (s.rows.length === 0) rows.push({ cells: pad(["(none)"], width) });
    for (const r of s.rows) rows.push({ cells: pad(r.slice(0, width).map(cell), width) });
  }
  return tablePages({
    paper: data.paper ?? "A4",
    measurer,
    title: data.title,
    header: (b, x, y, w) => {
      b.text(x, y, w, 12, data.subtitle, { maxSize: 9, minSize: 6, maxLines: 1 });
      if (!data.chart || data.chart.bars.length === 0) return 16;
      const bars = data.chart.bars;
      const top = y + 30;
      b.text(x, y + 16, w, 11, data.chart.title, { maxSize: 9, bold: true, maxLines: 1 });
      const max = Math.max(1, ...bars.map((v) => v.value));
      const slot = w / bars.length;
      bars.forEach((bar, i) => {
        const h = (bar.value / max) * (CHART_HEIGHT - 22);
        if (h > 0) b.rule(x + i * slot + slot * 0.15, top + (CHART_HEIGHT - 22) - h, slot * 0.7, h);
        if (bars.length <= 24 || i % 2 === 0) b.text(x + i * slot, top + CHART_HEIGHT - 20, slot, 8, bars.length > 24 ? bar.label.slice(0, 2) : bar.label, { maxSize: 6, minSize: 4, maxLines: 1, align: "center" });
      });
      return 30 + CHART_HEIGHT;
    },
    columns: Array.from({ length: width }, (_, i) => ({ title: "", weight: i === 0 ? 2.2 : 1, align: i === 0 ? ("left" as const) : ("right" as const) })),
    rows,
    rowHeight: 14,
  });
}

const pad = (cells: string[], n: number) => [...cells, ...Array<string>(Math.max(0, n - cells.length)).fill("")];

/** The report as PDF bytes. */
export function renderReportPdf(data: ReportDocumentData): Promise<Uint8Array> {
  return renderPdf(reportLayout(data, unicodeMeasurer), { title: data.title });
}
