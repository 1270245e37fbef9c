/** The SQL pick rate (window function over pick events) equals core's activeRate definition, on random event times, both dialects. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeRate, DEFAULT_IDLE_GAP_MS } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { report, type ThroughputReport } from "@pickpack/data/reports";
import { backends } from "./backends.js";
import { reportsSeed } from "./reports-fixture.js";

const DAY0 = Date.parse("2026-11-23T05:00:00Z"); // midnight in New York

for (const backend of backends) {
  describe.skipIf(!backend.available)(`pick rates on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let list = 0;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(reportsSeed(), { now: 0, actor: "test" });
      const o = await store.kysely.insertInto("orders").values({ number: "R1", status: "Processing", customer: "C", ship_to: "{}", priority: 5, carrier: "c", service: "s", ship_by: null, reservation_expires_at: null, tracking_number: null, created_at: "2026-11-23T06:00:00.000Z", updated_at: "2026-11-23T06:00:00.000Z", version: 1, payment: "paid" }).returning("id").executeTakeFirstOrThrow();
      const w = await store.kysely.insertInto("waves").values({ warehouse: "NY", mode: "single", status: "released", cutoff: null, priority: 5, carrier: "c", created_at: "2026-11-23T06:00:00.000Z", released_at: null, created_by: "t" }).returning("id").executeTakeFirstOrThrow();
      list = Number((await store.kysely.insertInto("pick_lists").values({ wave_id: Number(w.id), warehouse: "NY", sequence: 1, mode: "single", status: "picking", picker: null, pack_station: null, distance: 0, optimal: 1, totes: 1, created_at: "2026-11-23T06:00:00.000Z", updated_at: "2026-11-23T06:00:00.000Z" }).returning("id").executeTakeFirstOrThrow()).id);
      orderId = Number(o.id);
    });
    afterAll(async () => cleanup());
    let orderId = 0;

    it("per picker: units, events and units per active hour as activeRate computes them", async () => {
      const event = fc.record({ person: fc.constantFrom("p1", "p2", "p3"), offsetS: fc.integer({ min: 0, max: 20 * 3600 }), units: fc.integer({ min: 1, max: 5 }) });
      await fc.assert(
        fc.asyncProperty(fc.array(event, { minLength: 0, maxLength: 25 }), async (events) => {
          await store.kysely.deleteFrom("pick_events").execute();
          if (events.length > 0) {
            await store.kysely
              .insertInto("pick_events")
              .values(events.map((e) => ({ pick_list_id: list, line_id: null, order_id: orderId, type: "item", detail: JSON.stringify({ sku: "A", quantity: e.units }), actor: e.person, at: new Date(DAY0 + e.offsetS * 1000).toISOString() })))
              .execute();
          }
          const r = (await report(store, "throughput", { day: "2026-11-23", warehouse: "NY" }, DAY0 + 86_400_000)) as ThroughputReport;
          const people = [...new Set(events.map((e) => e.person))];
          const expected = people
            .map((p) => {
              const mine = events.filter((e) => e.person === p).map((e) => ({ at: DAY0 + e.offsetS * 1000, units: e.units }));
              const a = activeRate(mine, DEFAULT_IDLE_GAP_MS);
              return { person: p, events: a.events, units: a.units, activeMinutes: Math.round(a.activeMs / 6000) / 10, unitsPerHour: a.perHour };
            })
            .sort((x, y) => y.units - x.units || x.person.localeCompare(y.person));
          expect(r.pickers.map(({ lines: _lines, ...rest }) => rest)).toEqual(expected);
        }),
        { numRuns: 20 },
      );
    });
  });
}
