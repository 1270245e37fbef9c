/**
 * Flow tests: a picker and a packer (socket.io-client) against a real gateway on a free port, over a
 * SQLite store loaded with the demo dataset; a wave planned and released with the planning services;
 * picked (with a wrong scan and a short pick) and packed (wrong item, over-pack, weight outside
 * tolerance, supervisor override) to a Packed order with a label file.
 */
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import type { FeedItem, PackResult, PickResult, PickTask, StationState } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { loadDemo } from "@pickpack/data/demo";
import { PickingService, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { toteBarcode } from "@pickpack/data";
import { pickerFlow } from "../src/flows/picker-flow.js";
import { call, lazyPacker, startTestGateway, waitFor, type TestGateway } from "./helpers.js";

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
const NOW = Date.parse("2026-11-22T08:00:00Z");

let t: TestGateway | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pickpack-flow-"));
});
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Start a gateway over the demo data with the picker and packer flows, printers writing files in `dir`. */
async function start(): Promise<TestGateway> {
  const holder: { store?: SqlStore } = {};
  const lazy = lazyPacker(() => holder.store!, { defaults: { printer: `file:${dir}/{station}-{shipment}.zpl`, labelFormat: "zpl" } });
  const g = await startTestGateway({ seed: false, picker: pickerFlow, packer: lazy });
  holder.store = g.store;
  await loadDemo(g.store, { now: NOW });
  return g;
}


let n = 0;
const id = () => `s${++n}`;

async function barcodeOf(store: SqlStore, sku: string): Promise<string> {
  const r = await store.kysely.selectFrom("sku_barcodes").select("barcode").where("sku", "=", sku).orderBy("barcode").executeTakeFirstOrThrow();
  return r.barcode;
}

/** Plan and release a wave (planning services); `order`: the trip's order with the most units. */
async function plannedWave(store: SqlStore, maxOrders = 6, minUnits = 1): Promise<{ order: string; tote: number; pickListId: number; orders: readonly { order: string; totes: readonly number[] }[] }> {
  const by = { now: NOW + 60_000, actor: "test:supervisor" };
  const plan = await planWavesFor(store, { warehouse: "WH1", mode: "cluster", maxOrders, ...by });
  const wave = plan.waves[0]!;
  await releaseWave(store, wave.id, by);
  const units = async (order: string) => (await orderState(store, order)).lines.reduce((a, l) => a + l.quantity, 0);
  // packing needs every unit in the packing warehouse: take an order allocated wholly to WH1 (with at least minUnits), from the first trip that has one
  let list = wave.pickLists[0]!;
  const whole = [];
  for (const l of wave.pickLists) {
    for (const o of l.orders) {
      const st = await orderState(store, o.order);
      const elsewhere = await store.kysely.selectFrom("reservations").select("id").where("order_id", "=", st.orderId).where("warehouse", "!=", "WH1").executeTakeFirst();
      if (!elsewhere && (await units(o.order)) >= minUnits) whole.push(o);
    }
    list = l;
    if (whole.length > 0) break;
  }
  let best = whole[0]!;
  for (const o of whole) if ((await units(o.order)) > (await units(best.order))) best = o;
  return { order: best.order, tote: best.totes[0] ?? 1, pickListId: list.id, orders: list.orders };
}

/** Pick an order's lines of the trip through the planning picking service (packing a waved order needs its units picked). */
async function pickOrder(store: SqlStore, pickListId: number, order: string): Promise<void> {
  const by = { now: NOW + 90_000, actor: "u-pia" };
  const picking = new PickingService(store);
  const { orderId } = await orderState(store, order);
  const lines = await store.kysely.selectFrom("pick_list_lines").select(["id", "location", "sku", "quantity", "picked_quantity"]).where("pick_list_id", "=", pickListId).where("order_id", "=", orderId).execute();
  for (const l of lines) {
    await picking.confirmLocation({ pickListId, location: l.location, lineId: l.id }, by);
    await picking.confirmItem({ pickListId, code: l.sku, quantity: l.quantity - l.picked_quantity, lineId: l.id }, by);
  }
}

function feedOf(s: Socket): FeedItem[] {
  const items: FeedItem[] = [];
  s.on("feed", (i: FeedItem) => items.push(i));
  return items;
}

