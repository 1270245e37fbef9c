/**
 * Each report as sections (title, columns, rows) and an optional chart: printed as tables on the terminal,
 * written as CSV (the report's main section, documented in docs/reports.md) and as the PDF's tables.
 */
import type { AccuracyReport, AnyReport, FulfilmentReport, KpiReport, ReturnsReport, StatusReport, StockReport, ThroughputReport } from "@pickpack/data/reports";
import { num, pct } from "./format.js";

export type Cell = string | number | null;

export interface Section {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface Presentation {
  readonly title: string;
  readonly subtitle: string;
  readonly chart?: { readonly title: string; readonly bars: readonly { readonly label: string; readonly value: number }[] };
  readonly sections: readonly Section[];
  /** The section `--csv` writes. */
  readonly csv: Section;
}

const KPI_MARK = { ok: "✓", missed: "✗", "no-data": "–" } as const;

export function present(r: AnyReport): Presentation {
  const p = r.period;
  const subtitle = `${p.label} (${p.timeZone})${p.warehouse ? ` · warehouse ${p.warehouse}` : " · all warehouses"} · ${p.from} .. ${p.to} · generated ${p.generatedAt}`;
  const base = (title: string, sections: Section[], csv = sections[0]!, chart?: Presentation["chart"]): Presentation => ({ title, subtitle, sections, csv, ...(chart ? { chart } : {}) });
  switch (r.report) {
    case "status":
      return status(r, base);
    case "throughput":
      return throughput(r, base);
    case "accuracy":
      return accuracy(r, base);
    case "fulfilment":
      return fulfilment(r, base);
    case "kpi":
      return kpi(r, base);
    case "stock":
      return stock(r, base);
    case "returns":
      return returns(r, base);
  }
}

type Base = (title: string, sections: Section[], csv?: Section, chart?: Presentation["chart"]) => Presentation;

function status(r: StatusReport, base: Base): Presentation {
  const board: Section = { title: "Open orders by state and time in that state", columns: ["warehouse", "status", ...r.ageBuckets, "total"], rows: r.board.map((b) => [b.warehouse, b.status, ...r.ageBuckets.map((a) => b.ages[a]), b.total]) };
  const waves: Section = { title: "Waves of the period", columns: ["wave", "warehouse", "status", "cut-off", "lines", "units", "picked", "progress"], rows: r.waves.map((w) => [w.wave, w.warehouse, w.status, w.cutoff, w.lines, w.units, w.picked, pct(w.progress)]) };
  const cutoff: Section = {
    title: "Today's carrier cut-off",
    columns: ["warehouse", "cut-off", "units left", "picked/h", "min needed", "min left", "verdict"],
    rows: r.cutoff.map((c) => [c.warehouse, `${c.cutoff} ${c.timeZone}`, c.remainingUnits, c.pickRatePerHour, c.minutesNeeded, c.minutesLeft, c.verdict]),
  };
  return base("Status board", [board, waves, cutoff]);
}

function throughput(r: ThroughputReport, base: Base): Presentation {
  const t = r.totals;
  const totals: Section = { title: "Totals", columns: ["", "orders", "lines/cartons", "units"], rows: [["picked", t.picked.orders, t.picked.lines, t.picked.units], ["packed", t.packed.orders, t.packed.cartons, t.packed.units]] };
  const hours: Section = {
    title: "Per hour",
    columns: ["date", "hour", "start", "orders picked", "lines picked", "units picked", "orders packed", "cartons packed", "units packed"],
    rows: r.hours.map((h) => [h.date, h.hour, h.start, h.picked.orders, h.picked.lines, h.picked.units, h.packed.orders, h.packed.cartons, h.packed.units]),
  };
  // On screen and on paper: the hours with work in them, without the UTC start.
  const worked = r.hours.filter((h) => h.picked.units > 0 || h.packed.units > 0);
  const multiDay = new Set(r.hours.map((h) => h.date)).size > 1;
  const shown: Section = {
    title: "Per hour",
    columns: [multiDay ? "date hour" : "hour", "orders picked", "lines picked", "units picked", "orders packed", "cartons packed", "units packed"],
    rows: worked.map((h) => [multiDay ? `${h.date} ${h.hour}` : h.hour, h.picked.orders, h.picked.lines, h.picked.units, h.packed.orders, h.packed.cartons, h.packed.units]),
  };
  // The chart: per hour for a day, per day for longer periods.
  const perDay = new Map<string, number>();
  for (const h of r.hours) perDay.set(h.date, (perDay.get(h.date) ?? 0) + h.picked.units);
  const chart = multiDay
    ? { title: "Units picked per day", bars: [...perDay].map(([date, value]) => ({ label: date.slice(5), value })) }
    : { title: "Units picked per hour", bars: r.hours.map((h) => ({ label: h.hour, value: h.picked.units })) };
  const person = (title: string, rows: ThroughputReport["pickers"]): Section => ({ title, columns: ["person", "events", "lines", "units", "active min", "units/h"], rows: rows.map((x) => [x.person, x.events, x.lines, x.units, x.activeMinutes, x.unitsPerHour]) });
  const wh: Section = { title: "Per warehouse", columns: ["warehouse", "units picked", "units packed"], rows: r.warehouses.map((w) => [w.warehouse, w.pickedUnits, w.packedUnits]) };
  return base(
    "Throughput",
    [totals, wh, shown, person(`Pickers (idle gaps over ${r.idleGapMinutes} min left out)`, r.pickers), person(`Packers (idle gaps over ${r.idleGapMinutes} min left out)`, r.packers)],
    hours,
    chart,
  );
}

function accuracy(r: AccuracyReport, base: Base): Presentation {
  const s: Section = {
    title: "Accuracy",
    columns: ["metric", "value"],
    rows: [
      ["item scans (picks)", r.picking.itemScans],
      ["short picks", r.picking.shortPicks],
      ["wrong-item scans (picking)", r.picking.wrongItemScans],
      ["wrong-location scans", r.picking.wrongLocationScans],
      ["picking accuracy", pct(r.picking.accuracy)],
      ["cartons closed", r.packing.cartonsClosed],
      ["weight-check failures", r.packing.weightFailures],
      ["supervisor overrides", r.packing.supervisorOverrides],
      ["wrong-item scans (packing)", r.packing.wrongItemScans],
      ["wrong-label scans", r.packing.wrongLabelScans],
      ["mis-pack rate", pct(r.packing.misPackRate)],
    ],
  };
  return base("Accuracy", [s]);
}

function fulfilment(r: FulfilmentReport, base: Base): Presentation {
  const s: Section = {
    title: "Fulfilment of orders shipped in the period",
    columns: ["metric", "value"],
    rows: [
      ["orders shipped", r.shipped],
      ["confirmed → shipped p50 (h)", num(r.hours.p50)],
      ["confirmed → shipped p90 (h)", num(r.hours.p90)],
      ["confirmed → shipped max (h)", num(r.hours.max)],
      ["on time (ship-by or cut-off)", `${r.onTime} (${pct(r.onTimeRate)})`],
      ["shipped complete", `${r.shippedComplete} (${pct(r.shippedCompleteRate)})`],
      ["perfect orders", `${r.perfect} (${pct(r.perfectOrderRate)})`],
      ["back-orders created", `${r.backorders.created} (${r.backorders.units} units)`],
      ["back-orders open now", r.backorders.open],
    ],
  };
  return base("Fulfilment", [s]);
}

function kpiCell(row: KpiReport["kpis"][number], v: number | null): string {
  if (v === null) return "–";
  return row.unit === "ratio" ? pct(v) : `${num(v)} ${row.unit}`;
}

function kpi(r: KpiReport, base: Base): Presentation {
  const s: Section = { title: "KPIs", columns: ["metric", "target", "current", "status"], rows: r.kpis.map((k) => [k.title, `${k.comparison} ${kpiCell(k, k.target)}`, kpiCell(k, k.current), KPI_MARK[k.status]]) };
  const o: Section = { title: "Orders", columns: ["created", "cancelled", "shipped"], rows: [[r.orders.created, r.orders.cancelled, r.orders.shipped]] };
  return base("KPIs", [s, o]);
}

function stock(r: StockReport, base: Base): Presentation {
  const cols = ["warehouse", "sku", "on hand", "held", "available", "reorder at", "target", "order", "days cover", "over-alloc"];
  const row = (i: StockReport["items"][number]): Cell[] => [i.warehouse, i.sku, i.onHand, i.held, i.available, i.reorderPoint, i.reorderTarget, i.suggestedOrder, i.daysOfCover, i.overAllocated];
  const below: Section = { title: "At or below the reorder point", columns: cols, rows: r.belowReorderPoint.map(row) };
  const over: Section = { title: "Over-allocated (held beyond on hand)", columns: cols, rows: r.overAllocated.map(row) };
  const all: Section = { title: `Every SKU with a reorder point (days of cover at the last ${r.rateWindowDays} days' picks)`, columns: cols, rows: r.items.map(row) };
  const counts: Section = { title: "Open cycle counts", columns: ["task", "warehouse", "location", "sku", "since"], rows: r.openCycleCounts.map((c) => [c.id, c.warehouse, c.location, c.sku, c.createdAt]) };
  return base("Stock", [below, over, all, counts], all);
}

function returns(r: ReturnsReport, base: Base): Presentation {
  const s: Section = {
    title: "Returns",
    columns: ["metric", "value"],
    rows: [
      ["orders shipped", r.shipped],
      ["return requests", r.returnRequests],
      ["return rate", pct(r.returnRate)],
      ["refunds approved (QC passed)", r.qualityCheck.refundApproved],
      ["refunds rejected (QC failed)", r.qualityCheck.refundRejected],
      ["refunds processed", r.refunds.processed],
      ["refund amount", r.refunds.amount.toFixed(2)],
    ],
  };
  const reasons: Section = { title: "Reasons", columns: ["reason", "returns"], rows: r.reasons.map((x) => [x.reason, x.count]) };
  return base("Returns", [s, reasons]);
}
