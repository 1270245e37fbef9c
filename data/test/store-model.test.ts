// Model-based property test on the real store: random operations, then the invariants
// "stock never negative", "never more held than on hand" and "every applied transition audited exactly once".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { DomainError, type OrderEvent } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");

type Op =
  | { kind: "create"; lines: [string, number][] }
  | { kind: "event"; pick: number; event: OrderEvent }
  | { kind: "sweep" }
  | { kind: "wait"; minutes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    lines: fc.array(fc.tuple(fc.constantFrom("A", "B", "C"), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("event" as const),
    pick: fc.nat(),
    event: fc.constantFrom<OrderEvent>(
      { type: "PaymentSucceeded" },
      { type: "PaymentFailed", reason: "declined" },
      { type: "Cancel", reason: "customer" },
      { type: "StartProcessing" },
      { type: "ReservationExpired" },
    ),
  }),
  fc.constant({ kind: "sweep" as const }),
  fc.record({ kind: fc.constant("wait" as const), minutes: fc.integer({ min: 1, max: 20 }) }),
);

for (const backend of backends) {
  describe.skipIf(!backend.available)(`store invariants on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(seedBatch(), { now: T0, actor: "seed" });
    });
    afterAll(async () => cleanup());

    it("keeps stock non-negative and audits every applied transition exactly once", async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
          run++;
          let now = T0 + run * 24 * 3600_000;
          const created: string[] = [];
          const applied = new Map<string, number>();
          for (const [i, op] of ops.entries()) {
            if (op.kind === "create") {
              const number = `R${run}-${i}`;
              await store.importData(ordersBatch(order(number, op.lines)), { now, actor: "model" });
              created.push(number);
              const d = await store.getOrder(number);
              applied.set(number, d!.order.status === "PaymentPending" ? 1 : 0);
            } else if (op.kind === "event" && created.length > 0) {
              const number = created[op.pick % created.length]!;
              try {
                await store.applyOrderEvent(number, op.event, { now, actor: "model" });
                applied.set(number, (applied.get(number) ?? 0) + 1);
              } catch (e) {
                expect(e).toBeInstanceOf(DomainError); // refusals are typed, never crashes
              }
            } else if (op.kind === "sweep") {
              const { expired } = await store.sweepExpiredReservations({ now, actor: "sweeper" });
              for (const n of expired) applied.set(n, (applied.get(n) ?? 0) + 1);
            } else if (op.kind === "wait") {
              now += op.minutes * 60_000;
            }
            for (const p of await store.listStock({ now })) {
              expect(p.onHand).toBeGreaterThanOrEqual(0);
              expect(p.allocated + p.reserved).toBeLessThanOrEqual(p.onHand);
            }
          }
          for (const number of created) {
            const d = (await store.getOrder(number))!;
            expect(d.history).toHaveLength(applied.get(number) ?? 0);
            // the audit trail is a chain: each row starts where the previous ended
            let state = "Pending";
            for (const h of d.history) {
              expect(h.from).toBe(state);
              state = h.to;
            }
            expect(state).toBe(d.order.status);
            expect(d.order.version).toBe(d.history.length);
          }
        }),
        { numRuns: backend.name === "sqlite" ? 40 : 15 },
      );
    }, 120_000);
  });
}
