import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  activeRate,
  ageBucket,
  cutoffDeadline,
  cutoffRisk,
  evaluateAlerts,
  hourBuckets,
  kpiTable,
  onTimeVerdict,
  parseAlertThresholds,
  parseKpiTargets,
  percentile,
  rate,
  resolvePeriod,
  startOfLocalDay,
  stockHealth,
  summarize,
  DEFAULT_KPI_TARGETS,
  InputError,
  type AlertFacts,
} from "@pickpack/core";

const T = (iso: string) => Date.parse(iso);

describe("percentiles and rates", () => {
  it("nearest rank on a hand-computed list", () => {
    const v = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 90)).toBe(9);
    expect(percentile(v, 100)).toBe(10);
    expect(percentile([42], 50)).toBe(42);
    expect(percentile([42], 90)).toBe(42);
    expect(summarize([])).toEqual({ count: 0, p50: null, p90: null, max: null });
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p90: 3, max: 3 });
  });
  it("an empty period has no rate rather than 0 %", () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });
  it("a percentile is one of the values and lies between min and max", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1 }), fc.integer({ min: 1, max: 100 }), (v, p) => {
        const x = percentile(v, p)!;
        expect(v).toContain(x);
        expect(x).toBeGreaterThanOrEqual(Math.min(...v));
        expect(x).toBeLessThanOrEqual(Math.max(...v));
      }),
    );
  });
});

describe("periods in the warehouse's zone", () => {
  const now = T("2026-11-23T12:00:00Z");
  it("a day starts at local midnight: New York 05:00 UTC, Tokyo 15:00 UTC the day before", () => {
    expect(resolvePeriod({ day: "2026-11-23" }, "America/New_York", now)).toMatchObject({ from: T("2026-11-23T05:00:00Z"), to: T("2026-11-24T05:00:00Z") });
    expect(resolvePeriod({ day: "2026-11-23" }, "Asia/Tokyo", now)).toMatchObject({ from: T("2026-11-22T15:00:00Z"), to: T("2026-11-23T15:00:00Z") });
  });
  it("today by default; a DST day in New York is 23 hours long", () => {
    expect(resolvePeriod({}, "UTC", now)).toMatchObject({ from: T("2026-11-23T00:00:00Z"), to: T("2026-11-24T00:00:00Z"), label: "2026-11-23" });
    const p = resolvePeriod({ day: "2026-03-08" }, "America/New_York", now);
    expect(p.to - p.from).toBe(23 * 3_600_000);
    expect(startOfLocalDay("2026-03-09", "America/New_York")).toBe(T("2026-03-09T04:00:00Z"));
  });
  it("a week runs Monday to Monday", () => {
    const p = resolvePeriod({ week: "2026-11-26" }, "Europe/Berlin", now);
    expect(p).toMatchObject({ from: T("2026-11-22T23:00:00Z"), to: T("2026-11-29T23:00:00Z"), label: "week of 2026-11-23" });
  });
  it("--from/--to take dates (whole local days) and instants", () => {
    expect(resolvePeriod({ from: "2026-11-20", to: "2026-11-21" }, "Asia/Tokyo", now)).toMatchObject({ from: T("2026-11-19T15:00:00Z"), to: T("2026-11-21T15:00:00Z") });
    expect(resolvePeriod({ from: "2026-11-23T08:00:00Z", to: "2026-11-23T09:30:00+01:00" }, "UTC", now)).toMatchObject({ from: T("2026-11-23T08:00:00Z"), to: T("2026-11-23T08:30:00Z") });
  });
  it("malformed or contradictory periods are input errors", () => {
    for (const bad of [{ day: "2026-02-30" }, { day: "23.11.2026" }, { from: "2026-11-23T08:00:00" }, { from: "2026-11-24", to: "2026-11-23" }, { day: "2026-11-23", week: "" }]) {
      expect(() => resolvePeriod(bad, "UTC", now)).toThrow(InputError);
    }
  });
  it("hour buckets are labelled in local time", () => {
    const b = hourBuckets(resolvePeriod({ day: "2026-11-23" }, "Asia/Tokyo", now));
    expect(b).toHaveLength(24);
    expect(b[0]).toEqual({ start: T("2026-11-22T15:00:00Z"), label: "00:00" });
  });
});

