// The in-memory fake of the store port (core/testing) against the SQL store: the same random
// sequence of imports, lifecycle events, waits and sweeps gives the same outcomes, order states,
// holds, stock positions, outbox and audit trail, so tests written against the fake stay true.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PickpackError, priorityHolds, type FulfillmentStore, type OrderEvent } from "@pickpack/core";
import { MemoryStore } from "@pickpack/core/testing";
import { backends } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");

type Op =
  | { kind: "create"; lines: [string, number][] }
  | { kind: "event"; pick: number; event: OrderEvent }
  | { kind: "sweep" }
  | { kind: "wait"; minutes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), lines: fc.array(fc.tuple(fc.constantFrom("A", "B", "C"), fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 3 }) }),
  fc.record({
    kind: fc.constant("event" as const),
    pick: fc.nat(),
    event: fc.constantFrom<OrderEvent>(
      { type: "PaymentSucceeded" },
      { type: "PaymentFailed", reason: "declined" },
      { type: "Cancel", reason: "customer" },
      { type: "StartProcessing" },
      { type: "ReservationExpired" },
      { type: "MarkPacked" },
    ),
  }),
  fc.constant({ kind: "sweep" as const }),
  fc.record({ kind: fc.constant("wait" as const), minutes: fc.integer({ min: 1, max: 20 }) }),
);

/** What an operation did, comparable across stores. */
async function step(store: FulfillmentStore, op: Op, state: { now: number; created: string[]; run: number }, i: number): Promise<unknown> {
  const by = { now: state.now, actor: "x" };
  const outcome = async (p: Promise<unknown>) =>
    p.then(
      (v) => ({ ok: true, v }),
      (e: unknown) => {
        if (!(e instanceof PickpackError)) throw e;
        return { ok: false, code: e.code };
      },
    );
  if (op.kind === "create") {
    const number = `R${state.run}-${i}`;
    state.created.push(number);
    return outcome(store.importData(ordersBatch(order(number, op.lines)), by));
  }
  if (op.kind === "event") {
    if (state.created.length === 0) return null;
    const out = await outcome(store.applyOrderEvent(state.created[op.pick % state.created.length]!, op.event, by));
    return out.ok ? { ok: true } : out;
  }
  if (op.kind === "sweep") return store.sweepExpiredReservations(by);
  state.now += op.minutes * 60_000;
  return null;
}

async function observe(store: FulfillmentStore, now: number) {
  const orders = await store.listOrders({});
  const details = await Promise.all(orders.map((o) => store.getOrder(o.number)));
  return {
    orders: details.map((d) => ({
      number: d!.order.number,
      status: d!.order.status,
      version: d!.order.version,
      expires: d!.order.reservationExpiresAt ?? null,
      holds: d!.reservations.map((r) => [r.lineNo, r.warehouse, r.sku, r.quantity, r.state, r.expiresAt ?? null]),
      history: d!.history.map((h) => [h.from, h.to, h.event, h.reason]),
    })),
    stock: await store.listStock({ now }),
    active: (await store.listReservations({ activeAt: now })).map((r) => [r.orderNumber, r.lineNo, r.warehouse, r.quantity, r.state]),
    outbox: (await store.listOutbox({})).map((m) => [m.orderId, m.orderSeq, m.type, m.payload]),
    counts: await store.counts(),
  };
}

const sqlite = backends.find((b) => b.name === "sqlite")!;

describe("the in-memory store fake agrees with the SQL store", () => {
  it("on random sequences of imports, events, waits and sweeps", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 20 }), async (ops) => {
        run++;
        const { store: sql, cleanup } = await sqlite.open({ holdPlanner: priorityHolds });
        try {
          const fake = new MemoryStore({ holdPlanner: priorityHolds });
          for (const s of [sql, fake]) await s.importData(seedBatch(), { now: T0, actor: "seed" });
          const a = { now: T0, created: [] as string[], run };
          const b = { now: T0, created: [] as string[], run };
          for (const [i, op] of ops.entries()) {
            expect(await step(fake, op, b, i), `op ${i} ${JSON.stringify(op)}`).toEqual(await step(sql, op, a, i));
          }
          expect(await observe(fake, a.now)).toEqual(await observe(sql, a.now));
        } finally {
          await cleanup();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
