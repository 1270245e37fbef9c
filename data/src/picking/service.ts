/**
 * The picking service: what a handheld does on a trip (next task, assign, confirm location, confirm
 * item, skip, complete the trip; the short pick is in ./short-pick.ts). Every function takes the
 * caller's `StoreTransaction` first (the gateway records the scan and the change in one transaction
 * and acks after commit); `PickingService` wraps each in its own transaction for the CLI. Each loads
 * the facts (./repository.ts), lets core's pick-list machine decide, and saves.
 *
 * Refusals throw `DomainError` with a stable code (a `PICK_*` code of the error-code catalogue) and change nothing:
 * PICK_LIST_NOT_FOUND, PICK_LIST_NOT_RELEASED, PICK_LIST_CLOSED, PICK_NOT_ON_TRIP, PICK_LINE_DONE,
 * PICK_WRONG_LOCATION, PICK_LOCATION_NOT_CONFIRMED, PICK_WRONG_ITEM, PICK_OVERPICK, PICK_STOCK_MISSING,
 * PICK_NOT_SHORT, PICK_TRIP_NOT_DONE, PICK_NOTHING_TO_PICK. Bad quantities are `InputError` PICK_QUANTITY_INVALID.
 */
import {
  DomainError,
  PICK_LINE_STATUS,
  PICK_LIST_STATUS,
  checkItemPick,
  checkLocationConfirmed,
  checkLocationScan,
  checkPickQuantity,
  checkTripDone,
  lineStatusAfterPick,
  skippedSeq,
  tripHandOver,
  waveComplete,
} from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { iso, type Actor } from "../planning/common.js";
import { resolveScannedItem } from "../scanning/resolve.js";
import {
  completeWave,
  confirmLocationLines,
  handOverLines,
  maxSeqOf,
  nextReleasedPickList,
  pickListInProgress,
  setLineStatus,
  setPickListStatus,
  waveListStatuses,
  writePickEvent,
} from "./repository.js";
import { shortPick, type ShortPickRequest, type ShortPickResult } from "./short-pick.js";
import { lineFacts, loadPickList, nextPickTask, startIfReleased, takeUnits, targetLine, toTask, walkingOrder, type PickTask } from "./trip.js";


export type { PickTask };


export interface PickItemResult {
  readonly lineId: number;
  readonly sku: string;
  readonly picked: number;
  readonly quantity: number;
  /** True when the line is now complete. */
  readonly lineDone: boolean;
  /** The next task, or null when every line is done (complete the trip). */
  readonly next: PickTask | null;
}

export interface TripCompletion {
  readonly pickListId: number;
  readonly packStation: string | null;
  /** What goes to the pack station: per tote its orders (batch mode: one entry, tote null, sorted at packing). */
  readonly totes: readonly { readonly tote: number | null; readonly orders: readonly string[] }[];
  readonly orders: readonly { readonly order: string; readonly picked: number; readonly short: number }[];
}

/**
 * Give a picker work: the pick list they already have in progress, else the oldest released one
 * (optionally of one warehouse), which becomes theirs. Null when there is nothing to pick.
 */
export async function assignNextPickList(
  tx: StoreTransaction,
  request: { readonly picker: string; readonly warehouse?: string },
  by: Actor,
): Promise<{ readonly pickListId: number; readonly waveId: number; readonly task: PickTask | null } | null> {
  const current = await pickListInProgress(tx.db, request.picker, request.warehouse);
  if (current) return { pickListId: current.id, waveId: current.wave_id, task: await nextPickTask(tx, current.id) };
  const next = await nextReleasedPickList(tx, request.warehouse);
  if (!next) return null;
  await setPickListStatus(tx.db, next.id, PICK_LIST_STATUS.Picking, iso(by.now), { picker: request.picker });
  await writePickEvent(tx.db, { pickListId: next.id, type: "assigned", detail: { picker: request.picker } }, by);
  return { pickListId: next.id, waveId: next.wave_id, task: await nextPickTask(tx, next.id) };
}

/** Confirm the picker stands at the stop: the scanned location must be the line's location. */
export async function confirmPickLocation(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly location: string; readonly lineId?: number },
  by: Actor,
): Promise<PickTask> {
  const list = await loadPickList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, request.lineId);
  try {
    checkLocationScan(line, request.location, await walkingOrder(tx, list.id));
  } catch (e) {
    // An item scanned before its location: say so, rather than "not on this trip".
    const sku = e instanceof DomainError && e.code === "PICK_WRONG_LOCATION" ? await skuOfScan(tx, request.location.trim()) : undefined;
    if (sku === undefined) throw e;
    throw new DomainError(
      "PICK_LOCATION_NOT_CONFIRMED",
      sku === line.sku
        ? `scan location ${line.location} first, then the item (${sku} is this stop's item)`
        : `${request.location.trim()} is an item (${sku}), not a location: scan location ${line.location} first`,
      { expected: line.location, scanned: request.location.trim(), sku },
    );
  }
  await startIfReleased(tx, list, by);
  await confirmLocationLines(tx.db, list.id, line.location, iso(by.now));
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "location", detail: { location: line.location } }, by);
  const lines = await walkingOrder(tx, list.id);
  return toTask(tx, lines.find((l) => l.id === line.id)!, lines.length);
}

