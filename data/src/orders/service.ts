/**
 * The order lifecycle workflows: reserve stock for a new order, apply an event with its effects, sweep
 * expired reservations. Each loads the order, asks core's machine for the transition, and saves it
 * (order row, effects, outbox, audit row) in the caller's transaction. `commitTransition` is the one
 * place a transition is saved, so every cancellation also takes the order off picking.
 */
import { DomainError, transition, InputError, type AllocationStrategy, type HoldPlanner, type Order, type OrderEvent, type ReserveOutcome, type SweepOutcome, type TransitionOutput } from "@pickpack/core";
import { planReservation } from "../planning/allocation-input.js";
import { inTransaction, takesRowLocks, type Actor, type Db, type UnitOfWork } from "../db/unit-of-work.js";
import type { Dialect } from "../db/schema.js";
import { availability } from "../stock/repository.js";
import { applyEffects, type EffectReport } from "./effects.js";
import { appendOutbox, findOrderId, insertTransition, loadOrder, ordersDueForExpiry, saveOrderState } from "./repository.js";


/** How reservations are made: their time-to-live and how holds are split across warehouses. */
export interface ReservationPolicy {
  readonly ttlMs: number;
  /** A fixed planner; without one, core's `allocateOrder` with `strategy` and the stored warehouse facts. */
  readonly planner?: HoldPlanner | undefined;
  readonly strategy: AllocationStrategy;
}

/** A saved transition and what its effects did. */
export interface AppliedTransition extends EffectReport {
  readonly transition: TransitionOutput;
}

/** The order by number or id, locked for the transaction (ORDER_NOT_FOUND when there is none). */
export async function requireOrder(uow: UnitOfWork, ref: string): Promise<Order> {
  const id = await findOrderId(uow.db, ref);
  const order = id === undefined ? undefined : await loadOrder(uow.db, id, takesRowLocks(uow.dialect));
  if (!order) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)} (give its number or id)`);
  return order;
}

/** Save a transition: order row (optimistic version check), effects, outbox rows, audit row. */
export async function commitTransition(uow: UnitOfWork, before: Order, out: TransitionOutput, event: OrderEvent["type"], by: Actor): Promise<AppliedTransition> {
  if (!(await saveOrderState(uow.db, before, out.order, by.now))) {
    throw new DomainError("ORDER_CONCURRENT_UPDATE", `order ${before.number} was changed by someone else; try again`);
  }
  const report = await applyEffects(uow.db, before, out.effects, by);
  const messages = out.effects.flatMap((e) => (e.type === "outbox" ? [{ type: e.messageType, payload: e.payload }] : []));
  await appendOutbox(uow.db, before.id, messages, by.now, takesRowLocks(uow.dialect));
  await insertTransition(uow.db, before.id, out, event, by);
  return { transition: out, ...report };
}

/** Apply one lifecycle event (not ReserveStock: reserving plans its holds, see `reserveOrderInTx`). */
export async function applyEventInTx(uow: UnitOfWork, ref: string, event: OrderEvent, by: Actor): Promise<AppliedTransition> {
  const order = await requireOrder(uow, ref);
  if (event.type === "ReserveStock") {
    throw new DomainError("ORDER_RESERVE_THROUGH_STORE", "reserve an order with reserveOrder, which plans the holds");
  }
  const out = transition(order, event, by.now);
  if (!out.ok) throw out.error;
  return commitTransition(uow, order, out.value, event.type, by);
}

/**
 * Reserve stock for a Pending order (Pending → PaymentPending), or record `inventory.failed.v1` and
 * keep it Pending when some line cannot be covered.
 */
export async function reserveOrderInTx(uow: UnitOfWork, policy: ReservationPolicy, order: Order, by: Actor): Promise<ReserveOutcome> {
  if (order.status !== "Pending") {
    // Let the state machine produce its precise refusal.
    const r = transition(order, { type: "ReserveStock", holds: [{ lineNo: 1, sku: "", warehouse: "", quantity: 1 }], ttlMs: policy.ttlMs }, by.now);
    if (!r.ok) throw r.error;
  }
  const skus = [...new Set(order.lines.map((l) => l.sku))].sort();
  const stock = await availability(uow.db, skus, by.now, takesRowLocks(uow.dialect));
  const plan = policy.planner
    ? policy.planner(
        order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })),
        stock,
      )
    : await planReservation(uow.db, order, stock, policy.strategy, by.now);
  if (!plan.ok) {
    await appendOutbox(uow.db, order.id, [{ type: "inventory.failed.v1", payload: { orderNumber: order.number, missing: plan.missing } }], by.now, takesRowLocks(uow.dialect));
    return { order, reserved: false, missing: plan.missing };
  }
  const out = transition(order, { type: "ReserveStock", holds: plan.holds, ttlMs: policy.ttlMs }, by.now);
  if (!out.ok) throw out.error;
  await commitTransition(uow, order, out.value, "ReserveStock", by);
  if (order.payment !== "paid") return { order: out.value.order, reserved: true, missing: [] };
  // Paid in the order system already: the reservation becomes an allocation at once (PaymentPending → Confirmed).
  const paid = transition(out.value.order, { type: "PaymentSucceeded", upstream: true }, by.now);
  if (!paid.ok) throw paid.error;
  await commitTransition(uow, out.value.order, paid.value, "PaymentSucceeded", by);
  return { order: paid.value.order, reserved: true, missing: [] };
}

/**
 * Cancel every PaymentPending order whose reservation has expired at `now`, each in its own
 * transaction (a lifecycle transition like any other: its stock is released and it leaves picking).
 * Idempotent: an order another sweeper or a payment got to first is skipped.
 */
export async function sweepExpiredReservations(db: Db, dialect: Dialect, by: Actor): Promise<SweepOutcome> {
  const expired: string[] = [];
  for (const { id, number } of await ordersDueForExpiry(db, by.now)) {
    const done = await inTransaction(db, async (tx) => {
      const uow = { db: tx, dialect };
      const order = await loadOrder(tx, id, takesRowLocks(dialect));
      if (!order || order.status !== "PaymentPending" || order.reservationExpiresAt === undefined || order.reservationExpiresAt > by.now) return false;
      const out = transition(order, { type: "ReservationExpired" }, by.now);
      if (!out.ok) return false;
      await commitTransition(uow, order, out.value, "ReservationExpired", by);
      return true;
    });
    if (done) expired.push(number);
  }
  return { expired };
}

/** Write one outbox message for an order (numbered after its last). */
export async function writeOutbox(uow: UnitOfWork, orderId: number, type: string, payload: Readonly<Record<string, unknown>>, now: number): Promise<void> {
  await appendOutbox(uow.db, orderId, [{ type, payload }], now, takesRowLocks(uow.dialect));
}
