/**
 * Cancelling a wave before anyone picks from it: planned, or released with no pick list started and
 * no unit picked. Its open lines and pick lists are cancelled; orders it had moved to Processing go
 * back to Confirmed (audited, `StopProcessing`) unless another released part keeps them Processing.
 * Their allocations stay, so the next `waves plan` can plan them again.
 */
import { DomainError, OPEN_LINE_STATUSES, PICK_LINE_STATUS, PICK_LIST_STATUS, WAVE_STATUS, isActivePickList, InputError } from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { waveMembers } from "./queries.js";
import { iso, writePickEvent, type Actor } from "./common.js";
import { parseWaveId } from "./release.js";

export interface WaveCancellation {
  readonly waveId: number;
  /** The wave's status before it was cancelled. */
  readonly was: string;
  /** Orders moved Processing → Confirmed. */
  readonly confirmed: readonly string[];
  /** Orders that were still Confirmed (the wave was only planned) or stay as they are, with why. */
  readonly unchanged: readonly { readonly order: string; readonly status: string; readonly reason: string }[];
  readonly pickLists: readonly number[];
}

export async function cancelWaveInTx(tx: StoreTransaction, waveRef: string | number, by: Actor): Promise<WaveCancellation> {
  const waveId = parseWaveId(waveRef);
  let q = tx.db.selectFrom("waves").selectAll().where("id", "=", waveId);
  if (tx.dialect === "postgres") q = q.forUpdate();
  const wave = await q.executeTakeFirst();
  if (!wave) throw new InputError("WAVE_NOT_FOUND", `no wave ${waveId}`);
  if (wave.status !== WAVE_STATUS.Planned && wave.status !== WAVE_STATUS.Released) {
    throw new DomainError("WAVE_NOT_CANCELLABLE", `wave ${waveId} is ${wave.status}; only a planned or released wave can be cancelled`);
  }
  const lists = await tx.db.selectFrom("pick_lists").select(["id", "status"]).where("wave_id", "=", waveId).orderBy("sequence").execute();
  const started = lists.filter((l) => l.status === PICK_LIST_STATUS.Picking || l.status === PICK_LIST_STATUS.Completed);
  const listIds = lists.map((l) => l.id);
  const touched = listIds.length
    ? await tx.db
        .selectFrom("pick_list_lines")
        .select(["pick_list_id"])
        .where("pick_list_id", "in", listIds)
        .where((eb) => eb.or([eb("picked_quantity", ">", 0), eb("status", "in", [PICK_LINE_STATUS.Picked, PICK_LINE_STATUS.Short])]))
        .execute()
    : [];
  if (started.length > 0 || touched.length > 0) {
    const ids = [...new Set([...started.map((l) => l.id), ...touched.map((t) => t.pick_list_id)])].sort((a, b) => a - b);
    throw new DomainError("WAVE_ALREADY_STARTED", `wave ${waveId} has started: picking began on pick list ${ids.join(", ")}; cancel its orders one by one instead`);
  }
  const now = iso(by.now);
  if (listIds.length) {
    await tx.db
      .updateTable("pick_list_lines")
      .set({ status: PICK_LINE_STATUS.Cancelled, updated_at: now })
      .where("pick_list_id", "in", listIds)
      .where("status", "in", [...OPEN_LINE_STATUSES])
      .execute();
    await tx.db.updateTable("pick_lists").set({ status: PICK_LIST_STATUS.Cancelled, updated_at: now }).where("id", "in", listIds).execute();
  }
  await tx.db.updateTable("waves").set({ status: WAVE_STATUS.Cancelled }).where("id", "=", waveId).execute();

  const members = await waveMembers(tx.db, waveId);
  const confirmed: string[] = [];
  const unchanged: { order: string; status: string; reason: string }[] = [];
  for (const m of members) {
    if (m.status !== "Processing") {
      unchanged.push({ order: m.number, status: m.status, reason: m.status === "Confirmed" ? "not released yet" : `${m.status}: left the wave` });
      continue;
    }
    // Another part of the order on a live pick list of another wave keeps it Processing.
    const elsewhere = await tx.db
      .selectFrom("pick_list_lines")
      .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
      .select(["pick_lists.id", "pick_lists.status"])
      .where("pick_list_lines.order_id", "=", m.id)
      .where("pick_list_lines.status", "!=", PICK_LINE_STATUS.Cancelled)
      .where("pick_lists.wave_id", "!=", waveId)
      .execute();
    const live = elsewhere.filter((l) => isActivePickList(l.status) || l.status === PICK_LIST_STATUS.Completed);
    if (live.length > 0) {
      unchanged.push({ order: m.number, status: m.status, reason: `stays Processing: also on pick list ${[...new Set(live.map((l) => l.id))].join(", ")}` });
      continue;
    }
    await tx.applyOrderEvent(m.number, { type: "StopProcessing", waveId: String(waveId) }, by);
    confirmed.push(m.number);
  }
  await writePickEvent(tx.db, { type: "wave-cancelled", detail: { waveId, was: wave.status, confirmed, unchanged, pickLists: listIds } }, by);
  return { waveId, was: wave.status, confirmed, unchanged, pickLists: listIds };
}

export function cancelWave(store: SqlStore, waveRef: string | number, by: Actor): Promise<WaveCancellation> {
  return store.transaction((tx) => cancelWaveInTx(tx, waveRef, by));
}
