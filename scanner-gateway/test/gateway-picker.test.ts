import { afterEach, describe, expect, it } from "vitest";
import type { Ack, PickResult, PickTask } from "@pickpack/core";
import { GatewayRepo } from "@pickpack/data";
import { getPickList, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { order, ordersBatch } from "../../data/test/fixtures.js";
import { pickerFlow } from "../src/flows/picker-flow.js";
import { call, startTestGateway, type TestGateway } from "./helpers.js";

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

it("the picker flow wraps the picking service: no released trip is a recorded refusal that changes nothing", async () => {
  t = await startTestGateway({ picker: pickerFlow });
  const s = await t.connect((await t.pair("picker")).token);
  await call(s, "session.login", { scanId: "l", badge: "BADGE-0001" });
  expect(await call(s, "pick.next", {})).toEqual({ ok: true, data: { task: null } });
  const r = await call(s, "pick.scan", { scanId: "p1", code: "A-01-01-A" });
  expect(r).toMatchObject({ ok: false, error: { code: "PICK_NOTHING_RELEASED" } });
  const repo = new GatewayRepo(t.store);
  expect((await repo.findScan((await repo.listDevices())[0]!.id, "p1"))?.code).toBe("PICK_NOTHING_RELEASED");
  expect((await repo.readFeed((await repo.listDevices())[0]!.id, 0, 10)).items.map((i) => i.type)).toEqual(["session"]);
});

describe("the picker protocol as docs/gateway.md documents it", () => {
  const T0 = Date.parse("2025-01-01T00:00:00Z");
  const by = { now: T0 + 60_000, actor: "test" };
  const layout = { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };

  /** Two Confirmed orders (B at A-02-01-A, A at A-01-01-A) on one released cluster trip in WH1. */
  async function releasedTrip(g: TestGateway): Promise<number> {
    await g.store.importData({ layouts: [{ value: layout, file: "l.json", line: 1 }] }, { now: T0, actor: "test" });
    await g.store.importData(ordersBatch(order("SO-P1", [["B", 2]]), order("SO-P2", [["A", 1]])), { now: T0, actor: "test" });
    for (const o of ["SO-P1", "SO-P2"]) await g.store.applyOrderEvent(o, { type: "PaymentSucceeded" }, by);
    const wave = (await planWavesFor(g.store, { warehouse: "WH1", mode: "cluster", ...by })).waves[0]!;
    await releaseWave(g.store, wave.id, by);
    return wave.pickLists[0]!.id;
  }

  it("PickTask.position/of number the trip's stops as the pick list does; tote is the pack station's TOTE-<list>T<n>; picked counts after task-done", async () => {
    t = await startTestGateway({ picker: pickerFlow });
    const listId = await releasedTrip(t);
    const view = await getPickList(t.store, listId);
    const s = await t.connect((await t.pair("picker")).token);
    await call(s, "session.login", { scanId: "l", badge: "BADGE-0001" });
    const first = ((await call(s, "pick.next", {})) as Ack<{ task: PickTask }> & { ok: true }).data.task;
    const stop1 = view.stopsInOrder[0]!;
    expect(first).toMatchObject({ position: 1, of: 2, location: stop1.location, tripId: String(listId), tote: `TOTE-${listId}T${stop1.tote}` });

    // an item scanned before its location: "scan the location first", not "not on this trip"
    const early = await call(s, "pick.scan", { scanId: "e1", code: first.sku });
    expect(early).toMatchObject({ ok: false, error: { code: "PICK_LOCATION_NOT_CONFIRMED" } });
    expect((early as { error: { message: string } }).error.message).toContain(`scan location ${first.location} first`);

    expect(await call(s, "pick.scan", { scanId: "p1", code: first.location })).toMatchObject({ ok: true, data: { step: "location-confirmed", task: { position: 1, of: 2 } } });
    const done = (await call(s, "pick.scan", { scanId: "p2", code: first.sku, quantity: first.quantity })) as Ack<PickResult> & { ok: true };
    expect(done.data).toMatchObject({ step: "task-done", task: { position: 1, picked: first.quantity, quantity: first.quantity }, next: { position: 2, of: 2 } });
    // the walk left shrinks as stops are done (through the rest of the trip, back to the depot)
    expect(first.metresToGo).toBeGreaterThan(done.data.next!.metresToGo!);
    expect(done.data.next!.metresToGo).toBeGreaterThan(0);
    const stop2 = view.stopsInOrder[1]!;
    expect(done.data.next).toMatchObject({ location: stop2.location, tote: `TOTE-${listId}T${stop2.tote}`, picked: 0 });
  });

  it("a short pick carries the picker's reason into the record", async () => {
    t = await startTestGateway({ picker: pickerFlow });
    await releasedTrip(t);
    const s = await t.connect((await t.pair("picker")).token);
    await call(s, "session.login", { scanId: "l", badge: "BADGE-0001" });
    const task = ((await call(s, "pick.next", {})) as Ack<{ task: PickTask }> & { ok: true }).data.task;
    await call(s, "pick.scan", { scanId: "p1", code: task.location });
    const r = await call(s, "pick.short", { scanId: "p2", found: task.quantity - 1, reason: "damaged" });
    expect(r).toMatchObject({ ok: true, data: { step: "short" } });
    const ev = await t.store.kysely.selectFrom("pick_events").select(["type", "detail"]).where("type", "=", "short").execute();
    expect(ev.map((e) => JSON.parse(e.detail) as { reason?: string })).toMatchObject([{ reason: "damaged", found: task.quantity - 1 }]);
    expect(await call(s, "pick.short", { scanId: "p3", found: 0, reason: "x".repeat(5000) })).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
  });
});