describe("active pick rate", () => {
  it("gaps over the idle threshold are not counted", () => {
    const m = 60_000;
    // 4 picks 1 min apart, a 30 min break, 2 more picks 2 min apart: active 3 + 2 = 5 min, 6 units → 72/h.
    const at = [0, 1, 2, 3, 33, 35].map((x) => T("2026-11-23T08:00:00Z") + x * m);
    expect(activeRate(at.map((a) => ({ at: a, units: 1 })))).toEqual({ units: 6, events: 6, activeMs: 5 * m, perHour: 72 });
    expect(activeRate([{ at: 0, units: 3 }]).perHour).toBeNull();
    expect(activeRate([]).perHour).toBeNull();
  });
});

describe("on time and cut-off", () => {
  it("the deadline is ship-by, else the cut-off of the day of confirmation (or the next when confirmed after it)", () => {
    // Berlin cut-off 16:00 local = 15:00 UTC in November.
    expect(cutoffDeadline(T("2026-11-23T10:00:00Z"), "16:00", "Europe/Berlin")).toBe(T("2026-11-23T15:00:00Z"));
    expect(cutoffDeadline(T("2026-11-23T15:30:00Z"), "16:00", "Europe/Berlin")).toBe(T("2026-11-24T15:00:00Z"));
    // Tokyo: confirmed 23:30 UTC on the 22nd = 08:30 on the 23rd local, cut-off 17:00 local = 08:00 UTC on the 23rd.
    expect(cutoffDeadline(T("2026-11-22T23:30:00Z"), "17:00", "Asia/Tokyo")).toBe(T("2026-11-23T08:00:00Z"));
    const base = { confirmedAt: T("2026-11-23T10:00:00Z"), cutoff: "16:00", timeZone: "Europe/Berlin" };
    expect(onTimeVerdict({ ...base, shippedAt: T("2026-11-23T15:00:00Z"), shipBy: null })).toBe("on-time");
    expect(onTimeVerdict({ ...base, shippedAt: T("2026-11-23T15:01:00Z"), shipBy: null })).toBe("late");
    expect(onTimeVerdict({ ...base, shippedAt: T("2026-11-25T09:00:00Z"), shipBy: T("2026-11-26T00:00:00Z") })).toBe("on-time");
  });
  it("cut-off risk: remaining units ÷ rate against the minutes left in the zone", () => {
    const now = T("2026-11-23T13:00:00Z"); // 14:00 Berlin, 120 min to a 16:00 cut-off
    expect(cutoffRisk(100, 60, now, "16:00", "Europe/Berlin")).toMatchObject({ minutesLeft: 120, minutesNeeded: 100, verdict: "ok" });
    expect(cutoffRisk(200, 60, now, "16:00", "Europe/Berlin")).toMatchObject({ minutesNeeded: 200, verdict: "at-risk" });
    expect(cutoffRisk(5, null, now, "16:00", "Europe/Berlin").verdict).toBe("at-risk");
    expect(cutoffRisk(0, null, now, "16:00", "Europe/Berlin").verdict).toBe("ok");
    expect(cutoffRisk(5, 60, now, "13:00", "Europe/Berlin").verdict).toBe("passed");
  });
  it("age buckets", () => {
    const now = T("2026-11-23T12:00:00Z");
    expect([0.5, 1, 3.9, 4, 23, 24].map((h) => ageBucket(now - h * 3_600_000, now))).toEqual(["<1h", "1-4h", "1-4h", "4-24h", "4-24h", ">24h"]);
  });
});

