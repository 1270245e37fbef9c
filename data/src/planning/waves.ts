/**
 * Waves: plan (group the warehouse's Confirmed orders with `planWaves`, build location-level pick
 * lists with `planBatches` on real route lengths and `planRoute` stop order, store everything as
 * planned), release (orders → Processing through the lifecycle, audited, one transaction), list.
 */
import {
  DomainError,
  InputError,
  planBatches,
  planRoute,
  planWaves,
  type CartCapacity,
  type Layout,
  type PickPoint,
  type PickingMode,
  type WaveOrder,
} from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import {
  ACTIVE_PICK_LISTS,
  PlanningErrorCode,
  chooseLocations,
  cmp,
  committedAtLocations,
  freeLocations,
  iso,
  loadLayout,
  pickPointOf,
  writePickEvent,
  type Actor,
  type Q,
} from "./common.js";

/** Cart used when none is given: 6 totes of 40 l, 240 l and 150 kg in all. */
export const DEFAULT_CART: CartCapacity = { totes: 6, toteVolume: 40, volume: 240, weight: 150 };

export interface WavePlanOptions extends Actor {
  readonly warehouse: string;
  /** Default `cluster`. */
  readonly mode?: PickingMode;
  readonly maxOrders?: number;
  readonly maxLines?: number;
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
}

interface LineNeed {
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
    .where("pick_list_lines.status", "!=", "cancelled")
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
    if (n) n.remaining -= c.status === "open" || c.status === "skipped" ? c.quantity : c.picked_quantity;
  }
  return [...need.values()].filter((n) => n.remaining > 0).sort((a, b) => a.orderId - b.orderId || a.lineNo - b.lineNo);
}

interface Assignment {
  orderId: number;
  lineNo: number;
  sku: string;
  location: string;
  point: PickPoint;
  quantity: number;
}

/**
 * Order pick-list lines by a route through their points: returns the lines in visiting order (lines
 * at the same point next to each other, by location then order), with the route.
 */
export function routeLines<T extends { point: PickPoint; location: string; orderId: number; lineNo: number }>(
  layout: Layout,
  lines: readonly T[],
): { ordered: T[]; length: number; optimal: boolean } {
  const route = planRoute(
    layout,
    lines.map((l) => l.point),
  );
  const byPoint = new Map<string, T[]>();
  for (const l of [...lines].sort((a, b) => cmp(a.location, b.location) || a.orderId - b.orderId || a.lineNo - b.lineNo)) {
    const k = `${l.point.aisle}:${l.point.y}`;
    (byPoint.get(k) ?? byPoint.set(k, []).get(k)!).push(l);
  }
  const ordered = route.stops.map((s) => byPoint.get(`${s.aisle}:${s.y}`)!.shift()!);
  return { ordered, length: route.length, optimal: route.optimal };
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
    limits: { maxOrders: options.maxOrders, maxLines: options.maxLines },
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
          const k = `${c.stock.location}\u0000${n.sku}`;
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
        status: "planned",
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
          status: "planned",
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
            status: "open",
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
  return { warehouse: options.warehouse, waves, skipped, unplanned };
}

export function planWavesFor(store: SqlStore, options: WavePlanOptions): Promise<WavePlanOutcome> {
  return store.transaction((tx) => planWavesInTx(tx, options));
}

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
  if (!wave) throw new DomainError(PlanningErrorCode.WaveNotFound, `no wave ${waveId}`);
  if (wave.status !== "planned") throw new DomainError(PlanningErrorCode.WaveNotPlanned, `wave ${waveId} is ${wave.status}; only a planned wave can be released`);
  const members = await tx.db
    .selectFrom("wave_orders")
    .innerJoin("orders", "orders.id", "wave_orders.order_id")
    .select(["orders.id", "orders.number", "orders.status"])
    .where("wave_orders.wave_id", "=", waveId)
    .orderBy("orders.id")
    .execute();
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
        .set({ status: "cancelled", updated_at: iso(by.now) })
        .where("order_id", "=", m.id)
        .where("status", "in", ["open", "skipped"])
        .where("pick_list_id", "in", (eb) => eb.selectFrom("pick_lists").select("id").where("wave_id", "=", waveId))
        .execute();
    }
  }
  await closeEmptyPickLists(tx.db, waveId, by);
  await tx.db
    .updateTable("pick_lists")
    .set({ status: "released", updated_at: iso(by.now) })
    .where("wave_id", "=", waveId)
    .where("status", "=", "planned")
    .execute();
  const lists = await tx.db.selectFrom("pick_lists").select(["id", "status"]).where("wave_id", "=", waveId).orderBy("sequence").execute();
  const live = lists.filter((l) => l.status !== "cancelled");
  await tx.db
    .updateTable("waves")
    .set({ status: live.length > 0 ? "released" : "cancelled", released_at: iso(by.now) })
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
  const lists = await q.selectFrom("pick_lists").select(["id", "status"]).where("wave_id", "=", waveId).where("status", "in", [...ACTIVE_PICK_LISTS]).execute();
  for (const l of lists) {
    const live = await q.selectFrom("pick_list_lines").select("id").where("pick_list_id", "=", l.id).where("status", "!=", "cancelled").executeTakeFirst();
    if (!live) await q.updateTable("pick_lists").set({ status: "cancelled", updated_at: iso(by.now) }).where("id", "=", l.id).execute();
  }
  const left = await q.selectFrom("pick_lists").select("id").where("wave_id", "=", waveId).where("status", "!=", "cancelled").executeTakeFirst();
  if (!left) await q.updateTable("waves").set({ status: "cancelled" }).where("id", "=", waveId).where("status", "in", ["planned", "released"]).execute();
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

export async function listWaves(q: Q, filter: { warehouse?: string; status?: string } = {}): Promise<WaveSummary[]> {
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
    const live = lists.filter((l) => l.status !== "cancelled");
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
      lines: lines.filter((l) => l.status !== "cancelled").length,
      openLines: lines.filter((l) => l.status === "open" || l.status === "skipped").length,
      distance: live.reduce((n, l) => n + l.distance, 0),
      createdAt: w.created_at,
      releasedAt: w.released_at,
    });
  }
  return out;
}
