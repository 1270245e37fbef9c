/**
 * Turning stored facts into `allocateOrder` input: warehouse candidates (priority, coordinates,
 * shipment cost, cut-off) joined with the availability the store computed, the order's ship-to
 * coordinates, and "now" in the cut-offs' form. Used by reservations (store.ts) and `allocate`.
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
import type { Database } from "../schema.js";

type Q = Kysely<Database> | Transaction<Database>;

/** "HH:MM" of `now` in this process's local time zone: the warehouses' cut-offs are local times of day. */
export function localClock(now: number): string {
  const d = new Date(now);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export function shipToPoint(address: { readonly latitude?: number | undefined; readonly longitude?: number | undefined }): GeoPoint | undefined {
  return typeof address.latitude === "number" && typeof address.longitude === "number"
    ? { latitude: address.latitude, longitude: address.longitude }
    : undefined;
}

/** Candidates for `allocateOrder`: every warehouse with its stored facts and the given availability. */
export async function warehouseCandidates(q: Q, availability: readonly WarehouseAvailability[]): Promise<WarehouseCandidate[]> {
  const rows = await q.selectFrom("warehouses").select(["code", "priority", "latitude", "longitude", "cost_per_shipment", "cutoff"]).execute();
  const facts = new Map(rows.map((r) => [r.code, r]));
  return availability.map((a) => {
    const f = facts.get(a.warehouse);
    return {
      code: a.warehouse,
      priority: a.priority,
      available: Object.fromEntries(a.available),
      ...(f ? { location: { latitude: f.latitude, longitude: f.longitude }, costPerShipment: f.cost_per_shipment, cutoff: f.cutoff } : {}),
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
    now: localClock(now),
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
