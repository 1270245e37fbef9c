/**
 * Releasing a planned wave: its orders go Processing through the lifecycle (audited), orders that
 * left meanwhile lose their open lines, empty pick lists close, the rest become available to pickers.
 */
import { ACTIVE_PICK_LIST_STATUSES, DomainError, InputError, OPEN_LINE_STATUSES, PICK_LINE_STATUS, PICK_LIST_STATUS, WAVE_STATUS } from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { waveMembers } from "./queries.js";
import { iso, writePickEvent, type Actor, type Q } from "./common.js";

export interface WaveRelease {
  readonly waveId: number;
  /** Orders moved Confirmed → Processing. */
  readonly started: readonly string[];
  /** Orders already Processing (their other part was released earlier): nothing to move. */
  readonly alreadyProcessing: readonly string[];
  /** Orders that left the wave (cancelled meanwhile): their open lines were cancelled. */
  readonly dropped: readonly { readonly order: string; readonly status: string }[];
  readonly pickLists: readonly number[];
}

export function parseWaveId(ref: string | number): number {
  const text = String(ref).trim().replace(/^W(AVE)?-?/i, "");
  const id = Number(text);
  if (!/^\d{1,9}$/.test(text) || id < 1) throw new InputError("WAVE_ID_INVALID", `wave id must be a number such as 3 (or W3), got ${JSON.stringify(String(ref))}`);
  return id;
}

/** Release a planned wave: pick lists become available to pickers, orders go Processing (audited). */
export async function releaseWaveInTx(tx: StoreTransaction, waveRef: string | number, by: Actor): Promise<WaveRelease> {
  const waveId = parseWaveId(waveRef);
  let q = tx.db.selectFrom("waves").selectAll().where("id", "=", waveId);
  if (tx.dialect === "postgres") q = q.forUpdate();
  const wave = await q.executeTakeFirst();
  if (!wave) throw new InputError("WAVE_NOT_FOUND", `no wave ${waveId}`);
  if (wave.status !== WAVE_STATUS.Planned) throw new DomainError("WAVE_NOT_PLANNED", `wave ${waveId} is ${wave.status}; only a planned wave can be released`);
  const members = await waveMembers(tx.db, waveId);
  const started: string[] = [];
  const alreadyProcessing: string[] = [];
  const dropped: { order: string; status: string }[] = [];
  for (const m of members) {
    if (m.status === "Confirmed") {
      await tx.applyOrderEvent(m.number, { type: "StartProcessing", waveId: String(waveId) }, by);
      started.push(m.number);
    } else if (m.status === "Processing") {
      alreadyProcessing.push(m.number);
    } else {
      dropped.push({ order: m.number, status: m.status });
      await tx.db
        .updateTable("pick_list_lines")
        .set({ status: PICK_LINE_STATUS.Cancelled, updated_at: iso(by.now) })
        .where("order_id", "=", m.id)
        .where("status", "in", [...OPEN_LINE_STATUSES])
        .where("pick_list_id", "in", (eb) => eb.selectFrom("pick_lists").select("id").where("wave_id", "=", waveId))
        .execute();
    }
  }
  await closeEmptyPickLists(tx.db, waveId, by);
  await tx.db
    .updateTable("pick_lists")
    .set({ status: PICK_LIST_STATUS.Released, updated_at: iso(by.now) })
    .where("wave_id", "=", waveId)
    .where("status", "=", PICK_LIST_STATUS.Planned)
    .execute();
  const lists = await tx.db.selectFrom("pick_lists").select(["id", "status"]).where("wave_id", "=", waveId).orderBy("sequence").execute();
  const live = lists.filter((l) => l.status !== PICK_LIST_STATUS.Cancelled);
  await tx.db
    .updateTable("waves")
    .set({ status: live.length > 0 ? WAVE_STATUS.Released : WAVE_STATUS.Cancelled, released_at: iso(by.now) })
    .where("id", "=", waveId)
    .execute();
  await writePickEvent(tx.db, { type: "wave-released", detail: { waveId, started, alreadyProcessing, dropped } }, by);
  return { waveId, started, alreadyProcessing, dropped, pickLists: live.map((l) => l.id) };
}

export function releaseWave(store: SqlStore, waveRef: string | number, by: Actor): Promise<WaveRelease> {
  return store.transaction((tx) => releaseWaveInTx(tx, waveRef, by));
}

/** Pick lists of a wave without any line left (all cancelled) become cancelled; a wave with none left too. */
export async function closeEmptyPickLists(q: Q, waveId: number, by: Actor): Promise<void> {
  const lists = await q.selectFrom("pick_lists").select(["id", "status"]).where("wave_id", "=", waveId).where("status", "in", [...ACTIVE_PICK_LIST_STATUSES]).execute();
  for (const l of lists) {
    const live = await q.selectFrom("pick_list_lines").select("id").where("pick_list_id", "=", l.id).where("status", "!=", PICK_LINE_STATUS.Cancelled).executeTakeFirst();
    if (!live) await q.updateTable("pick_lists").set({ status: PICK_LIST_STATUS.Cancelled, updated_at: iso(by.now) }).where("id", "=", l.id).execute();
  }
  const left = await q.selectFrom("pick_lists").select("id").where("wave_id", "=", waveId).where("status", "!=", PICK_LIST_STATUS.Cancelled).executeTakeFirst();
  if (!left) await q.updateTable("waves").set({ status: WAVE_STATUS.Cancelled }).where("id", "=", waveId).where("status", "in", [WAVE_STATUS.Planned, WAVE_STATUS.Released]).execute();
}

