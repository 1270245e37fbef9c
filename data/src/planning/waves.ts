/**
 * Waves: plan (group the warehouse's Confirmed orders with `planWaves`, build location-level pick
 * lists with `planBatches` on real route lengths and `planRoute` stop order, store everything as
 * planned). Release is in ./release.ts, the listing in ./queries.ts.
 */
import {
  PICK_LINE_STATUS,
  PICK_LIST_STATUS,
  WAVE_STATUS,
  chooseLocations,
  locationKey,
  pickPointOf,
  planBatches,
  planRoute,
  planWaves,
  routeLines,
  type CartCapacity,
  type PickPoint,
  type PickingMode,
  type WaveOrder,
} from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { committedAtLocations, freeLocations, iso, loadLayout, writePickEvent, type Actor } from "./common.js";
import { unplannedAllocations } from "./queries.js";
import { reallocateBackordersInTx, type BackorderReallocation } from "../picking/backorder-service.js";

// The rest of the wave workflow, re-exported under this path for existing imports.
export { routeLines } from "@pickpack/core";
export { parseWaveId, releaseWaveInTx, releaseWave, closeEmptyPickLists, type WaveRelease } from "./release.js";
export { listWaves, unplannedAllocations, type WaveSummary } from "./queries.js";

/** Cart used when none is given: 6 totes of 40 l, 240 l and 150 kg in all. */
export const DEFAULT_CART: CartCapacity = { totes: 6, toteVolume: 40, volume: 240, weight: 150 };

export interface WavePlanOptions extends Actor {
  readonly warehouse: string;
  /** Default `cluster`. */
  readonly mode?: PickingMode;
  readonly maxOrders?: number;
  readonly maxLines?: number;
  /** Most waves to plan; default 1 when a limit per wave is given, else as many as needed. */
  readonly waves?: number;
  readonly cart?: CartCapacity;
}

export interface PlannedPickList {
  readonly id: number;
  readonly sequence: number;
  readonly orders: readonly { readonly order: string; readonly totes: readonly number[] }[];
  readonly stops: number;
  readonly units: number;
  readonly distance: number;
  readonly optimal: boolean;
  readonly totes: number;
  readonly overCapacity: boolean;
}

export interface PlannedWaveResult {
  readonly id: number;
  readonly warehouse: string;
  readonly mode: PickingMode;
  readonly cutoff: string | null;
  readonly priority: number;
  readonly carrier: string;
  readonly orders: readonly string[];
  readonly pickLists: readonly PlannedPickList[];
  readonly distance: number;
}

export interface WavePlanOutcome {
  readonly warehouse: string;
  readonly waves: readonly PlannedWaveResult[];
  /** Orders not planned, with why. */
  readonly skipped: readonly { readonly order: string; readonly reason: string }[];
  /** Units allocated to the warehouse that no location can supply now (on hand already promised to other pick lists). */
  readonly unplanned: readonly { readonly order: string; readonly lineNo: number; readonly sku: string; readonly quantity: number }[];
  /** Orders that fit no wave of this plan (the wave limit was reached): they wait for the next plan. */
  readonly deferred: readonly string[];
  /** Back-orders allocated again from stock that arrived since (before planning). */
  readonly backordersAllocated: BackorderReallocation["allocated"];
}

interface Assignment {
  orderId: number;
  lineNo: number;
  sku: string;
  location: string;
  point: PickPoint;
  quantity: number;
}

