/** Planning queries: what is allocated and not on a pick list yet, and the waves with their progress. */
import { PICK_LINE_STATUS, PICK_LIST_STATUS, isOpenLine } from "@pickpack/core";
import { readerOf, type ReadSource } from "../picking/picklists.js";
import type { Q } from "./common.js";

export interface LineNeed {
  orderId: number;
  lineNo: number;
  sku: string;
  remaining: number;
}

/** Per order and line: units allocated in the warehouse and not yet on a pick list. */
export async function unplannedAllocations(q: Q, warehouse: string, orderIds?: readonly number[]): Promise<LineNeed[]> {
  let alloc = q
    .selectFrom("reservations")
    .innerJoin("orders", "orders.id", "reservations.order_id")
    .select(["reservations.order_id", "reservations.line_no", "reservations.sku", "reservations.quantity"])
    .where("reservations.warehouse", "=", warehouse)
    .where("reservations.state", "=", "allocated")
    .where("orders.status", "in", ["Confirmed", "Processing"]);
  if (orderIds) alloc = alloc.where("reservations.order_id", "in", orderIds.length > 0 ? [...orderIds] : [-1]);
  const held = await alloc.execute();
  const covered = await q
    .selectFrom("pick_list_lines")
    .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
    .select(["pick_list_lines.order_id", "pick_list_lines.line_no", "pick_list_lines.status", "pick_list_lines.quantity", "pick_list_lines.picked_quantity"])
    .where("pick_lists.warehouse", "=", warehouse)
    .where("pick_list_lines.status", "!=", PICK_LINE_STATUS.Cancelled)
    .execute();
  const need = new Map<string, LineNeed>();
  for (const r of held) {
    const k = `${r.order_id}:${r.line_no}`;
    const n = need.get(k) ?? { orderId: r.order_id, lineNo: r.line_no, sku: r.sku, remaining: 0 };
    n.remaining += r.quantity;
    need.set(k, n);
  }
  for (const c of covered) {
    const n = need.get(`${c.order_id}:${c.line_no}`);
    if (n) n.remaining -= isOpenLine(c.status) ? c.quantity : c.picked_quantity;
  }
  return [...need.values()].filter((n) => n.remaining > 0).sort((a, b) => a.orderId - b.orderId || a.lineNo - b.lineNo);
}

export interface WaveSummary {
  readonly id: number;
  readonly warehouse: string;
  readonly mode: string;
  readonly status: string;
  readonly cutoff: string | null;
  readonly priority: number;
  readonly carrier: string;
  readonly orders: number;
  readonly pickLists: number;
  readonly openLines: number;
  readonly lines: number;
  readonly distance: number;
  readonly createdAt: string;
  readonly releasedAt: string | null;
}

export async function listWaves(source: ReadSource, filter: { warehouse?: string; status?: string } = {}): Promise<WaveSummary[]> {
  const q = readerOf(source);
  let wq = q.selectFrom("waves").selectAll().orderBy("id");
  if (filter.warehouse) wq = wq.where("warehouse", "=", filter.warehouse);
  if (filter.status) wq = wq.where("status", "=", filter.status);
  const waves = await wq.execute();
  const out: WaveSummary[] = [];
  for (const w of waves) {
    const orders = await q.selectFrom("wave_orders").select("order_id").where("wave_id", "=", w.id).execute();
    const lists = await q.selectFrom("pick_lists").select(["id", "distance", "status"]).where("wave_id", "=", w.id).execute();
    const lines = lists.length
      ? await q.selectFrom("pick_list_lines").select(["status"]).where("pick_list_id", "in", lists.map((l) => l.id)).execute()
      : [];
    const live = lists.filter((l) => l.status !== PICK_LIST_STATUS.Cancelled);
    out.push({
      id: w.id,
      warehouse: w.warehouse,
      mode: w.mode,
      status: w.status,
      cutoff: w.cutoff,
      priority: w.priority,
      carrier: w.carrier,
      orders: orders.length,
      pickLists: live.length,
      lines: lines.filter((l) => l.status !== PICK_LINE_STATUS.Cancelled).length,
      openLines: lines.filter((l) => isOpenLine(l.status)).length,
      distance: live.reduce((n, l) => n + l.distance, 0),
      createdAt: w.created_at,
      releasedAt: w.released_at,
    });
  }
  return out;
}

/** The orders of a wave with their current status, by id. */
export function waveMembers(db: Q, waveId: number): Promise<{ id: number; number: string; status: string }[]> {
  return db
    .selectFrom("wave_orders")
    .innerJoin("orders", "orders.id", "wave_orders.order_id")
    .select(["orders.id", "orders.number", "orders.status"])
    .where("wave_orders.wave_id", "=", waveId)
    .orderBy("orders.id")
    .execute();
}