describe("KPI table", () => {
  it("✓ strictly inside the target, ✗ outside, no data without orders", () => {
    const rows = kpiTable({ orderCreationMs: 120, fulfilmentHours: 24, orderAccuracy: 0.995, cancellationRate: 0.06, returnRate: null });
    expect(rows.map((r) => [r.metric, r.status])).toEqual([
      ["orderCreationMs", "ok"],
      ["fulfilmentHours", "missed"],
      ["orderAccuracy", "ok"],
      ["cancellationRate", "missed"],
      ["returnRate", "no-data"],
    ]);
    expect(rows.map((r) => r.target)).toEqual([500, 24, 0.99, 0.05, 0.1]);
  });
  it("targets from config: defaults kept, every bad key listed", () => {
    expect(parseKpiTargets({ fulfilmentHours: 48 })).toEqual({ ...DEFAULT_KPI_TARGETS, fulfilmentHours: 48 });
    expect(parseKpiTargets(undefined)).toEqual(DEFAULT_KPI_TARGETS);
    const e = (() => {
      try {
        parseKpiTargets({ returnRate: 2, nope: 1 });
      } catch (x) {
        return x as InputError;
      }
    })();
    expect(e).toBeInstanceOf(InputError);
    expect(e!.code).toBe("REPORT_CONFIG_INVALID");
    expect(e!.issues.map((i) => i.field)).toEqual(["kpi.returnRate", "kpi.nope"]);
  });
});

describe("stock health", () => {
  it("below the reorder point on available stock; days of cover at the recent daily rate; over-allocation", () => {
    const h = stockHealth({ warehouse: "WH1", sku: "A", onHand: 30, held: 25, recentUnits: 70, reorderPoint: 10, reorderTarget: 50 }, 7);
    expect(h).toMatchObject({ available: 5, daysOfCover: 3, belowReorderPoint: true, suggestedOrder: 45, overAllocated: 0 });
    expect(stockHealth({ warehouse: "WH1", sku: "B", onHand: 2, held: 5, recentUnits: 0, reorderPoint: null, reorderTarget: null }, 7)).toMatchObject({ daysOfCover: null, belowReorderPoint: false, overAllocated: 3 });
  });
});

describe("alert rules", () => {
  const quiet: AlertFacts = { cancellation: { created: 100, cancelled: 10 }, lowStock: [], cutoff: [], outbox: { pending: 3, oldestPendingMs: 60_000 }, devices: [], reservationsExpiringSoon: 49 };
  it("all quiet at the thresholds", () => {
    expect(evaluateAlerts(quiet)).toEqual([]);
  });
  it("each rule fires just past its threshold", () => {
    const fired = evaluateAlerts({
      cancellation: { created: 100, cancelled: 11 },
      lowStock: [{ warehouse: "WH1", sku: "A", available: 2, reorderPoint: 5 }],
      cutoff: [{ warehouse: "WH1", ...cutoffRisk(200, 60, T("2026-11-23T13:00:00Z"), "16:00", "Europe/Berlin") }],
      outbox: { pending: 3, oldestPendingMs: 5 * 60_000 + 1 },
      deliveries: [{ destination: "webhook:erp", failures: 2, pending: 7, oldestPendingMs: 1000 }],
      devices: [{ device: "d1", name: "Pack 1", role: "packer", silentMs: 16 * 60_000 }],
      reservationsExpiringSoon: 50,
    });
    expect(fired.map((a) => a.rule)).toEqual(["cancellation-rate", "low-stock", "cutoff-risk", "outbox-backlog", "delivery-failing", "device-silent", "reservation-burst"]);
  });
  it("a cancellation spike on too few orders is not a trend", () => {
    expect(evaluateAlerts({ ...quiet, cancellation: { created: 2, cancelled: 2 } })).toEqual([]);
  });
  it("thresholds from config", () => {
    expect(parseAlertThresholds({ deviceSilentMinutes: 30 }).deviceSilentMinutes).toBe(30);
    expect(() => parseAlertThresholds({ cancellationRate: -1 })).toThrow(InputError);
  });
});
