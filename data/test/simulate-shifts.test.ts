import { afterEach, describe, expect, it } from "vitest";
import type { SqlStore } from "@pickpack/data";
import { loadDemoSite, simulate, type SimulationOptions } from "../src/simulate/index.js";
import { backends, type Backend } from "./backends.js";
import { refusalCode } from "./fixtures.js";

const START = Date.parse("2026-11-02T00:00:00Z");
const DAY = 86_400_000;
const SMALL: SimulationOptions = { start: START, days: 1, pickers: 2, packers: 2, ordersPerHour: 2, seed: 11, picking: "cluster", shiftHours: 5 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function site(backend: Backend = backends[0]!): Promise<SqlStore> {
  const opened = await backend.open();
  cleanups.push(opened.cleanup);
  await loadDemoSite(opened.store, { now: START - DAY });
  return opened.store;
}

async function snapshot(store: SqlStore) {
  const db = store.kysely;
  const orders = await db.selectFrom("orders").select(["number", "status"]).orderBy("number").execute();
  const transitions = await db.selectFrom("order_transitions").select(["event", "actor", "at"]).orderBy("id").execute();
  return { orders, transitions };
}

for (const backend of backends.filter((b) => b.available)) {
  describe(`simulate on ${backend.name}`, () => {
    it("plays a day through the services; its figures are what the database holds", { timeout: 180_000 }, async () => {
      const store = await site(backend);
      const r = await simulate(store, SMALL);
      const db = store.kysely;
      const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) => Number((await q.executeTakeFirstOrThrow()).n);
      expect(r.ordersCreated).toBe(48);
      expect(await n(db.selectFrom("orders").select((e) => e.fn.countAll().as("n")))).toBe(48);
      // trips: every completed pick list of the simulated pickers, their planned distances summed
      const trips = await db.selectFrom("pick_lists").select(["distance", "picker", "status"]).where("picker", "like", "sim:picker-%").execute();
      expect(trips.length).toBe(r.pickLists);
      expect(r.pickLists).toBeGreaterThan(3);
      expect(r.travelMetres).toBe(Math.round(trips.reduce((s, t) => s + t.distance, 0)));
      expect(await n(db.selectFrom("cartons").select((e) => e.fn.countAll().as("n")))).toBe(r.cartons);
      // shipped at the close-out: one Ship transition each
      expect(await n(db.selectFrom("order_transitions").select((e) => e.fn.countAll().as("n")).where("event", "=", "Ship"))).toBe(r.ordersShipped);
      expect(r.ordersShipped).toBeGreaterThan(5);
      // cancellations: each a transition to Cancelled
      expect(await n(db.selectFrom("order_transitions").select((e) => e.fn.countAll().as("n")).where("to_status", "=", "Cancelled"))).toBe(r.ordersCancelled);
      // simulated time: every audit row inside the simulated day, by a simulated actor
      const { transitions } = await snapshot(store);
      for (const t of transitions) {
        expect(t.actor).toMatch(/^(sim|carrier):/);
        expect(Date.parse(t.at)).toBeGreaterThanOrEqual(START);
        expect(Date.parse(t.at)).toBeLessThan(START + DAY + 6 * 3_600_000);
      }
      // rates derived from the counts
      expect(r.picksPerPickerHour).toBeCloseTo(r.picks / (r.pickerSeconds / 3600), 0);
      expect(r.picksPerPickerHour).toBeGreaterThan(20);
      expect(r.picksPerPickerHour).toBeLessThan(400);
      expect(r.ordersPerHour).toBeCloseTo(r.ordersShipped / r.shiftHours, 5);
    });
  });
}

describe("simulate", () => {
  it("is deterministic for a seed, and single-order picking walks further per pick than cluster picking", { timeout: 300_000 }, async () => {
    const a = await site();
    const b = await site();
    const ra = await simulate(a, SMALL);
    const rb = await simulate(b, SMALL);
    expect(rb).toEqual(ra);
    expect(await snapshot(b)).toEqual(await snapshot(a));
    const single = await simulate(await site(), { ...SMALL, picking: "single" });
    expect(single.ordersCreated).toBe(ra.ordersCreated);
    expect(single.pickLists).toBeGreaterThan(ra.pickLists);
    expect(single.metresPerPick).toBeGreaterThan(ra.metresPerPick);
  });

  it("refuses a database without a site, and the same seed and day twice", { timeout: 180_000 }, async () => {
    const opened = await backends[0]!.open();
    cleanups.push(opened.cleanup);
    expect(await refusalCode(simulate(opened.store, SMALL))).toBe("SIMULATION_NO_SITE");
    const store = await site();
    await simulate(store, { ...SMALL, ordersPerHour: 0.5, shiftHours: 1 });
    expect(await refusalCode(simulate(store, { ...SMALL, ordersPerHour: 0.5, shiftHours: 1 }))).toBe("SIMULATION_EXISTS");
  });
});
