/**
 * The start of a shift on the demo data: a supervisor plans and releases a wave in one warehouse and
 * a picker (simulated here, through the same picking service the handhelds use) picks its first trip
 * and takes the totes to a pack station, so a packer has work the moment they log in.
 */
import type { SqlStore } from "../store.js";
import { unitsOfOrder } from "../orders/queries.js";
import { assignNextPickList, completePickTrip, confirmPickItem, confirmPickLocation, getPickList, nextPickTask, planWavesFor, releaseWave } from "../planning/index.js";

export interface PickedWave {
  readonly waveId: number;
  readonly pickList: number;
  readonly distance: number;
  readonly station: string;
  /** Per order: its totes, the units picked into them on this trip, and the order's units in all. */
  readonly orders: readonly { readonly order: string; readonly totes: readonly string[]; readonly units: number; readonly orderUnits: number }[];
}

export async function startDemoShift(
  store: SqlStore,
  options: { readonly now: number; readonly warehouse?: string; readonly orders?: number; readonly station?: string; readonly picker?: string },
): Promise<PickedWave> {
  let now = options.now;
  const by = (actor: string) => ({ now: (now += 1000), actor });
  const warehouse = options.warehouse ?? "WH1";
  const station = options.station ?? "P1";
  const plan = await planWavesFor(store, { warehouse, mode: "cluster", maxOrders: options.orders ?? 3, ...by("demo:supervisor") });
  const wave = plan.waves[0];
  if (!wave) throw new Error(`no Confirmed orders to plan in ${warehouse}`);
  await releaseWave(store, wave.id, by("demo:supervisor"));
  const list = wave.pickLists[0]!;
  await store.transaction(async (tx) => {
    const picker = options.picker ?? "picker-1";
    const assigned = await assignNextPickList(tx, { picker, warehouse }, by(`demo:${picker}`));
    if (!assigned) throw new Error("nothing to pick");
    for (let task = assigned.task ?? (await nextPickTask(tx, assigned.pickListId)); task; ) {
      if (!task.locationConfirmed) await confirmPickLocation(tx, { pickListId: task.pickListId, location: task.location, lineId: task.lineId }, by(`demo:${picker}`));
      const r = await confirmPickItem(tx, { pickListId: task.pickListId, code: task.barcodes[0] ?? task.sku, quantity: task.remaining, lineId: task.lineId }, by(`demo:${picker}`));
      task = r.next;
    }
    await completePickTrip(tx, { pickListId: assigned.pickListId, packStation: station }, by(`demo:${picker}`));
  });
  // What is in the totes as picked (an order split across warehouses has only part of its units here).
  const picked = await getPickList(store, list.id);
  const orders = [];
  for (const x of list.orders) {
    const units = picked.stopsInOrder.filter((l) => l.order === x.order).reduce((n, l) => n + l.picked, 0);
    orders.push({ order: x.order, totes: x.totes.map((t) => `TOTE-${list.id}T${t}`), units, orderUnits: await unitsOfOrder(store.kysely, x.order) });
  }
  return { waveId: wave.id, pickList: list.id, distance: list.distance, station, orders };
}
