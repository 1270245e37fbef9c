/** One dashboard poll: today's throughput, the status board and the alert rules, from the database. */
import { evaluateAlerts, localDate, type AlertThresholds } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { gatherAlertFacts, report, type StatusReport, type ThroughputReport } from "@pickpack/data/reports";
import type { DashboardSnapshot } from "./snapshot.js";

export interface SnapshotOptions {
  readonly warehouse?: string;
  readonly timeZone?: string;
  readonly alerts: AlertThresholds;
  readonly idleGapMs: number;
}

export async function loadSnapshot(store: SqlStore, now: number, o: SnapshotOptions): Promise<DashboardSnapshot> {
  const request = { ...(o.warehouse !== undefined ? { warehouse: o.warehouse } : {}), ...(o.timeZone !== undefined ? { timeZone: o.timeZone } : {}) };
  const t = (await report(store, "throughput", request, now, { idleGapMs: o.idleGapMs })) as ThroughputReport;
  const s = (await report(store, "status", request, now)) as StatusReport;
  const facts = await gatherAlertFacts(store, request, now, o.alerts);
  const byStatus = new Map<string, number>();
  for (const row of s.board) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + row.total);
  const zone = t.period.timeZone;
  const clock = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
  return {
    at: now,
    clock: `${localDate(now, zone)} ${clock} ${zone}`,
    warehouse: o.warehouse ?? null,
    hours: t.hours.filter((h) => Date.parse(h.start) <= now).map((h) => ({ hour: h.hour, packed: h.packed.orders, picked: h.picked.orders })),
    statuses: [...byStatus].map(([status, count]) => ({ status, count })),
    pickers: t.pickers.map((p) => ({ person: p.person, units: p.units, unitsPerHour: p.unitsPerHour })),
    alerts: evaluateAlerts(facts, o.alerts),
    today: { picked: t.totals.picked.units, packed: t.totals.packed.units },
  };
}
