/** Every report and the alert facts on a small recorded history, against hand-computed values, on SQLite and PostgreSQL. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ALERT_THRESHOLDS, InputError, evaluateAlerts } from "@pickpack/core";
import { lowStock, type SqlStore } from "@pickpack/data";
import { gatherAlertFacts, importReorderPoints, report, type AccuracyReport, type FulfilmentReport, type KpiReport, type ReturnsReport, type StatusReport, type StockReport, type ThroughputReport } from "@pickpack/data/reports";
import { backends } from "./backends.js";
import { loadReportsFixture, reportsSeed } from "./reports-fixture.js";

const NOW = Date.parse("2026-11-24T12:00:00Z");
const DAY = "2026-11-23";

for (const backend of backends) {
  describe.skipIf(!backend.available)(`reports on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const opened = await backend.open();
      store = opened.store;
      cleanup = opened.cleanup;
      await loadReportsFixture(store);
    });
    afterAll(async () => cleanup());

    it("throughput in New York's day: 5 units picked by Ana at 75/h active (a 30 min break left out), 3 packed by Ben at 45/h", async () => {
      const r = (await report(store, "throughput", { day: DAY, warehouse: "NY" }, NOW)) as ThroughputReport;
      expect(r.period).toMatchObject({ from: "2026-11-23T05:00:00.000Z", to: "2026-11-24T05:00:00.000Z", timeZone: "America/New_York", warehouse: "NY" });
      expect(r.totals).toEqual({ picked: { orders: 2, lines: 3, units: 5 }, packed: { orders: 2, cartons: 2, units: 3 } });
      expect(r.pickers).toEqual([{ person: "u-ana", events: 5, lines: 3, units: 5, activeMinutes: 4, unitsPerHour: 75 }]);
      expect(r.packers).toEqual([{ person: "u-ben", events: 2, lines: 2, units: 3, activeMinutes: 4, unitsPerHour: 45 }]);
      expect(r.hours).toHaveLength(24);
      expect(r.hours[8]).toMatchObject({ hour: "08:00", picked: { units: 5 } }); // 13:xx UTC = 08:xx in New York
      expect(r.hours[14]).toMatchObject({ hour: "14:00", packed: { cartons: 2, units: 3 } });
      expect(r.hours.reduce((s, h) => s + h.picked.units, 0)).toBe(5);
      expect(r.warehouses).toEqual([{ warehouse: "NY", pickedUnits: 5, packedUnits: 3 }]);
    });

    it("accuracy: 5 item scans, 1 short, 1 wrong item → 5/7; 1 weight failure of 2 cartons, overridden", async () => {
      const r = (await report(store, "accuracy", { day: DAY, warehouse: "NY" }, NOW)) as AccuracyReport;
      expect(r.picking).toEqual({ itemScans: 5, shortPicks: 1, wrongItemScans: 1, wrongLocationScans: 0, accuracy: 5 / 7 });
      expect(r.packing).toEqual({ cartonsClosed: 2, weightFailures: 1, supervisorOverrides: 1, wrongItemScans: 0, wrongLabelScans: 0, misPackRate: 0.5 });
    });

    it("fulfilment in New York: 6.8 h and 12.9 h; N2 shipped after the 16:00 cut-off and short one unit", async () => {
      const r = (await report(store, "fulfilment", { day: DAY, warehouse: "NY" }, NOW)) as FulfilmentReport;
      expect(r).toMatchObject({ shipped: 2, hours: { count: 2, p50: 6.8, p90: 12.9, max: 12.9 }, onTime: 1, onTimeRate: 0.5, shippedComplete: 1, shippedCompleteRate: 0.5, perfect: 1, perfectOrderRate: 0.5 });
    });

    it("a single order in Tokyo's day (which starts 15:00 UTC the day before): on time, but a damage return is not a perfect order", async () => {
      const r = (await report(store, "fulfilment", { day: DAY, warehouse: "TK" }, NOW)) as FulfilmentReport;
      expect(r.period).toMatchObject({ from: "2026-11-22T15:00:00.000Z", to: "2026-11-23T15:00:00.000Z" });
      expect(r).toMatchObject({ shipped: 1, hours: { count: 1, p50: 14.9, p90: 14.9, max: 14.9 }, onTimeRate: 1, shippedCompleteRate: 1, perfect: 0, perfectOrderRate: 0 });
      const ret = (await report(store, "returns", { day: DAY, warehouse: "TK" }, NOW)) as ReturnsReport;
      expect(ret).toMatchObject({ shipped: 1, returnRequests: 1, returnRate: 1, reasons: [{ reason: "damaged in transit", count: 1 }] });
    });

    it("KPI table for New York: creation p90 600 ms ✗, fulfilment 12.9 h ✓, accuracy 50 % ✗, cancellation 1/3 ✗ (N3 was created the day before, local time), returns 0 ✓", async () => {
      const r = (await report(store, "kpi", { day: DAY, warehouse: "NY" }, NOW)) as KpiReport;
      expect(r.orders).toEqual({ created: 3, cancelled: 1, shipped: 2 });
      expect(r.kpis.map((k) => [k.metric, k.current, k.status])).toEqual([
        ["orderCreationMs", 600, "missed"],
        ["fulfilmentHours", 12.9, "ok"],
        ["orderAccuracy", 0.5, "missed"],
        ["cancellationRate", 1 / 3, "missed"],
        ["returnRate", 0, "ok"],
      ]);
      const custom = (await report(store, "kpi", { day: DAY, warehouse: "NY" }, NOW, { kpiTargets: { orderCreationMs: 1000, fulfilmentHours: 12, orderAccuracy: 0.4, cancellationRate: 0.5, returnRate: 0.1 } })) as KpiReport;
      expect(custom.kpis.map((k) => k.status)).toEqual(["ok", "missed", "ok", "ok", "ok"]);
    });

    it("without a warehouse the day is UTC's when zones differ: 5 orders created on 23 November UTC", async () => {
      const r = (await report(store, "kpi", { day: DAY }, NOW)) as KpiReport;
      expect(r.period).toMatchObject({ timeZone: "UTC", from: "2026-11-23T00:00:00.000Z" });
      expect(r.orders.created).toBe(5);
    });

    it("an empty period: zeros, and no rate rather than 0 %", async () => {
      const k = (await report(store, "kpi", { day: "2026-11-20", warehouse: "NY" }, NOW)) as KpiReport;
      expect(k.orders).toEqual({ created: 0, cancelled: 0, shipped: 0 });
      expect(k.kpis.every((x) => x.current === null && x.status === "no-data")).toBe(true);
      const f = (await report(store, "fulfilment", { day: "2026-11-20", warehouse: "NY" }, NOW)) as FulfilmentReport;
      expect(f).toMatchObject({ shipped: 0, hours: { count: 0, p50: null, p90: null, max: null }, onTimeRate: null });
      const t = (await report(store, "throughput", { day: "2026-11-20", warehouse: "NY" }, NOW)) as ThroughputReport;
      expect(t.totals.picked.units).toBe(0);
      expect(t.pickers).toEqual([]);
    });

    it("status board: open orders by state × age, the day's waves, cut-off risk in each warehouse's zone", async () => {
      const r = (await report(store, "status", { day: DAY }, NOW)) as StatusReport;
      expect(r.board).toEqual([
        { warehouse: "NY", status: "Shipped", total: 2, ages: { "<1h": 0, "1-4h": 0, "4-24h": 2, ">24h": 0 } },
        { warehouse: "TK", status: "Confirmed", total: 1, ages: { "<1h": 0, "1-4h": 0, "4-24h": 1, ">24h": 0 } },
        { warehouse: "TK", status: "ReturnRequested", total: 1, ages: { "<1h": 0, "1-4h": 0, "4-24h": 0, ">24h": 1 } },
      ]);
      expect(r.waves).toEqual([{ wave: expect.any(Number), warehouse: "NY", status: "complete", cutoff: "16:00", lines: 3, units: 6, picked: 5, progress: 0.833 }]);
      // 05:00 UTC = 14:00 in Tokyo: 3 units wait, nobody picks → at risk; midnight in New York with nothing to pick.
      const early = (await report(store, "status", {}, Date.parse("2026-11-24T05:00:00Z"))) as StatusReport;
      expect(early.cutoff).toEqual([
        { warehouse: "NY", cutoff: "16:00", timeZone: "America/New_York", remainingUnits: 0, pickRatePerHour: null, minutesLeft: 960, minutesNeeded: 0, verdict: "ok" },
        { warehouse: "TK", cutoff: "17:00", timeZone: "Asia/Tokyo", remainingUnits: 3, pickRatePerHour: null, minutesLeft: 180, minutesNeeded: null, verdict: "at-risk" },
      ]);
    });

    it("stock: below the reorder point, days of cover at the last 7 days' picks, over-allocation, open cycle counts", async () => {
      const now = Date.parse("2026-11-24T05:00:00Z");
      const r = (await report(store, "stock", {}, now)) as StockReport;
      expect(r.items.map((i) => [i.warehouse, i.sku, i.onHand, i.held, i.available, i.daysOfCover, i.belowReorderPoint, i.suggestedOrder, i.overAllocated])).toEqual([
        ["NY", "A", 6, 0, 6, 8.4, false, 0, 0],
        ["NY", "B", 1, 0, 1, null, true, 9, 0],
        ["TK", "A", 2, 3, 0, null, false, 0, 1],
      ]);
      expect(r.belowReorderPoint.map((i) => i.sku)).toEqual(["B"]);
      expect(r.overAllocated.map((i) => `${i.sku}@${i.warehouse}`)).toEqual(["A@TK"]);
      expect(r.openCycleCounts).toMatchObject([{ warehouse: "NY", location: "A-02", sku: "B" }]);
      expect((await lowStock(store, { now })).map((i) => `${i.sku}@${i.warehouse}`)).toEqual(["B@NY"]);
    });

    it("alerts: low stock, Tokyo's cut-off at risk, an outbox event waiting an hour; nothing else", async () => {
      const now = Date.parse("2026-11-24T05:00:00Z");
      const facts = await gatherAlertFacts(store, {}, now, DEFAULT_ALERT_THRESHOLDS);
      expect(facts.outbox).toEqual({ pending: 1, oldestPendingMs: 3_600_000 });
      expect(facts.cutoff.map((c) => c.warehouse)).toEqual(["TK"]); // midnight in New York: outside its shift
      expect(evaluateAlerts(facts).map((a) => a.rule)).toEqual(["low-stock", "cutoff-risk", "outbox-backlog"]);
      // Inside the UTC shift (06:00-22:00) the handheld that scanned at 13:30 is silent 30 min later.
      const inShift = await gatherAlertFacts(store, { day: DAY }, Date.parse("2026-11-23T14:00:00Z"), DEFAULT_ALERT_THRESHOLDS);
      expect(inShift.devices).toEqual([{ device: "dev-1", name: "Handheld 1", role: "picker", silentMs: 30 * 60_000 }]);
    });

    it("--json shapes are stable", async () => {
      const keys = async (kind: Parameters<typeof report>[1]) => Object.keys(await report(store, kind, { day: DAY }, NOW));
      expect(await keys("status")).toEqual(["report", "period", "ageBuckets", "board", "waves", "cutoff"]);
      expect(await keys("throughput")).toEqual(["report", "period", "idleGapMinutes", "totals", "warehouses", "hours", "pickers", "packers"]);
      expect(await keys("accuracy")).toEqual(["report", "period", "picking", "packing"]);
      expect(await keys("fulfilment")).toEqual(["report", "period", "shipped", "hours", "onTime", "onTimeRate", "shippedComplete", "shippedCompleteRate", "perfect", "perfectOrderRate", "backorders"]);
      expect(await keys("kpi")).toEqual(["report", "period", "orders", "kpis"]);
      expect(await keys("stock")).toEqual(["report", "period", "rateWindowDays", "belowReorderPoint", "overAllocated", "items", "openCycleCounts"]);
      expect(await keys("returns")).toEqual(["report", "period", "shipped", "returnRequests", "returnRate", "reasons", "qualityCheck", "refunds"]);
      expect(Object.keys((await report(store, "kpi", { day: DAY }, NOW)).period)).toEqual(["from", "to", "timeZone", "label", "warehouse", "generatedAt"]);
    });

    it("an unknown warehouse is an input error", async () => {
      await expect(report(store, "kpi", { warehouse: "XX" }, NOW)).rejects.toMatchObject({ code: "WAREHOUSE_NOT_FOUND" });
    });
  });

  describe.skipIf(!backend.available)(`reorder points import on ${backend.name}`, () => {
    it("all or nothing: every bad row is reported; a good file is stored and replaces earlier points", async () => {
      const { store, cleanup } = await backend.open();
      try {
        await store.importData(reportsSeed(), { now: 0, actor: "test" });
        expect(evaluateAlerts(await gatherAlertFacts(store, {}, NOW, DEFAULT_ALERT_THRESHOLDS))).toEqual([]); // all quiet
        const dir = mkdtempSync(join(tmpdir(), "pickpack-rp-"));
        const bad = join(dir, "bad.csv");
        writeFileSync(bad, "warehouse,sku,reorderPoint,target\nNY,A,5,20\nNY,ZZ,1,\nXX,A,-1,\nNY,A,3,2\n");
        const e = await importReorderPoints(store, bad, { now: 0 }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).code).toBe("IMPORT_INVALID");
        expect((e as InputError).issues.map((i) => `${i.line}:${i.field ?? ""}`)).toEqual(["3:sku", "4:reorderPoint", "5:", "5:target"]);
        expect(await store.kysely.selectFrom("reorder_points").selectAll().execute()).toEqual([]);
        const good = join(dir, "good.json");
        writeFileSync(good, JSON.stringify([{ warehouse: "NY", sku: "A", reorderPoint: 5, target: 20 }, { warehouse: "TK", sku: "A", reorderPoint: 1 }]));
        expect(await importReorderPoints(store, good, { now: 0 })).toMatchObject({ records: 2 });
        writeFileSync(good, JSON.stringify([{ warehouse: "NY", sku: "A", reorderPoint: 7, target: 30 }]));
        await importReorderPoints(store, good, { now: 0 });
        const rows = await store.kysely.selectFrom("reorder_points").select(["warehouse", "sku", "reorder_point", "target"]).orderBy("warehouse").execute();
        expect(rows.map((r) => ({ ...r, reorder_point: Number(r.reorder_point), target: r.target === null ? null : Number(r.target) }))).toEqual([
          { warehouse: "NY", sku: "A", reorder_point: 7, target: 30 },
          { warehouse: "TK", sku: "A", reorder_point: 1, target: null },
        ]);
        // 6 of A on hand in New York, reorder point now 7: the low-stock rule fires (it was quiet before the import).
        expect(evaluateAlerts(await gatherAlertFacts(store, {}, NOW, DEFAULT_ALERT_THRESHOLDS)).map((a) => a.message)).toEqual(["1 SKU at or below the reorder point: A@NY 6/7"]);
      } finally {
        await cleanup();
      }
    });
  });
}
