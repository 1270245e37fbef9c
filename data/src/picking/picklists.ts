/** Reading pick lists: summaries per wave and one pick list with its stops in walking order. */
import type { Kysely } from "kysely";
import { PICK_LINE_STATUS, isOpenLine, InputError } from "@pickpack/core";
import type { Database } from "../db/schema.js";

/** A transaction, the Kysely instance, or anything holding one (the store: what the CLI passes). */
export type ReadSource = Kysely<Database> | { readonly kysely: Kysely<Database> };
export const readerOf = (source: ReadSource): Kysely<Database> => ("kysely" in source ? source.kysely : source);

export interface PickListSummary {
  readonly id: number;
  readonly waveId: number;
  readonly warehouse: string;
  readonly sequence: number;
  readonly mode: string;
  readonly status: string;
  readonly picker: string | null;
  readonly orders: number;
  readonly stops: number;
  readonly openStops: number;
  readonly units: number;
  readonly distance: number;
  readonly optimal: boolean;
  readonly totes: number;
}

export interface PickListStopView {
  /** Line id: what `picklists short --line` and the picking service take. */
  readonly lineId: number;
  /** Position on the trip, 1-based, in walking order (skipped lines come last). */
  readonly stop: number;
  readonly location: string;
  readonly aisle: number;
  readonly position: number;
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  readonly picked: number;
  readonly order: string;
  readonly lineNo: number;
  readonly tote: number | null;
  readonly status: string;
  readonly locationConfirmed: boolean;
  readonly note: string | null;
}

export interface PickListView extends PickListSummary {
  readonly packStation: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly orderTotes: readonly { readonly order: string; readonly totes: readonly number[] }[];
  readonly stopsInOrder: readonly PickListStopView[];
}

export function parsePickListId(ref: string | number): number {
  const text = String(ref).trim().replace(/^P(L|ICK)?-?/i, "");
  const id = Number(text);
  if (!/^\d{1,9}$/.test(text) || id < 1) throw new InputError("PICK_LIST_NOT_FOUND", `no pick list ${JSON.stringify(String(ref))} (give its number, e.g. 12)`);
  return id;
}

export async function listPickLists(source: ReadSource, filter: { waveId?: number; warehouse?: string; status?: string } = {}): Promise<PickListSummary[]> {
  const q = readerOf(source);
  let lq = q.selectFrom("pick_lists").selectAll().orderBy("wave_id").orderBy("sequence");
  if (filter.waveId !== undefined) lq = lq.where("wave_id", "=", filter.waveId);
  if (filter.warehouse) lq = lq.where("warehouse", "=", filter.warehouse);
  if (filter.status) lq = lq.where("status", "=", filter.status);
  const lists = await lq.execute();
  if (lists.length === 0) return [];
  const ids = lists.map((l) => l.id);
  const lines = await q.selectFrom("pick_list_lines").select(["pick_list_id", "status", "quantity", "order_id"]).where("pick_list_id", "in", ids).execute();
  return lists.map((l) => {
    const mine = lines.filter((x) => x.pick_list_id === l.id && x.status !== PICK_LINE_STATUS.Cancelled);
    return {
      id: l.id,
      waveId: l.wave_id,
      warehouse: l.warehouse,
      sequence: l.sequence,
      mode: l.mode,
      status: l.status,
      picker: l.picker,
      orders: new Set(mine.map((x) => x.order_id)).size,
      stops: mine.length,
      openStops: mine.filter((x) => isOpenLine(x.status)).length,
      units: mine.reduce((n, x) => n + x.quantity, 0),
      distance: l.distance,
      optimal: l.optimal === 1,
      totes: l.totes,
    };
  });
}

export async function getPickList(source: ReadSource, ref: string | number): Promise<PickListView> {
  const q = readerOf(source);
  const id = parsePickListId(ref);
  const [summary] = await listPickLists(q, {}).then((all) => all.filter((s) => s.id === id));
  if (!summary) throw new InputError("PICK_LIST_NOT_FOUND", `no pick list ${id}`);
  const row = await q.selectFrom("pick_lists").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const lines = await q
    .selectFrom("pick_list_lines")
    .innerJoin("orders", "orders.id", "pick_list_lines.order_id")
    .leftJoin("skus", "skus.sku", "pick_list_lines.sku")
    .selectAll("pick_list_lines")
    .select(["orders.number as order_number", "skus.name as sku_name"])
    .where("pick_list_lines.pick_list_id", "=", id)
    .orderBy("pick_list_lines.seq")
    .orderBy("pick_list_lines.id")
    .execute();
  const orderTotes = await q
    .selectFrom("pick_list_orders")
    .innerJoin("orders", "orders.id", "pick_list_orders.order_id")
    .select(["orders.number", "pick_list_orders.totes"])
    .where("pick_list_orders.pick_list_id", "=", id)
    .orderBy("orders.id")
    .execute();
  const shown = lines.filter((l) => l.status !== PICK_LINE_STATUS.Cancelled);
  return {
    ...summary,
    packStation: row.pack_station,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    orderTotes: orderTotes.map((o) => ({ order: o.number, totes: JSON.parse(o.totes) as number[] })),
    stopsInOrder: [...shown, ...lines.filter((l) => l.status === PICK_LINE_STATUS.Cancelled)].map((l, i) => ({
      lineId: l.id,
      stop: i + 1,
      location: l.location,
      aisle: l.aisle,
      position: l.position,
      sku: l.sku,
      description: l.sku_name ?? l.sku,
      quantity: l.quantity,
      picked: l.picked_quantity,
      order: l.order_number,
      lineNo: l.line_no,
      tote: l.tote,
      status: l.status,
      locationConfirmed: l.location_confirmed === 1,
      note: l.note,
    })),
  };
}
