// Property: `allocate` (any strategy, any order of calls) never holds more of a SKU in a warehouse
// than it has on hand, and keeps every order's lines exactly covered. Runs on both backends.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ALLOCATION_STRATEGIES, type AllocationStrategy } from "@pickpack/core";
import { allocateOrders } from "@pickpack/data/planning";
import { backends } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const SKUS = ["A", "B", "C"] as const;
const LOCS = { WH1: "A-01-01-A", WH2: "B-01-01-A" } as const;

const scenario = fc.record({
  stock: fc.record({ WH1: fc.tuple(fc.nat(6), fc.nat(6), fc.nat(6)), WH2: fc.tuple(fc.nat(6), fc.nat(6), fc.nat(6)) }),
  orders: fc.array(
    fc.record({
      lines: fc.uniqueArray(fc.tuple(fc.constantFrom(...SKUS), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 3, selector: (l) => l[0] }),
      pay: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  strategies: fc.array(fc.constantFrom<AllocationStrategy>(...ALLOCATION_STRATEGIES), { minLength: 1, maxLength: 3 }),
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`allocate never oversells on ${backend.name}`, () => {
    it("holds ≤ on hand per warehouse and SKU; every held order stays exactly covered", async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (sc) => {
          const { store, cleanup } = await backend.open();
          try {
            const seed = seedBatch();
            await store.importData(
              {
                ...seed,
                stock: (["WH1", "WH2"] as const).flatMap((w) =>
                  SKUS.map((sku, i) => ({ value: { warehouse: w, location: LOCS[w], sku, onHand: sc.stock[w][i]! }, file: "p", line: i + 1 })),
                ),
              },
              { now: T0, actor: "p" },
            );
            const numbers = sc.orders.map((_, i) => `P-${i}`);
            await store.importData(ordersBatch(...sc.orders.map((o, i) => order(numbers[i]!, o.lines))), { now: T0, actor: "p" });
            for (const [i, o] of sc.orders.entries()) {
              const st = (await store.getOrder(numbers[i]!))!.order.status;
              if (o.pay && st === "PaymentPending") await store.applyOrderEvent(numbers[i]!, { type: "PaymentSucceeded" }, { now: T0 + 1000, actor: "p" });
            }
            for (const [k, strategy] of sc.strategies.entries()) {
              await allocateOrders(store, [...numbers].reverse(), { strategy, now: T0 + 2000 + k, actor: "p" });
            }
            const positions = await store.listStock({ now: T0 + 5000 });
            for (const p of positions) expect(p.allocated + p.reserved).toBeLessThanOrEqual(p.onHand);
            for (const n of numbers) {
              const d = (await store.getOrder(n))!;
              if (d.order.status !== "Confirmed" && d.order.status !== "PaymentPending") continue;
              const held = d.reservations.filter((r) => r.state === "allocated" || r.state === "reserved");
              for (const l of d.order.lines) {
                expect(held.filter((r) => r.lineNo === l.lineNo).reduce((s, r) => s + r.quantity, 0)).toBe(l.quantity);
              }
            }
          } finally {
            await cleanup();
          }
        }),
        { numRuns: backend.name === "sqlite" ? 25 : 10, seed: 3 },
      );
    }, 120_000);
  });
}