async function orderState(store: SqlStore, order: string) {
  const o = await store.kysely.selectFrom("orders").select(["id", "status"]).where("number", "=", order).executeTakeFirstOrThrow();
  const lines = await store.kysely.selectFrom("order_lines").select(["sku", "quantity", "packed_quantity"]).where("order_id", "=", o.id).orderBy("line_no").execute();
  const cartons = await store.kysely.selectFrom("cartons").selectAll().where("order_id", "=", o.id).execute();
  const items = await store.kysely.selectFrom("carton_items").selectAll().execute();
  return { status: o.status, lines, cartons, items, orderId: o.id };
}

describe("picker and packer flows over the demo data", () => {
  it("walks a released wave to a Packed order with a label file: wrong scans, a short pick, a weight outside tolerance and an override", async () => {
    t = await start();
    const store = t.store;
    const { order, tote, pickListId, orders } = await plannedWave(store);

    // ------------------------------------------------------------ picker
    const picker = await t.connect((await t.pair("picker")).token);
    expect(await call(picker, "session.login", { scanId: id(), badge: "BADGE-0001" })).toMatchObject({ ok: true });
    let task = ((await call(picker, "pick.next", {})) as Ack<{ task: PickTask | null }> & { ok: true }).data.task;
    expect(task).toMatchObject({ tripId: String(pickListId) });
    expect(orders.map((o) => o.order)).toContain(task!.orderNumber);

    // a wrong location is refused with the reason and changes nothing
    const wrongLoc = (await call(picker, "pick.scan", { scanId: id(), code: "Z-99-99-Z" })) as Ack<PickResult>;
    expect(wrongLoc).toMatchObject({ ok: false, error: { code: "PICK_WRONG_LOCATION" } });
    let shorted = false;
    let wrongItemSeen = false;
    for (let guard = 0; task && guard < 50; guard++) {
      const loc = (await call(picker, "pick.scan", { scanId: id(), code: task.location })) as Ack<PickResult>;
      expect(loc).toMatchObject({ ok: true, data: { step: "location-confirmed" } });
      if (!wrongItemSeen) {
        const other = await store.kysely.selectFrom("sku_barcodes").select("barcode").where("sku", "!=", task.sku).orderBy("barcode").executeTakeFirstOrThrow();
        expect(await call(picker, "pick.scan", { scanId: id(), code: other.barcode })).toMatchObject({ ok: false, error: { code: "PICK_WRONG_ITEM" } });
        wrongItemSeen = true;
      }
      const code = await barcodeOf(store, task.sku);
      const left = task.quantity - task.picked;
      if (!shorted && task.orderNumber !== order) {
        // short pick (another order of the trip): nothing found here; the planning rules re-allocate or back-order
        const short = (await call(picker, "pick.short", { scanId: id(), found: task.picked })) as Ack<PickResult>;
        expect(short).toMatchObject({ ok: true, data: { step: "short" } });
        shorted = true;
        task = short.ok ? short.data.next : null;
        continue;
      }
      const r = (await call(picker, "pick.scan", { scanId: id(), code, quantity: left })) as Ack<PickResult>;
      expect(r).toMatchObject({ ok: true, data: { step: "task-done" } });
      task = r.ok ? r.data.next : null;
    }
    expect(shorted).toBe(true);
    const done = (await call(picker, "trip.complete", { scanId: id(), station: "P1" })) as Ack<PickResult>;
    expect(done).toMatchObject({ ok: true, data: { step: "trip-complete" } });

    // ------------------------------------------------------------ packer
    const packer = await t.connect((await t.pair("packer", "P1")).token);
    const feed = feedOf(packer);
    expect(await call(packer, "session.login", { scanId: id(), badge: "BADGE-0007" })).toMatchObject({ ok: true });
    const opened = (await call(packer, "station.open", { scanId: id() })) as Ack<{ state: StationState }>;
    expect(opened).toMatchObject({ ok: true, data: { state: { station: "P1", phase: "idle", orderNumber: null } } });

    // the tote of the trip opens the order
    const byTote = (await call(packer, "pack.scan", { scanId: id(), code: toteBarcode(pickListId, tote) })) as Ack<PackResult>;
    expect(byTote).toMatchObject({ ok: true, data: { step: "order-opened", state: { orderNumber: order, phase: "scanning" } } });
    const state0 = (byTote as { data: PackResult }).data.state;
    expect(state0.lines.length).toBeGreaterThan(0);
    expect(state0.lines.every((l) => l.packed === 0 && l.expected > 0)).toBe(true);
    expect(state0.suggestedBox).toMatch(/^BOX-/);

    // a wrong item: refused with what it is and where it belongs; nothing changes
    const before = await orderState(store, order);
    const onOrder = new Set(state0.lines.map((l) => l.sku));
    const foreign = await store.kysely.selectFrom("sku_barcodes").select(["barcode", "sku"]).where("sku", "not in", [...onOrder]).orderBy("sku").executeTakeFirstOrThrow();
    const wrong = (await call(packer, "pack.scan", { scanId: id(), code: foreign.barcode })) as Ack<PackResult>;
    expect(wrong).toMatchObject({ ok: false, error: { code: "PACK_WRONG_ITEM", details: { sku: foreign.sku } } });
    expect((wrong as unknown as { error: { details: { name: string } } }).error.details.name).toBeTruthy();
    expect(await orderState(store, order)).toEqual(before);

    // scan every unit
    let last: PackResult | undefined;
    for (const line of state0.lines) {
      const code = await barcodeOf(store, line.sku);
      for (let i = 0; i < line.expected; i++) {
        const r = (await call(packer, "pack.scan", { scanId: id(), code })) as Ack<PackResult>;
        expect(r).toMatchObject({ ok: true, data: { step: "item-packed" } });
        last = (r as { data: PackResult }).data;
      }
    }
    expect(last!.state.phase).toBe("weigh");
    expect(last!.state.lines.every((l) => l.packed === l.expected)).toBe(true);
    const expected = last!.state.expectedGrams!;
    const tolerance = last!.state.toleranceGrams!;
    expect(expected).toBeGreaterThan(0);

    // over-pack: refused, nothing changes
    const packedBefore = await orderState(store, order);
    const over = (await call(packer, "pack.scan", { scanId: id(), code: await barcodeOf(store, state0.lines[0]!.sku) })) as Ack<PackResult>;
    expect(over).toMatchObject({ ok: false, error: { code: "PACK_OVERPACK" } });
    expect(await orderState(store, order)).toEqual(packedBefore);

    // a weight outside tolerance: refused, the station shows it, the carton is not weighed
    const heavy = expected + tolerance + 200;
    const refusedW = (await call(packer, "pack.weight", { scanId: id(), grams: heavy })) as Ack<PackResult>;
    expect(refusedW).toMatchObject({ ok: false, error: { code: "PACK_WEIGHT_OUT_OF_TOLERANCE", details: { expectedGrams: expected, measuredGrams: heavy } } });
    const st = (await call(packer, "pack.state", {})) as Ack<{ state: StationState }>;
    expect(st).toMatchObject({ ok: true, data: { state: { phase: "weight-refused", measuredGrams: heavy } } });
    expect((await orderState(store, order)).cartons.every((c) => c.measured_weight_grams === null && c.status === "open")).toBe(true);

    // a packer's badge cannot override; a supervisor's can, with a reason
    expect(await call(packer, "pack.override", { scanId: id(), supervisorBadge: "BADGE-0008", reason: "looks fine" })).toMatchObject({ ok: false, error: { code: "PACK_OVERRIDE_NOT_SUPERVISOR" } });
    const ov = (await call(packer, "pack.override", { scanId: id(), supervisorBadge: "BADGE-0011", reason: "extra packing material" })) as Ack<PackResult>;
    expect(ov).toMatchObject({ ok: true, data: { step: "override-recorded", state: { phase: "labelled", orderNumber: order } } });
    const labelled = (ov as { data: PackResult }).data.state;
    expect(labelled.trackingNumber).toMatch(/^LC\d{11}$/);

    // order Packed (audited), tracking stored, outbox written, label file printed after the commit
    const after = await orderState(store, order);
    expect(after.status).toBe("Packed");
    expect(after.cartons).toHaveLength(1);
    expect(after.cartons[0]).toMatchObject({ status: "closed", weight_override_by: "supervisor-1", weight_override_reason: "extra packing material", measured_weight_grams: heavy });
    const shipment = await store.kysely.selectFrom("shipments").selectAll().where("order_id", "=", after.orderId).executeTakeFirstOrThrow();
    expect(shipment.tracking_number).toBe(labelled.trackingNumber);
    const outbox = (await store.listOutbox({ orderRef: order })).map((m) => m.type);
    expect(outbox).toEqual(expect.arrayContaining(["packing.weight.overridden.v1", "shipment.created.v1", "order.packed.v1", "order.status.changed.v1"]));
    const audit = await store.kysely.selectFrom("order_transitions").select(["from_status", "to_status"]).where("order_id", "=", after.orderId).execute();
    expect(audit.map((a) => `${a.from_status}>${a.to_status}`)).toContain("Processing>Packed");
    const file = join(dir, `P1-${shipment.shipment_number}.zpl`);
    await waitFor(() => existsSync(file));
    const zpl = readFileSync(file, "utf8");
    expect(zpl).toMatch(/^\^XA/);
    expect(zpl).toContain(shipment.tracking_number);
    // …and the station hears that the label was printed
    await waitFor(() => feed.some((f) => f.type === "pack" && (f.data as { state: StationState }).state.label === file));

    // the label's barcode confirms: the order is packed
    const confirm = (await call(packer, "pack.scan", { scanId: id(), code: labelled.trackingNumber! })) as Ack<PackResult>;
    expect(confirm).toMatchObject({ ok: true, data: { state: { phase: "packed" } } });
    // the feed is gap-free and ends with the packed state
    expect(feed.map((f) => f.seq)).toEqual(feed.map((_, i) => feed[0]!.seq + i));
  }, 60_000);

  it("re-weigh after a refused weight, multi-carton with a box override, and a reprint", async () => {
    t = await start();
    const store = t.store;
    // an order with at least 2 units (all in WH1: a larger wave to find one), released and picked
    const { order, pickListId } = await plannedWave(store, 24, 2);
    await pickOrder(store, pickListId, order);
    const packer = await t.connect((await t.pair("packer", "P2")).token);
    await call(packer, "session.login", { scanId: id(), badge: "BADGE-0007" });
    const o = (await call(packer, "pack.scan", { scanId: id(), code: order })) as Ack<PackResult> & { ok: true };
    expect(o.data.step).toBe("order-opened");
    const units = o.data.state.lines.flatMap((l) => Array.from({ length: l.expected }, () => l.sku));
    expect(units.length).toBeGreaterThan(1);
    // first carton: one unit, another box with a reason, close it
    const first = units[0]!;
    await call(packer, "pack.scan", { scanId: id(), code: await barcodeOf(store, first) });
    const suggested = ((await call(packer, "pack.state", {})) as { data: { state: StationState } }).data.state.suggestedBox;
    const other = suggested === "BOX-XL" ? "BOX-L" : "BOX-XL";
    const box = (await call(packer, "pack.scan", { scanId: id(), code: `${other}:fragile, extra padding` })) as Ack<PackResult>;
    expect(box).toMatchObject({ ok: true, data: { step: "box-chosen", state: { box: other, suggestedBox: suggested } } });
    if (units.length > 1) {
      const c = (await call(packer, "pack.close", { scanId: id() })) as Ack<PackResult>;
      expect(c).toMatchObject({ ok: true, data: { state: { phase: "weigh" } } });
    }
    const w1 = (await call(packer, "pack.state", {})) as Ack<{ state: StationState }> & { ok: true };
    const exp1 = w1.data.state.expectedGrams!;
    // too light, then the right weight (a re-weigh)
    expect(await call(packer, "pack.weight", { scanId: id(), grams: Math.max(1, exp1 - 400) })).toMatchObject({ ok: false, error: { code: "PACK_WEIGHT_OUT_OF_TOLERANCE" } });
    const ok1 = (await call(packer, "pack.weight", { scanId: id(), grams: exp1 + 10 })) as Ack<PackResult>;
    expect(ok1).toMatchObject({ ok: true, data: { step: "labelled", state: { phase: "labelled", box: other } } });
    const carton = (await orderState(store, order)).cartons[0]!;
    expect(carton).toMatchObject({ box_type: other, box_suggested: suggested, box_reason: "fragile, extra padding", weight_verdict: "ok" });
    // reprint
    const again = (await call(packer, "pack.scan", { scanId: id(), code: "CMD-REPRINT" })) as Ack<PackResult>;
    expect(again).toMatchObject({ ok: true });
    if (units.length > 1) {
      // next carton: the rest
      await call(packer, "pack.scan", { scanId: id(), code: "CMD-NEXT" });
      let last: PackResult | undefined;
      for (const sku of units.slice(1)) last = ((await call(packer, "pack.scan", { scanId: id(), code: await barcodeOf(store, sku) })) as { data: PackResult }).data;
      expect(last!.state.phase).toBe("weigh");
      const r = (await call(packer, "pack.weight", { scanId: id(), grams: last!.state.expectedGrams! })) as Ack<PackResult>;
      expect(r).toMatchObject({ ok: true, data: { state: { phase: "labelled" } } });
      expect((await orderState(store, order)).cartons.filter((c) => c.status === "closed")).toHaveLength(2);
      // the first carton's label scanned at the second one's confirmation: a wrong label, named
      const cartons = (await orderState(store, order)).cartons.sort((x, y) => x.carton_no - y.carton_no);
      const firstShipment = await store.kysely.selectFrom("shipments").select(["tracking_number", "sscc"]).where("carton_id", "=", cartons[0]!.id).executeTakeFirstOrThrow();
      const wrong = (await call(packer, "pack.scan", { scanId: id(), code: firstShipment.tracking_number })) as Ack<PackResult>;
      expect(wrong).toMatchObject({ ok: false, error: { code: "PACK_WRONG_LABEL" } });
      expect(!wrong.ok && wrong.error.message).toMatch(new RegExp(`^wrong label: this is carton ${order} 1 of 2`));
      // its own SSCC as a GS1-128 element string (AIM ]C1, FNC1, AI 00) confirms it
      const own = cartons[1]!.sscc!;
      const confirmed = (await call(packer, "pack.scan", { scanId: id(), code: `]C1\x1d00${own}` })) as Ack<PackResult>;
      expect(confirmed).toMatchObject({ ok: true, data: { state: { phase: "packed" } } });
    }
    expect((await orderState(store, order)).status).toBe("Packed");
    await waitFor(() => existsSync(join(dir, `P2-${order}-1.zpl`)));
    // the station restarts: it does not show the order it packed last
    const reopened = (await call(packer, "station.open", { scanId: id() })) as Ack<{ state: StationState }>;
    expect(reopened).toMatchObject({ ok: true, data: { state: { phase: "idle", orderNumber: null, lines: [] } } });
  }, 60_000);

  it("refusals change nothing and are replayed identically; a picker may not pack", async () => {
    t = await start();
    const store = t.store;
    const { order, pickListId } = await plannedWave(store);
    await pickOrder(store, pickListId, order);
    const picker = await t.connect((await t.pair("picker")).token);
    expect(await call(picker, "pack.scan", { scanId: id(), code: order })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const packer = await t.connect((await t.pair("packer", "P1")).token);
    await call(packer, "session.login", { scanId: id(), badge: "BADGE-0007" });
    expect(await call(packer, "pack.scan", { scanId: id(), code: "4006381333931" })).toMatchObject({ ok: false, error: { code: "PACK_NO_ORDER" } });
    expect(await call(packer, "pack.scan", { scanId: id(), code: "TOTE-999T9" })).toMatchObject({ ok: false, error: { code: "PACK_TOTE_UNKNOWN" } });
    const o = (await call(packer, "pack.scan", { scanId: id(), code: order })) as Ack<PackResult> & { ok: true };
    const line = o.data.state.lines[0]!;
    const code = await barcodeOf(store, line.sku);
    for (let i = 0; i < line.expected; i++) await call(packer, "pack.scan", { scanId: id(), code });
    const snap = await orderState(store, order);
    const outbox = (await store.listOutbox({ orderRef: order })).length;
    const overId = id();
    const over1 = await call(packer, "pack.scan", { scanId: overId, code });
    expect(over1).toMatchObject({ ok: false, error: { code: "PACK_OVERPACK" } });
    expect(await call(packer, "pack.scan", { scanId: overId, code })).toEqual(over1);
    expect(await call(packer, "pack.scan", { scanId: id(), code: "NOT-A-THING" })).toMatchObject({ ok: false, error: { code: "PACK_NOT_AN_ITEM" } });
    expect(await call(packer, "pack.weight", { scanId: id() })).toMatchObject({ ok: false });
    expect(await orderState(store, order)).toEqual(snap);
    expect((await store.listOutbox({ orderRef: order })).length).toBe(outbox);
  }, 60_000);
});
