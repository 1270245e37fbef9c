/**
 * The handheld's model without a browser: a fake transport we own, the queue in memory. Offline it
 * checks scans against the trip it holds and walks on (location, item by SKU code or GTIN, skip to the
 * end, the drop queued); reconnected, the queue goes out in order, once, and the gateway's refusals
 * of queued scans are listed one by one; a reload restores the stop and the queue.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { isValidGtin, type PickResult, type PickTask } from "@pickpack/core";
import { MemoryQueueStore } from "@pickpack/client";
import { FakeTransport, type Reply } from "../../cli/test/fake-transport.js";
import { PickerModel, type DurableQueue } from "../src/model.js";

const GTIN = "4006381333931";

class MemoryDurableQueue extends MemoryQueueStore implements DurableQueue {
  durable(): Promise<void> {
    return Promise.resolve();
  }
}

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
}

const stop = (n: number, location: string, sku: string, barcodes: string[] = []): PickTask => ({
  taskId: `7:${n}`,
  tripId: "7",
  orderNumber: `SO-${n}`,
  location,
  sku,
  description: `item ${sku}`,
  quantity: 1,
  picked: 0,
  tote: `TOTE-7T${n}`,
  position: n,
  of: 3,
  barcodes,
});
const S1 = stop(1, "A-01-01-A", "SKU-0001", [GTIN]);
const S2 = stop(2, "A-02-01-A", "SKU-0002");
const S3 = stop(3, "A-03-01-A", "SKU-0003");
const result = (step: PickResult["step"], next: PickTask | null): Reply => ({ ok: true, data: { step, task: null, next, message: step } });

const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

function setup(responder: (event: string, p: Record<string, unknown>) => Reply, shared?: { queue: MemoryDurableQueue; storage: MemoryStorage }) {
  const queue = shared?.queue ?? new MemoryDurableQueue();
  const storage = shared?.storage ?? new MemoryStorage();
  const t = new FakeTransport((e, p) => responder(e, p));
  let now = 1_000;
  const feedback: string[] = [];
  const model = new PickerModel({
    queue,
    storage,
    transport: () => t,
    pair: async () => ({ token: "tok", device: { id: "dev-1", name: "HH", role: "picker", station: null } }),
    now: () => now++,
    feedback: (k) => feedback.push(k),
  });
  return { model, t, queue, storage, feedback };
}

/** The gateway's side: the device's user once logged in (hello says so after a reconnect). */
let loggedIn = false;
const ANA = { id: "u1", name: "Ana", role: "picker" };
const online = (e: string, p: Record<string, unknown>): Reply => {
  if (e === "hello") return { ok: true, data: { protocol: 1, device: { id: "dev-1", name: "HH", role: "picker", station: null }, user: loggedIn ? ANA : null, latestSeq: 0, serverTime: "", node: "n" } };
  if (e === "session.login") {
    loggedIn = true;
    return { ok: true, data: { user: ANA } };
  }
  if (e === "pick.next") return { ok: true, data: { task: { ...S1, upcoming: [S2, S3] } } };
  throw new Error(`unexpected ${e} ${JSON.stringify(p)}`);
};

