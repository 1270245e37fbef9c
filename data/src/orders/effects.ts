/**
 * The effect interpreter: carries out what core's order machine asks for besides the new state
 * (stock holds, shipping stock, restock, put-back tasks, leaving picking). Every effect type has its
 * case; the outbox messages and the order row are written by the service around it.
 */
import type { Order, OrderEffect } from "@pickpack/core";
import type { Actor, Tx } from "../db/unit-of-work.js";
import { addStock, allocateHolds, endHolds, insertHolds, shipAllocations } from "../stock/repository.js";
import { insertPutBackTasks, pickedUnitsOf } from "./repository.js";
import { withdrawFromPicking, type WithdrawnLine } from "./pick-withdrawal.js";

/** What carrying out the effects did that the caller may report. */
export interface EffectReport {
  /** Pick-list lines taken off their trips by a cancellation. */
  readonly withdrawn: readonly WithdrawnLine[];
}

export async function applyEffects(tx: Tx, order: Order, effects: readonly OrderEffect[], by: Actor): Promise<EffectReport> {
  const withdrawn: WithdrawnLine[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case "holdStock":
        await insertHolds(tx, order.id, effect.holds, effect.expiresAt, by.now);
        break;
      case "allocateHeldStock":
        await allocateHolds(tx, order.id, by.now);
        break;
      case "releaseStock":
        await endHolds(tx, order.id, effect.reason === "reservation expired" ? "expired" : "released", by.now);
        break;
      case "createPutBackTask":
        await createPutBackTasks(tx, order.id, effect.lines, by.now);
        break;
      case "withdrawFromPicking":
        withdrawn.push(...(await withdrawFromPicking(tx, order, effect.reason, by)));
        break;
      case "shipAllocatedStock":
        await shipAllocations(tx, order.id, by.now);
        break;
      case "restock":
        for (const line of effect.lines) await addStock(tx, effect.warehouse, effect.location, line.sku, line.quantity);
        break;
      case "setTracking":
        break; // saved with the order row
      case "outbox":
        break; // written together by the service
      default: {
        const unhandled: never = effect;
        throw new Error(`no interpreter for order effect ${JSON.stringify(unhandled)}`);
      }
    }
  }
  return { withdrawn };
}

/**
 * Picked units of a cancelled order go back where they were picked from: one open put-back task per
 * warehouse, location and SKU (from the order's pick-list lines); units picked some other way get a
 * task without a location (the person completing it says where they go).
 */
async function createPutBackTasks(tx: Tx, orderId: number, lines: readonly { lineNo: number; sku: string; quantity: number }[], now: number): Promise<void> {
  const left = new Map(lines.map((l) => [l.lineNo, l.quantity]));
  const rows: { warehouse: string | null; payload: Record<string, unknown> }[] = [];
  for (const p of await pickedUnitsOf(tx, orderId)) {
    const qty = Math.min(p.quantity, left.get(p.lineNo) ?? 0);
    if (qty <= 0) continue;
    left.set(p.lineNo, (left.get(p.lineNo) ?? 0) - qty);
    rows.push({ warehouse: p.warehouse, payload: { location: p.location, sku: p.sku, quantity: qty, lineNo: p.lineNo } });
  }
  for (const l of lines) {
    const qty = left.get(l.lineNo) ?? 0;
    if (qty > 0) rows.push({ warehouse: null, payload: { location: null, sku: l.sku, quantity: qty, lineNo: l.lineNo } });
  }
  await insertPutBackTasks(tx, orderId, rows, now);
}
