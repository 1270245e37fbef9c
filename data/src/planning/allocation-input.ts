/**
 * Turning stored facts into `allocateOrder` input: warehouse candidates (priority, coordinates,
 * shipment cost, cut-off) joined with the availability the store computed, the order's ship-to
 * coordinates, and "now" (an instant; cut-offs are compared in each warehouse's time zone). Used by reservations (store.ts) and `allocate`.
 */
import type { Kysely, Transaction } from "kysely";
import {
  allocateOrder,
  type AllocationResult,
  type AllocationStrategy,
  type GeoPoint,
  type HoldLine,
  type HoldPlan,
  type Order,
  type WarehouseAvailability,
  type WarehouseCandidate,
} from "@pickpack/core";
import type { Database } from "../db/schema.js";

type Q = Kysely<Database> | Transaction<Database>;

/**
 * `now` for `allocateOrder`: the ISO 8601 instant. Each warehouse's "HH:MM" cut-off is a local time
 * in the warehouse's own time zone (`warehouses.time_zone`, carried on every candidate), so core
 * compares the instant in that zone; the host's time zone plays no part.
 */
export function allocationNow(now: number): string {
  return new Date(now).toISOString();
}

/**
 * @deprecated use `allocationNow` (same value). Kept for callers written when cut-offs were compared
 * in the host's local time: it now returns the instant, compared in each warehouse's time zone.
 */
export const localClock = allocationNow;

export function shipToPoint(address: { readonly latitude?: number | undefined; readonly longitude?: number | undefined }): GeoPoint | undefined {
  return typeof address.latitude === "number" && typeof address.longitude === "number"
    ? { latitude: address.latitude, longitude: address.longitude }
    : undefined;
}

/** Candidates for `allocateOrder`: every warehouse with its stored facts and the given availability. */
export async function warehouseCandidates(q: Q, availability: readonly WarehouseAvailability[]): Promise<WarehouseCandidate[]> {
  const rows = await q.selectFrom("warehouses").select(["code", "priority", "latitude", "longitude", "cost_per_shipment", "cutoff", "time_zone"]).execute();
  const facts = new Map(rows.map((r) => [r.code, r]));
  return availability.map((a) => {
    const f = facts.get(a.warehouse);
    return {
      code: a.warehouse,
      priority: a.priority,
      available: Object.fromEntries(a.available),
      ...(f ? { location: { latitude: f.latitude, longitude: f.longitude }, costPerShipment: f.cost_per_shipment, cutoff: f.cutoff, timeZone: f.time_zone } : {}),
    };
  });
}

/** Split an order's lines (quantities given per line) with the stored warehouse facts. */
export async function splitOrder(
  q: Q,
  order: Pick<Order, "number" | "shipTo">,
  lines: readonly { readonly lineNo: number; readonly sku: string; readonly quantity: number }[],
  availability: readonly WarehouseAvailability[],
  strategy: AllocationStrategy,
  now: number,
): Promise<AllocationResult> {
  return allocateOrder({
    orderId: order.number,
    strategy,
    lines: lines.map((l) => ({ lineId: String(l.lineNo), sku: l.sku, quantity: l.quantity })),
    warehouses: await warehouseCandidates(q, availability),
    shipTo: shipToPoint(order.shipTo),
    now: allocationNow(now),
  });
}

/** The holds of a split: one per line and warehouse, in line order, each line's parts in the order taken. */
export function holdsOf(result: AllocationResult): HoldLine[] {
  return result.lines.flatMap((l) => l.parts.map((p) => ({ lineNo: Number(l.lineId), sku: l.sku, warehouse: p.warehouse, quantity: p.quantity })));
}

/** The store's reservation plan for a new order, from the real splitting. */
export async function planReservation(
  q: Q,
  order: Order,
  availability: readonly WarehouseAvailability[],
  strategy: AllocationStrategy,
  now: number,
): Promise<HoldPlan> {
  const result = await splitOrder(q, order, order.lines, availability, strategy, now);
  if (!result.complete) return { ok: false, missing: result.missing.map((m) => ({ lineNo: Number(m.lineId), sku: m.sku, missing: m.quantity })) };
  return { ok: true, holds: holdsOf(result) };
}