describe("the handheld model", () => {
  beforeEach(() => {
    loggedIn = false;
  });

  it("offline: checks against the trip it holds, walks on, skips to the end, queues the drop; reconnected: sends once, in order, lists refusals", async () => {
    const { model, t, queue } = setup(online);
    await model.pair("ABC-DEFGH");
    t.up();
    await flush();
    await model.scan("BADGE-0001");
    await flush();
    await model.takeNext();
    expect(model.view()).toMatchObject({ screen: "stop", task: { location: S1.location }, online: true });

    t.down();
    await flush();
    await model.scan("A-09-09-A"); // wrong location: refused here, nothing queued
    expect(model.view()).toMatchObject({ waiting: 0, notice: { kind: "refused", title: "Wrong location" } });
    await model.scan(S1.sku); // the item before the location
    expect(model.view()).toMatchObject({ waiting: 0, notice: { kind: "refused", title: `Scan location ${S1.location} first` } });
    await model.scan(S1.location);
    await model.scan("SKU-0002"); // another item
    expect(model.view()).toMatchObject({ waiting: 1, notice: { title: "Wrong item" } });
    expect(isValidGtin(GTIN)).toBe(true);
    await model.scan(GTIN); // the stop's item by its GTIN: counted, the next stop comes from the held trip
    expect(model.view()).toMatchObject({ waiting: 2, task: { location: S2.location }, atLocation: false, unconfirmed: true });
    await model.action("skip"); // S2 moves to the end, numbered last
    expect(model.view().task).toMatchObject({ location: S3.location, position: 2 });
    await model.scan(S3.location);
    await model.scan(S3.sku);
    expect(model.view().task).toMatchObject({ location: S2.location, position: 3 });
    await model.scan(S2.location);
    model.setQuantity(2);
    await model.scan(S2.sku); // 2 of a stop of 1: over-pick, refused here
    expect(model.view()).toMatchObject({ waiting: 6, notice: { title: "Over-pick" } });
    await model.scan(S2.sku);
    expect(model.view()).toMatchObject({ screen: "drop", waiting: 7, totes: ["TOTE-7T1", "TOTE-7T2", "TOTE-7T3"] });
    await model.scan(S3.location); // not a pack station
    expect(model.view()).toMatchObject({ screen: "drop", waiting: 7, notice: { kind: "refused", title: "Scan the pack station" } });
    await model.scan("P1");
    expect(model.view()).toMatchObject({ screen: "trip", waiting: 8 });
    const queued = queue.load().map((c) => [c.event, c.payload.code ?? c.payload.station ?? ""]);
    expect(queued).toEqual([
      ["pick.scan", S1.location],
      ["pick.scan", GTIN],
      ["pick.skip", ""],
      ["pick.scan", S3.location],
      ["pick.scan", S3.sku],
      ["pick.scan", S2.location],
      ["pick.scan", S2.sku],
      ["trip.complete", "P1"],
    ]);
    const ids = queue.load().map((c) => c.scanId);
    expect(new Set(ids).size).toBe(8);

    // back online: the gateway refuses S3's item (say it was shorted meanwhile), accepts the rest
    t.responder = (e, p) => {
      if (e === "hello") return online(e, p);
      if (e === "pick.scan" && p.code === S3.sku) return { ok: false, error: { code: "PICK_NOTHING_TO_PICK", message: "this stop is no longer on the trip" } };
      if (e === "trip.complete") return result("trip-complete", null);
      return result("item-counted", S2);
    };
    t.up();
    await flush();
    // each queued command sent once, in the order it was made
    expect(t.sent.filter((s) => s.payload.scanId !== undefined && s.event !== "session.login").map((s) => s.payload.scanId)).toEqual(ids);
    expect(model.view()).toMatchObject({ waiting: 0, screen: "trip", refusals: [{ title: "Stop no longer on the trip" }] });
    model.dismissRefusal();
    expect(model.view().refusals).toHaveLength(0);
  });

  it("a reload restores the stop and the queue; the restored scans' refusals are listed, not flashed", async () => {
    const first = setup(online);
    const restoredIds = () => first.queue.load().map((c) => c.scanId);
    await first.model.pair("ABC-DEFGH");
    first.t.up();
    await flush();
    await first.model.scan("BADGE-0001");
    await flush();
    await first.model.takeNext();
    first.t.down();
    await first.model.scan(S1.location);
    await first.model.scan(S1.sku);
    expect(first.model.view()).toMatchObject({ waiting: 2, task: { location: S2.location } });
    const before = restoredIds();

    // the page reloads (same device storage and queue), still offline
    const again = setup(() => "timeout", { queue: first.queue, storage: first.storage });
    again.model.start();
    expect(again.model.view()).toMatchObject({ screen: "stop", waiting: 2, online: false, task: { location: S2.location }, user: { name: "Ana" } });
    again.t.responder = (e, p) => (e === "hello" ? online(e, p) : e === "pick.next" ? { ok: true, data: { task: { ...S2, upcoming: [S3] } } } : p.code === S1.sku ? { ok: false, error: { code: "PICK_STOCK_MISSING", message: "only 0 on record" } } : result("location-confirmed", S1));
    again.t.up();
    await flush();
    expect(again.model.view()).toMatchObject({ waiting: 0, refusals: [{ title: "Stock missing here: report a short pick" }] });
    expect(again.feedback).not.toContain("ok"); // nothing flashed green for scans made before the reload
    expect(first.t.sentOf("pick.scan")).toHaveLength(0);
    expect(again.t.sentOf("pick.scan").map((s) => s.payload.scanId)).toEqual(before);
    expect(again.t.sentOf("pick.scan").map((s) => s.payload.code)).toEqual([S1.location, S1.sku]);
    expect(again.queue.load()).toHaveLength(0);
  });
});