/** The SKU a scanned code names, by the one scan resolver (GS1, GTINs, barcodes, the SKU's own code). */
async function skuOfScan(tx: StoreTransaction, code: string): Promise<string | undefined> {
  const r = await resolveScannedItem(tx.db, code, { skuCodes: true });
  return r.ok ? r.value.item?.sku : undefined;
}

/** Confirm item scan(s): the code must name the line's SKU; `quantity` units (default 1) are picked. */
export async function confirmPickItem(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly code: string; readonly quantity?: number; readonly lineId?: number },
  by: Actor,
): Promise<PickItemResult> {
  const quantity = request.quantity ?? 1;
  checkPickQuantity(quantity, "quantity");
  const list = await loadPickList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, request.lineId);
  checkLocationConfirmed(lineFacts(line));
  const code = request.code.trim();
  const sku = await skuOfScan(tx, code);
  const { lineDone } = checkItemPick(lineFacts(line), { code, sku }, quantity);
  await takeUnits(tx, list, line, quantity, by);
  await startIfReleased(tx, list, by);
  if (lineDone) await setLineStatus(tx.db, line.id, lineStatusAfterPick(true, line.status), iso(by.now));
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "item", detail: { sku, quantity, code } }, by);
  return { lineId: line.id, sku: line.sku, picked: line.picked_quantity + quantity, quantity: line.quantity, lineDone, next: await nextPickTask(tx, list.id) };
}

/** Skip a line: it moves to the end of the trip (it can still be picked there). */
export async function skipPickLine(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly lineId?: number; readonly reason?: string },
  by: Actor,
): Promise<PickTask | null> {
  const list = await loadPickList(tx, request.pickListId, true);
  const line = await targetLine(tx, list, request.lineId);
  const seq = skippedSeq(await maxSeqOf(tx.db, list.id));
  await startIfReleased(tx, list, by);
  await setLineStatus(tx.db, line.id, PICK_LINE_STATUS.Skipped, iso(by.now), { seq, locationConfirmed: false });
  await writePickEvent(tx.db, { pickListId: list.id, lineId: line.id, orderId: line.order_id, type: "skip", detail: { reason: request.reason ?? null } }, by);
  return nextPickTask(tx, list.id);
}

/** Finish the trip: every line picked or short; the totes go to the pack station. */
export async function completePickTrip(
  tx: StoreTransaction,
  request: { readonly pickListId: number | string; readonly packStation?: string },
  by: Actor,
): Promise<TripCompletion> {
  const list = await loadPickList(tx, request.pickListId, true);
  checkTripDone(list.id, (await walkingOrder(tx, list.id)).map(lineFacts));
  const packStation = request.packStation ?? null;
  await setPickListStatus(tx.db, list.id, PICK_LIST_STATUS.Completed, iso(by.now), { packStation });
  const handOver = tripHandOver(
    (await handOverLines(tx.db, list.id)).map((l) => ({ orderId: l.order_id, order: l.number, tote: l.tote, quantity: l.quantity, picked: l.picked_quantity, status: l.status })),
  );
  const totes = handOver.totes;
  for (const o of handOver.orders) {
    await tx.writeOutbox(
      o.orderId,
      "picking.completed.v1",
      { orderNumber: o.order, pickListId: list.id, packStation, totes: totes.filter((t) => t.orders.includes(o.order)).map((t) => t.tote), picked: o.picked },
      by.now,
    );
  }
  await writePickEvent(tx.db, { pickListId: list.id, type: "complete", detail: { packStation, totes } }, by);
  // The wave is complete when none of its pick lists is still open.
  if (waveComplete(await waveListStatuses(tx.db, list.wave_id))) await completeWave(tx.db, list.wave_id);
  return { pickListId: list.id, packStation, totes, orders: handOver.orders.map((o) => ({ order: o.order, picked: o.picked, short: o.short })) };
}

/** The same operations, each in its own transaction (for the CLI and scripts). */
export class PickingService {
  readonly #store: SqlStore;
  constructor(store: SqlStore) {
    this.#store = store;
  }
  nextTask(pickListId: number | string): Promise<PickTask | null> {
    return this.#store.transaction((tx) => nextPickTask(tx, pickListId));
  }
  assignNext(request: { picker: string; warehouse?: string }, by: Actor) {
    return this.#store.transaction((tx) => assignNextPickList(tx, request, by));
  }
  confirmLocation(request: { pickListId: number | string; location: string; lineId?: number }, by: Actor): Promise<PickTask> {
    return this.#store.transaction((tx) => confirmPickLocation(tx, request, by));
  }
  confirmItem(request: { pickListId: number | string; code: string; quantity?: number; lineId?: number }, by: Actor): Promise<PickItemResult> {
    return this.#store.transaction((tx) => confirmPickItem(tx, request, by));
  }
  short(request: ShortPickRequest, by: Actor): Promise<ShortPickResult> {
    return this.#store.transaction((tx) => shortPick(tx, request, by));
  }
  skip(request: { pickListId: number | string; lineId?: number; reason?: string }, by: Actor): Promise<PickTask | null> {
    return this.#store.transaction((tx) => skipPickLine(tx, request, by));
  }
  complete(request: { pickListId: number | string; packStation?: string }, by: Actor): Promise<TripCompletion> {
    return this.#store.transaction((tx) => completePickTrip(tx, request, by));
  }
}
