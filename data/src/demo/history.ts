/**
 * The demo's past: the first orders of the two days went through the whole floor (a wave in WH3,
 * picked, packed in the cartons the cartonization plans, weighed, shipped), and the carrier
 * has delivered most of them since; one came back as a return. Every step is the real workflow
 * (planning, picking, packing, the order lifecycle), audited at its time.
 */
import type { SqlStore } from "../store.js";
import { PackingService } from "../packing/index.js";
import { assignNextPickList, completePickTrip, confirmPickItem, confirmPickLocation, nextPickTask, planWavesFor, releaseWave } from "../planning/index.js";

export interface DemoHistory {
  readonly shipped: readonly string[];
}

/** Plan, pick, pack and ship one wave of a warehouse at `now`; then the carrier's updates and a return. */
export async function driveDemoHistory(store: SqlStore, options: { readonly now: number; readonly warehouse?: string; readonly ordersPerWave?: number }): Promise<DemoHistory> {
  let now = options.now;
  const by = (actor: string) => ({ now: (now += 1000), actor });
  const packing = new PackingService(store);
  const processing: string[] = [];
  // One warehouse only: an order split with another warehouse is then never picked complete here, so
  // none is left fully picked but unpacked (the pack station and its simulation take those).
  for (const warehouse of [options.warehouse ?? "WH3"]) {
    const plan = await planWavesFor(store, { warehouse, mode: "cluster", maxOrders: options.ordersPerWave ?? 10, waves: 100, ...by("demo:supervisor") });
    for (const wave of plan.waves) await releaseWave(store, wave.id, by("demo:supervisor"));
    for (const list of plan.waves.flatMap((w) => w.pickLists)) {
      await store.transaction(async (tx) => {
        const assigned = await assignNextPickList(tx, { picker: "picker-2", warehouse }, by("demo:picker-2"));
        if (!assigned) return;
        for (let task = assigned.task ?? (await nextPickTask(tx, assigned.pickListId)); task; ) {
          if (!task.locationConfirmed) await confirmPickLocation(tx, { pickListId: task.pickListId, location: task.location, lineId: task.lineId }, by("demo:picker-2"));
          const r = await confirmPickItem(tx, { pickListId: task.pickListId, code: task.barcodes[0] ?? task.sku, quantity: task.remaining, lineId: task.lineId }, by("demo:picker-2"));
          task = r.next;
        }
        await completePickTrip(tx, { pickListId: assigned.pickListId, packStation: "P2" }, by("demo:picker-2"));
      });
      for (const o of list.orders) if (!processing.includes(o.order)) processing.push(o.order);
    }
  }
  const shipped: string[] = [];
  for (const order of processing) {
    const view = await packing.own.start({ order });
    // Only orders from one warehouse, picked complete (a split order's cartons are packed where each part is).
    if (view.status !== "Processing" || view.plan.unpackable.length > 0) continue;
    const details = (await store.getOrder(order))!;
    const warehouses = new Set(details.reservations.filter((r) => r.state === "allocated").map((r) => r.warehouse));
    if (warehouses.size !== 1 || !details.order.lines.every((l) => l.pickedQuantity >= l.quantity)) continue;
    for (const carton of view.plan.cartons) {
      await packing.own.chooseBox({ order, box: carton.box.code }, by("packer-2"));
      for (const item of carton.items) for (let k = 0; k < item.quantity; k++) await packing.own.scanItem({ order, sku: item.sku }, by("packer-2"));
      await packing.own.recordWeight({ order, grams: Math.round(carton.expectedWeightGrams) }, by("packer-2"));
      await packing.own.closeCarton({ order }, by("packer-2"));
    }
    await packing.own.ship({ order }, by("packer-2"));
    shipped.push(order);
  }
  // The carrier's news since: most delivered (some skipping scans), one failed attempt, one returned.
  for (const [i, order] of shipped.entries()) {
    const carrier = (type: "InTransit" | "OutForDelivery" | "Delivered") => store.applyOrderEvent(order, { type }, { now: (now += 3_600_000), actor: "carrier:own-fleet" });
    if (i === shipped.length - 1) continue; // still Shipped: handed over, no scan yet
    await carrier("InTransit");
    if (i === shipped.length - 2) continue; // in transit
    if (i === 0) {
      await store.applyOrderEvent(order, { type: "DeliveryFailed", reason: "nobody home" }, { now: (now += 3_600_000), actor: "carrier:own-fleet" });
    }
    if (i % 2 === 0) await carrier("OutForDelivery");
    await carrier("Delivered");
    if (i === 1) {
      const at = () => ({ now: (now += 3_600_000), actor: "demo:supervisor" });
      await store.applyOrderEvent(order, { type: "RequestReturn", reason: "wrong size" }, at());
      await store.applyOrderEvent(order, { type: "ReviewReturn" }, at());
      await store.applyOrderEvent(order, { type: "ApproveReturn" }, at());
    }
  }
  return { shipped };
}
