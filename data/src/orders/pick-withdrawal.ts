/**
 * A cancelled order leaves picking (core's `withdrawFromPicking` effect): its pick-list lines still
 * to be picked are cancelled, each list it was on records an `order-cancelled` pick event, and a list
 * or wave left without lines closes, all in the cancelling transaction.
 */
import { ACTIVE_PICK_LISTS, OPEN_LINES, writePickEvent } from "../planning/common.js";
import { closeEmptyPickLists } from "../planning/waves.js";
import { iso, type Actor, type Tx } from "../db/unit-of-work.js";

/** A pick-list line taken off its trip. */
export interface WithdrawnLine {
  readonly pickListId: number;
  readonly lineId: number;
  readonly location: string;
  readonly sku: string;
  /** Units that were still to be picked. */
  readonly quantity: number;
}

export async function withdrawFromPicking(tx: Tx, order: { readonly id: number; readonly number: string }, reason: string, by: Actor): Promise<WithdrawnLine[]> {
  const lines = await tx
    .selectFrom("pick_list_lines")
    .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
    .select(["pick_list_lines.id", "pick_list_lines.pick_list_id", "pick_list_lines.location", "pick_list_lines.sku", "pick_list_lines.quantity", "pick_list_lines.picked_quantity", "pick_lists.wave_id"])
    .where("pick_list_lines.order_id", "=", order.id)
    .where("pick_list_lines.status", "in", [...OPEN_LINES])
    .where("pick_lists.status", "in", [...ACTIVE_PICK_LISTS])
    .execute();
  if (lines.length === 0) return [];
  const removed = lines.map((l) => ({ pickListId: l.pick_list_id, lineId: l.id, location: l.location, sku: l.sku, quantity: l.quantity - l.picked_quantity }));
  await tx
    .updateTable("pick_list_lines")
    .set({ status: "cancelled", location_confirmed: 0, updated_at: iso(by.now) })
    .where("id", "in", lines.map((l) => l.id))
    .execute();
  for (const listId of new Set(lines.map((l) => l.pick_list_id))) {
    await writePickEvent(tx, { pickListId: listId, orderId: order.id, type: "order-cancelled", detail: { order: order.number, reason, lines: removed.filter((r) => r.pickListId === listId) } }, by);
  }
  for (const waveId of new Set(lines.map((l) => l.wave_id))) await closeEmptyPickLists(tx, waveId, by);
  return removed;
}
