/**
 * Planning-aware cancellation: the order is cancelled through the lifecycle (Processing → Cancelled
 * only while nothing is packed; picked items get a put-back task through the lifecycle's effect), and
 * its open pick-list lines leave their trips in the same transaction.
 */
import type { TransitionOutput } from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { iso, writePickEvent, type Actor } from "./common.js";
import { closeEmptyPickLists } from "./waves.js";

export interface PlanningCancellation {
  readonly transition: TransitionOutput;
  /** Pick-list lines taken off their trips (they were still to be picked). */
  readonly removedLines: readonly { readonly pickListId: number; readonly lineId: number; readonly location: string; readonly sku: string; readonly quantity: number }[];
  /** Units already picked into totes: a put-back task was created for them. */
  readonly putBack: readonly { readonly lineNo: number; readonly sku: string; readonly quantity: number }[];
}

export async function cancelOrderInTx(tx: StoreTransaction, ref: string, reason: string, by: Actor): Promise<PlanningCancellation> {
  const transition = await tx.applyOrderEvent(ref, { type: "Cancel", reason }, by);
  const orderId = transition.order.id;
  const lines = await tx.db
    .selectFrom("pick_list_lines")
    .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
    .select(["pick_list_lines.id", "pick_list_lines.pick_list_id", "pick_list_lines.location", "pick_list_lines.sku", "pick_list_lines.quantity", "pick_list_lines.picked_quantity", "pick_lists.wave_id"])
    .where("pick_list_lines.order_id", "=", orderId)
    .where("pick_list_lines.status", "in", ["open", "skipped"])
    .where("pick_lists.status", "in", ["planned", "released", "picking"])
    .execute();
  const removedLines = lines.map((l) => ({ pickListId: l.pick_list_id, lineId: l.id, location: l.location, sku: l.sku, quantity: l.quantity - l.picked_quantity }));
  if (lines.length > 0) {
    await tx.db
      .updateTable("pick_list_lines")
      .set({ status: "cancelled", location_confirmed: 0, updated_at: iso(by.now) })
      .where("id", "in", lines.map((l) => l.id))
      .execute();
    for (const listId of new Set(lines.map((l) => l.pick_list_id))) {
      await writePickEvent(
        tx.db,
        { pickListId: listId, orderId, type: "order-cancelled", detail: { order: transition.order.number, reason, lines: removedLines.filter((r) => r.pickListId === listId) } },
        by,
      );
    }
    for (const waveId of new Set(lines.map((l) => l.wave_id))) await closeEmptyPickLists(tx.db, waveId, by);
  }
  const putBack = (transition.metadata.putBack as PlanningCancellation["putBack"] | undefined) ?? [];
  return { transition, removedLines, putBack };
}

export function cancelOrder(store: SqlStore, ref: string, reason: string, by: Actor): Promise<PlanningCancellation> {
  return store.transaction((tx) => cancelOrderInTx(tx, ref, reason, by));
}