/** Plan waves for a warehouse and store them (status planned) with their pick lists. */
export async function planWavesInTx(tx: StoreTransaction, options: WavePlanOptions): Promise<WavePlanOutcome> {
  const mode = options.mode ?? "cluster";
  const cart = options.cart ?? DEFAULT_CART;
  const layout = await loadLayout(tx.db, options.warehouse);
  // One planner per warehouse at a time: two supervisors planning at once must not both put the same
  // allocations on pick lists. PostgreSQL: a row lock on the warehouse, held to commit (SQLite's
  // IMMEDIATE transaction already serialises writers).
  let whQuery = tx.db.selectFrom("warehouses").select(["code", "cutoff"]).where("code", "=", options.warehouse);
  if (tx.dialect === "postgres") whQuery = whQuery.forUpdate();
  const wh = await whQuery.executeTakeFirstOrThrow();
  // Stock that arrived since (an import, a return restock) first covers open back-orders.
  const backorders = await reallocateBackordersInTx(tx, {}, options);
  const needs = await unplannedAllocations(tx.db, options.warehouse);
  const orderIds = [...new Set(needs.map((n) => n.orderId))];
  const orders = orderIds.length
    ? await tx.db.selectFrom("orders").select(["id", "number", "status", "priority", "carrier", "created_at"]).where("id", "in", orderIds).execute()
    : [];
  const byId = new Map(orders.map((o) => [o.id, o]));
  const waveOrders: WaveOrder[] = orders
    .sort((a, b) => a.id - b.id)
    .map((o) => ({
      orderId: String(o.id),
      warehouse: options.warehouse,
      // Processing orders whose part in this warehouse is not on a pick list yet (split orders, re-allocations) are planned too.
      status: "Confirmed",
      priority: o.priority,
      carrier: o.carrier,
      cutoff: wh.cutoff,
      lines: needs.filter((n) => n.orderId === o.id).length,
      createdAt: Date.parse(o.created_at),
    }));
  const plan = planWaves({
    warehouse: options.warehouse,
    orders: waveOrders,
    limits: { maxOrders: options.maxOrders, maxLines: options.maxLines, maxWaves: options.waves },
  });
  const skipped: { order: string; reason: string }[] = plan.skipped.map((s) => ({ order: byId.get(Number(s.orderId))?.number ?? s.orderId, reason: s.reason }));
  const unplanned: { order: string; lineNo: number; sku: string; quantity: number }[] = [];
  const skuFacts = new Map(
    (await tx.db.selectFrom("skus").select(["sku", "weight_grams", "length_mm", "width_mm", "height_mm"]).execute()).map((s) => [s.sku, s]),
  );
  const committed = await committedAtLocations(tx.db, options.warehouse, [...new Set(needs.map((n) => n.sku))]);
  const waves: PlannedWaveResult[] = [];
  const now = iso(options.now);

  for (const wave of plan.waves) {
    // Location-level assignment: never more than on hand minus what open pick lists already take.
    const assignments = new Map<number, Assignment[]>();
    for (const idText of wave.orderIds) {
      const orderId = Number(idText);
      const list: Assignment[] = [];
      for (const n of needs.filter((x) => x.orderId === orderId)) {
        const options_ = await freeLocations(tx.db, layout.warehouse, n.sku, committed);
        const chosen = chooseLocations(options_, n.remaining);
        let got = 0;
        for (const c of chosen) {
          list.push({ orderId, lineNo: n.lineNo, sku: n.sku, location: c.stock.location, point: pickPointOf(layout, { code: c.stock.location, ...c.stock }), quantity: c.quantity });
          const k = locationKey(c.stock.location, n.sku);
          committed.set(k, (committed.get(k) ?? 0) + c.quantity);
          got += c.quantity;
        }
        if (got < n.remaining) unplanned.push({ order: byId.get(orderId)!.number, lineNo: n.lineNo, sku: n.sku, quantity: n.remaining - got });
      }
      if (list.length > 0) assignments.set(orderId, list);
      else skipped.push({ order: byId.get(orderId)!.number, reason: "no location in the warehouse has free stock for it" });
    }
    const members = wave.orderIds.map(Number).filter((id) => assignments.has(id));
    if (members.length === 0) continue;

    const batch = planBatches({
      mode,
      cart,
      orders: members.map((id) => {
        const list = assignments.get(id)!;
        let volume = 0;
        let weight = 0;
        for (const a of list) {
          const s = skuFacts.get(a.sku);
          if (s) {
            volume += (a.quantity * s.length_mm * s.width_mm * s.height_mm) / 1e6; // litres
            weight += (a.quantity * s.weight_grams) / 1000; // kg
          }
        }
        return { orderId: String(id), picks: list.map((a) => a.point), volume, weight };
      }),
      routeLength: (points) => planRoute(layout, points).length,
    });

    const inserted = await tx.db
      .insertInto("waves")
      .values({
        warehouse: options.warehouse,
        mode,
        status: WAVE_STATUS.Planned,
        cutoff: wave.cutoff ?? null,
        priority: wave.priority,
        carrier: wave.carrier,
        created_at: now,
        released_at: null,
        created_by: options.actor,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.db
      .insertInto("wave_orders")
      .values(members.map((order_id) => ({ wave_id: inserted.id, order_id })))
      .execute();

    const pickLists: PlannedPickList[] = [];
    for (const trip of batch.trips) {
      const toteOf = new Map(trip.orders.map((o) => [Number(o.orderId), o.totes]));
      const lines = trip.orders.flatMap((o) => assignments.get(Number(o.orderId))!);
      const { ordered, length, optimal } = routeLines(layout, lines);
      const pl = await tx.db
        .insertInto("pick_lists")
        .values({
          wave_id: inserted.id,
          warehouse: options.warehouse,
          sequence: trip.sequence,
          mode,
          status: PICK_LIST_STATUS.Planned,
          picker: null,
          pack_station: null,
          distance: length,
          optimal: optimal ? 1 : 0,
          totes: trip.totes,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.db
        .insertInto("pick_list_orders")
        .values(trip.orders.map((o) => ({ pick_list_id: pl.id, order_id: Number(o.orderId), totes: JSON.stringify(o.totes) })))
        .execute();
      await tx.db
        .insertInto("pick_list_lines")
        .values(
          ordered.map((a, i) => ({
            pick_list_id: pl.id,
            seq: i + 1,
            location: a.location,
            aisle: a.point.aisle,
            position: a.point.y,
            sku: a.sku,
            quantity: a.quantity,
            picked_quantity: 0,
            order_id: a.orderId,
            line_no: a.lineNo,
            tote: toteOf.get(a.orderId)?.[0] ?? null,
            status: PICK_LINE_STATUS.Open,
            location_confirmed: 0,
            note: null,
            updated_at: now,
          })),
        )
        .execute();
      pickLists.push({
        id: pl.id,
        sequence: trip.sequence,
        orders: trip.orders.map((o) => ({ order: byId.get(Number(o.orderId))!.number, totes: o.totes })),
        stops: ordered.length,
        units: ordered.reduce((n, a) => n + a.quantity, 0),
        distance: length,
        optimal,
        totes: trip.totes,
        overCapacity: trip.overCapacity,
      });
    }
    await writePickEvent(tx.db, { type: "wave-planned", detail: { waveId: inserted.id, orders: members.length, pickLists: pickLists.map((p) => p.id), mode } }, options);
    waves.push({
      id: inserted.id,
      warehouse: options.warehouse,
      mode,
      cutoff: wave.cutoff ?? null,
      priority: wave.priority,
      carrier: wave.carrier,
      orders: members.map((id) => byId.get(id)!.number),
      pickLists,
      distance: pickLists.reduce((n, p) => n + p.distance, 0),
    });
  }
  const deferred = plan.deferred.map((id) => byId.get(Number(id))?.number ?? id);
  return { warehouse: options.warehouse, waves, skipped, unplanned, deferred, backordersAllocated: backorders.allocated };
}

export function planWavesFor(store: SqlStore, options: WavePlanOptions): Promise<WavePlanOutcome> {
  return store.transaction((tx) => planWavesInTx(tx, options));
}

