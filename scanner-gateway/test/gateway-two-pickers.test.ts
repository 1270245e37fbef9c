/**
 * Two pickers on two handhelds, one wave: they never get the same trip, and a stop of the other's trip
 * cannot be picked (each device's scans apply to its own user's trip only) — on SQLite and on
 * PostgreSQL, with both pickers asking at the same moment.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Ack, PickTask } from "@pickpack/core";
import { getPickList, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { backends } from "../../data/test/backends.js";
import { order, ordersBatch } from "../../data/test/fixtures.js";
import { pickerFlow } from "../src/flows/picker-flow.js";
import { call, startTestGateway, type TestGateway } from "./helpers.js";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const by = { now: T0 + 60_000, actor: "test" };
const layout = { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };

type TaskAck = Ack<{ task: PickTask | null }>;

for (const backend of backends) {
  describe.skipIf(!backend.available)(`two pickers on ${backend.name}`, () => {
    let t: TestGateway | undefined;
    afterEach(async () => {
      await t?.cleanup();
      t = undefined;
    });

    /** One released single-order wave: each order is its own trip. */
    async function release(g: TestGateway, orders: number): Promise<number[]> {
      await g.store.importData({ layouts: [{ value: layout, file: "l.json", line: 1 }] }, { now: T0, actor: "test" });
      const numbers = Array.from({ length: orders }, (_, i) => `SO-T${i + 1}`);
      await g.store.importData(ordersBatch(...numbers.map((n, i) => order(n, [[i % 2 === 0 ? "A" : "B", 1]]))), { now: T0, actor: "test" });
      for (const o of numbers) await g.store.applyOrderEvent(o, { type: "PaymentSucceeded" }, by);
      const wave = (await planWavesFor(g.store, { warehouse: "WH1", mode: "single", ...by })).waves[0]!;
      await releaseWave(g.store, wave.id, by);
      return wave.pickLists.map((l) => l.id);
    }

    async function picker(g: TestGateway, badge: string) {
      const s = await g.connect((await g.pair("picker")).token);
      expect(await call(s, "session.login", { scanId: "login", badge })).toMatchObject({ ok: true });
      return s;
    }

    it("asking at the same moment, they get different trips; the second trip's stop cannot be picked from the first device", async () => {
      t = await startTestGateway({ picker: pickerFlow, backend });
      const lists = await release(t, 2);
      expect(lists).toHaveLength(2);
      const [a, b] = [await picker(t, "BADGE-0001"), await picker(t, "BADGE-0002")];
      const [ra, rb] = (await Promise.all([call(a, "pick.next", {}), call(b, "pick.next", {})])) as [TaskAck, TaskAck];
      const ta = (ra as TaskAck & { ok: true }).data.task!;
      const tb = (rb as TaskAck & { ok: true }).data.task!;
      expect(ta.tripId).not.toBe(tb.tripId);
      expect(new Set([ta.tripId, tb.tripId])).toEqual(new Set(lists.map(String)));

      // a walks to b's stop and scans it: refused, b's line untouched
      const other = await call(a, "pick.scan", { scanId: "x1", code: tb.location });
      expect(tb.location).not.toBe(ta.location);
      expect(other).toMatchObject({ ok: false, error: { code: "PICK_WRONG_LOCATION" } });
      const bList = await getPickList(t.store, Number(tb.tripId));
      expect(bList.stopsInOrder[0]).toMatchObject({ picked: 0, locationConfirmed: false });
      expect(bList.picker).not.toBe((await getPickList(t.store, Number(ta.tripId))).picker);
    });

    it("a task carries the stops ahead in walking order and the SKU's barcodes (what a handheld holds offline); a skipped stop moves to the end", async () => {
      t = await startTestGateway({ picker: pickerFlow, backend });
      await t.store.importData({ layouts: [{ value: layout, file: "l.json", line: 1 }] }, { now: T0, actor: "test" });
      await t.store.importData(ordersBatch(order("SO-U1", [["A", 1], ["B", 1]])), { now: T0, actor: "test" });
      await t.store.applyOrderEvent("SO-U1", { type: "PaymentSucceeded" }, by);
      const wave = (await planWavesFor(t.store, { warehouse: "WH1", mode: "single", ...by })).waves[0]!;
      await releaseWave(t.store, wave.id, by);
      const s = await picker(t, "BADGE-0001");
      const first = ((await call(s, "pick.next", {})) as TaskAck & { ok: true }).data.task!;
      expect(first.upcoming).toHaveLength(first.of - 1);
      expect(first.upcoming!.map((u) => u.position)).toEqual([2]);
      expect(Array.isArray(first.barcodes)).toBe(true);
      const skipped = (await call(s, "pick.skip", { scanId: "sk1" })) as Ack<{ next: PickTask }> & { ok: true };
      // the stop ahead is next now, the skipped one comes back at the end (stops are renumbered so: skipped ones last)
      expect(skipped.data.next.location).toBe(first.upcoming![0]!.location);
      expect(skipped.data.next.upcoming!.map((u) => u.location)).toEqual([first.location]);
    });

    it("one trip, two pickers: the second gets nothing to pick, and cannot pick the first one's stop", async () => {
      t = await startTestGateway({ picker: pickerFlow, backend });
      const [list] = await release(t, 1);
      const [a, b] = [await picker(t, "BADGE-0001"), await picker(t, "BADGE-0002")];
      const [ra, rb] = (await Promise.all([call(a, "pick.next", {}), call(b, "pick.next", {})])) as [TaskAck, TaskAck];
      const tasks = [ra, rb].map((r) => (r as TaskAck & { ok: true }).data.task);
      expect(tasks.filter((x) => x !== null)).toHaveLength(1);
      const [holder, idle] = tasks[0] ? [a, b] : [b, a];
      const task = (tasks[0] ?? tasks[1])!;
      expect(task.tripId).toBe(String(list));
      expect(await call(idle, "pick.scan", { scanId: "y1", code: task.location })).toMatchObject({ ok: false, error: { code: "PICK_NOTHING_RELEASED" } });
      expect(await call(idle, "pick.scan", { scanId: "y2", code: task.sku })).toMatchObject({ ok: false });
      expect((await getPickList(t.store, list!)).stopsInOrder[0]).toMatchObject({ picked: 0, locationConfirmed: false });
      // the holder picks it as usual
      expect(await call(holder, "pick.scan", { scanId: "h1", code: task.location })).toMatchObject({ ok: true, data: { step: "location-confirmed" } });
    });
  });
}
