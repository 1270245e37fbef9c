/**
 * The facts `pickpack alerts` and the dashboard evaluate (core's evaluateAlerts decides what fires):
 * cancellations in the window, SKUs below their reorder point, cut-off risk, the outbox backlog, devices
 * silent during the shift, reservations about to expire. Delivery health per destination comes from the
 * outbox relay when it is known: pass it in as `deliveries`.
 */
import { sql } from "kysely";
import { HOLDING_STATES, localDate, startOfLocalDay, type AlertFacts, type AlertThresholds, type DeliveryHealthInput } from "@pickpack/core";
import { epochMs, iso, n, nOrNull } from "./sql.js";
import { cutoffRisks } from "./status.js";
import { stockItems } from "./stock.js";
import { orderInWarehouse, type ReportContext } from "./scope.js";

export async function alertFacts(ctx: ReportContext, t: AlertThresholds, deliveries?: readonly DeliveryHealthInput[]): Promise<AlertFacts> {
  const { db, dialect, scope } = ctx;
  const now = scope.now;
  const windowStart = iso(now - t.cancellationWindowMinutes * 60_000);
  const cancel = await sql<{ created: unknown; cancelled: unknown }>`
    select count(*) as created, sum(case when o.status = 'Cancelled' then 1 else 0 end) as cancelled from orders o
    where o.created_at >= ${windowStart} and o.created_at <= ${iso(now)} ${orderInWarehouse(ctx, "o.id")}`.execute(db);
  const low = (await stockItems(db, dialect, now, scope.warehouse)).filter((i) => i.belowReorderPoint);
  const outbox = await sql<{ pending: unknown; oldest: unknown }>`
    select count(*) as pending, ${epochMs(dialect, sql`min(created_at)`)} as oldest from outbox where delivered_at is null`.execute(db);
  const oldest = nOrNull(outbox.rows[0]?.oldest);
  const held = sql.join(HOLDING_STATES.map((s) => sql`${s}`));
  const expiring = await sql<{ c: unknown }>`
    select count(*) as c from reservations where state in (${held}) and expires_at > ${iso(now)} and expires_at <= ${iso(now + t.reservationBurstWindowMinutes * 60_000)}
    ${scope.warehouse === undefined ? sql`` : sql`and warehouse = ${scope.warehouse}`}`.execute(db);
  return {
    cancellation: { created: n(cancel.rows[0]?.created), cancelled: n(cancel.rows[0]?.cancelled) },
    lowStock: low.map((s) => ({ warehouse: s.warehouse, sku: s.sku, available: s.available, reorderPoint: s.reorderPoint ?? 0 })),
    // Cut-off risk only counts during the shift, in each warehouse's own zone (nobody picks at 02:00).
    cutoff: (await cutoffRisks(ctx)).filter((c) => inShift(now, c.timeZone, t)),
    outbox: { pending: n(outbox.rows[0]?.pending), oldestPendingMs: oldest === null ? null : Math.max(0, now - Math.round(oldest)) },
    ...(deliveries ? { deliveries } : {}),
    devices: await silentDevices(ctx, t),
    reservationsExpiringSoon: n(expiring.rows[0]?.c),
  };
}

/** Devices (not revoked) that scanned since today's shift start, with the time since their last scan; none outside the shift. */
async function silentDevices(ctx: ReportContext, t: AlertThresholds): Promise<AlertFacts["devices"]> {
  const { db, dialect, scope } = ctx;
  const zone = scope.period.timeZone;
  if (!inShift(scope.now, zone, t)) return [];
  const shiftStart = startOfLocalDay(localDate(scope.now, zone), zone) + t.shiftStartHour * 3_600_000;
  const rows = await sql<{ id: string; name: string; role: string; last: unknown }>`
    select d.id, d.name, d.role, ${epochMs(dialect, sql`max(s.created_at)`)} as last from gateway_devices d join gateway_scans s on s.device_id = d.id
    where d.revoked_at is null and s.created_at >= ${iso(shiftStart)} and s.created_at <= ${iso(scope.now)}
    group by d.id, d.name, d.role order by d.id`.execute(db);
  return rows.rows.map((r) => ({ device: r.id, name: r.name, role: r.role, silentMs: Math.max(0, scope.now - Math.round(n(r.last))) }));
}

/** Is `now` inside the shift hours in `timeZone`? */
function inShift(now: number, timeZone: string, t: AlertThresholds): boolean {
  const midnight = startOfLocalDay(localDate(now, timeZone), timeZone);
  return now >= midnight + t.shiftStartHour * 3_600_000 && now < midnight + t.shiftEndHour * 3_600_000;
}
