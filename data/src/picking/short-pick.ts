/**
 * The short pick as a workflow: load the line, the location's record and the stock elsewhere, let
 * core's short-pick policy decide (found units picked, record corrected, missing units from other
 * locations of the warehouse, else other warehouses, else back-ordered), and save it all in the
 * caller's transaction with a cycle-count task, outbox messages and a pick event.
 */
import { PICK_LINE_STATUS, assessShortPick, coverElsewhere, coverFromOtherLocations, pickPointOf, resequenceTrip } from "@pickpack/core";
import type { StoreTransaction } from "../store.js";
import { allocationNow, shipToPoint, warehouseCandidates } from "../planning/allocation-input.js";
import { committedAtLocations, freeLocations, iso, loadLayout, type Actor } from "../planning/common.js";
import { insertHoldRows, onHandAt, setOnHand, shrinkAllocation } from "../stock/repository.js";
import { addBackorder, addCycleCountTask, insertOpenLine, setLineStatus, setSeqs, tripLines, writePickEvent } from "./repository.js";
import { lineOfStop, loadPickList, nextPickTask, startIfReleased, takeUnits, targetLine, type PickTask } from "./trip.js";

/** A short pick names its line by id, or by the stop number shown by `picklists show`, the PDF and the handheld. */
export type ShortPickRequest = {
  readonly pickListId: number | string;
  readonly found: number;
  /** Why (found fewer, damaged, location empty …): recorded with the short pick. */
  readonly reason?: string;
} & ({ readonly lineId: number } | { readonly stop: number });

export interface ShortPickResult {
  readonly lineId: number;
  readonly found: number;
  readonly missing: number;
  /** New lines on this trip from other locations of the same warehouse. */
  readonly replanned: readonly { readonly lineId: number; readonly location: string; readonly quantity: number }[];
  /** Units moved to other warehouses (a new shipment each; picked in a wave there). */
  readonly moved: readonly { readonly warehouse: string; readonly quantity: number }[];
  /** Units no warehouse has: back-ordered. */
  readonly backordered: number;
  readonly next: PickTask | null;
}

/**
 * Short pick: the picker found only `found` units (in all, including units already scanned) for a
 * line. The found units are picked, the location's record is corrected to empty (a cycle-count task
 * is opened), and the rest is re-allocated: from other locations of the same warehouse (new lines on
 * this trip, in route order), else from other warehouses (the order's allocation moves there: a new
 * shipment, picked in a wave of that warehouse), else back-ordered. All in the caller's transaction.
 */
export async function shortPick(
  tx: StoreTransaction,
  request: ShortPickRequest,
  by: Actor,
): Promise<ShortPickResult> {
  const list = await loadPickList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, "stop" in request ? await lineOfStop(tx, list.id, request.stop) : request.lineId);
  const found = request.found;
  const key = { warehouse: list.warehouse, location: line.location, sku: line.sku };
  const onRecord = await onHandAt(tx.db, key);
  const decision = assessShortPick({ id: line.id, quantity: line.quantity, picked: line.picked_quantity }, found, onRecord);
  const now = iso(by.now);
  // The picker holds more than the record says: book the difference in before taking it.
  if (decision.bookInTo !== undefined) await setOnHand(tx.db, key, decision.bookInTo);
  if (decision.take > 0) await takeUnits(tx, list, line, decision.take, by);
  // The location is empty: correct the record and ask for a count.
  if (decision.correctToEmpty) await setOnHand(tx.db, key, 0);
  await addCycleCountTask(tx.db, list.warehouse, { location: line.location, sku: line.sku, onRecord, found, correctedTo: 0, pickListId: list.id, lineId: line.id }, now);
  await setLineStatus(tx.db, line.id, PICK_LINE_STATUS.Short, now);
  await startIfReleased(tx, list, by);

  const detail: Record<string, unknown> = { location: line.location, sku: line.sku, quantity: line.quantity, found, onRecord, ...(request.reason ? { reason: request.reason } : {}) };

  // 1. Other locations of the same warehouse.
  const committed = await committedAtLocations(tx.db, list.warehouse, [line.sku]);
  const here = coverFromOtherLocations(await freeLocations(tx.db, list.warehouse, line.sku, committed), line.location, decision.missing);
  const replanned: { lineId: number; location: string; quantity: number }[] = [];
  if (here.picks.length > 0) {
    const layout = await loadLayout(tx.db, list.warehouse);
    for (const c of here.picks) {
      const p = pickPointOf(layout, { code: c.stock.location, ...c.stock });
      const lineId = await insertOpenLine(
        tx.db,
        {
          pickListId: list.id,
          location: c.stock.location,
          aisle: p.aisle,
          position: p.y,
          sku: line.sku,
          quantity: c.quantity,
          orderId: line.order_id,
          lineNo: line.line_no,
          tote: line.tote,
          note: `re-allocated after a short pick of line ${line.id} at ${line.location}`,
        },
        now,
      );
      replanned.push({ lineId, location: c.stock.location, quantity: c.quantity });
    }
    const all = await tripLines(tx.db, list.id);
    await setSeqs(tx.db, resequenceTrip(layout, all.map((l) => ({ ...l, orderId: l.order_id, lineNo: l.line_no, point: { aisle: l.aisle, y: l.position } }))));
  }

  // 2. Other warehouses, 3. back-order: the order's allocation here shrinks by what leaves.
  let moved: readonly { warehouse: string; quantity: number }[] = [];
  let backordered = 0;
  if (here.missing > 0) {
    const order = (await tx.loadOrder(line.order_id))!;
    const availability = (await tx.availability([line.sku], by.now)).filter((w) => w.warehouse !== list.warehouse);
    const elsewhere = coverElsewhere({
      orderNumber: order.number,
      lineNo: line.line_no,
      sku: line.sku,
      missing: here.missing,
      warehouses: await warehouseCandidates(tx.db, availability),
      shipTo: shipToPoint(order.shipTo),
      now: allocationNow(by.now),
    });
    const lineKey = { orderId: line.order_id, lineNo: line.line_no };
    await shrinkAllocation(tx.db, { ...lineKey, warehouse: list.warehouse }, here.missing, by.now);
    const movedHolds = elsewhere.moved.map((m) => ({ lineNo: line.line_no, warehouse: m.warehouse, sku: line.sku, quantity: m.quantity }));
    await insertHoldRows(tx.db, line.order_id, movedHolds, "allocated", null, by.now);
    moved = elsewhere.moved;
    if (moved.length > 0) {
      await tx.writeOutbox(line.order_id, "inventory.reallocated.v1", { orderNumber: order.number, reason: "short pick", lineNo: line.line_no, sku: line.sku, from: list.warehouse, to: moved }, by.now);
    }
    if (elsewhere.backordered > 0) {
      backordered = elsewhere.backordered;
      await addBackorder(tx.db, { ...lineKey, sku: line.sku, quantity: backordered, warehouse: list.warehouse }, now);
      await tx.writeOutbox(line.order_id, "inventory.backordered.v1", { orderNumber: order.number, lineNo: line.line_no, sku: line.sku, quantity: backordered }, by.now);
    }
  }
  Object.assign(detail, { replanned, moved, backordered });
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "short", detail }, by);
  return { lineId: line.id, found, missing: line.quantity - found, replanned, moved, backordered, next: await nextPickTask(tx, list.id) };
}
