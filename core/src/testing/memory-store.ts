/**
 * An in-memory FulfillmentStore: the store port's behaviour without a database, for testing workflow
 * rules (reserve, pay, cancel, sweep, ship, returns) quickly and purely. It applies core's order
 * machine and stock arithmetic exactly as the SQL store does; data/'s tests cross-check the two on
 * random operation sequences so the fake cannot drift. Not modelled: pick lists (a cancellation's
 * `withdrawFromPicking` is recorded in `withdrawals`) and order-allocation strategies (holds are
 * planned with `holdPlanner`, default `priorityHolds`).
 */
import { DomainError, InputError, type InputIssue } from "../shared/errors.js";
import { priorityHolds, type HoldPlanner } from "../orders/holds.js";
import { compareReimportedOrder, type OnExisting } from "../orders/reimport.js";
import { transition, type OrderEffect, type OrderEvent, type TransitionOutput } from "../orders/order-machine.js";
import { newOrder } from "../orders/new-order.js";
import {
  DEFAULT_RESERVATION_TTL_MS,
  type Counts,
  type FulfillmentStore,
  type ImportBatch,
  type ImportConflict,
  type ImportDataOptions,
  type ImportSummary,
  type OrderDetails,
  type OrderSummary,
  type OutboxRecord,
  type ReserveOutcome,
  type StockPosition,
  type StoreOptions,
  type SweepOutcome,
} from "../orders/ports.js";
import type { AuditEntry, BoxType, Order, OrderStatus, Reservation, Sku, StorageLocation, User, Warehouse } from "../orders/types.js";
import { stockBalance, sumHeld, isHolding } from "../stock/availability.js";

interface Actor {
  readonly now: number;
  readonly actor: string;
}

type Hold = { -readonly [K in keyof Reservation]: Reservation[K] } & { pickedQuantity: number };

const key = (...parts: string[]) => parts.join("\u0000");

interface Snapshot {
  readonly maps: Map<string, unknown>[];
  readonly stock: Map<string, { warehouse: string; location: string; sku: string; onHand: number }>;
  readonly orders: Order[];
  readonly holds: Hold[];
  readonly audit: (AuditEntry & { id: number })[];
  readonly outbox: OutboxRecord[];
  readonly tasks: number;
  readonly withdrawals: number;
}

export class MemoryStore implements FulfillmentStore {
  readonly dialect = "sqlite" as const;
  readonly #ttl: number;
  readonly #planner: HoldPlanner;
  readonly #warehouses = new Map<string, Warehouse>();
  readonly #locations = new Map<string, StorageLocation>();
  readonly #layouts = new Map<string, unknown>();
  readonly #skus = new Map<string, Sku>();
  readonly #boxes = new Map<string, BoxType>();
  readonly #users = new Map<string, User>();
  /** on hand per warehouse\0location\0sku */
  readonly #stock = new Map<string, { warehouse: string; location: string; sku: string; onHand: number }>();
  #orders: Order[] = [];
  #holds: Hold[] = [];
  #audit: (AuditEntry & { id: number })[] = [];
  #outbox: OutboxRecord[] = [];
  /** Put-back tasks the cancellations created. */
  readonly putBackTasks: { orderId: number; lineNo: number; sku: string; quantity: number }[] = [];
  /** Orders a cancellation took off picking (the SQL store cancels their pick-list lines). */
  readonly withdrawals: { orderId: number; reason: string }[] = [];

  constructor(options: StoreOptions = {}) {
    this.#ttl = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
    this.#planner = options.holdPlanner ?? priorityHolds;
  }

  async close(): Promise<void> {}

  // ---------------------------------------------------------------- workflows

  async importData(batch: ImportBatch, options: ImportDataOptions): Promise<ImportSummary> {
    const snapshot = this.#snapshot();
    try {
      const summary = this.#import(batch, options);
      if (options.dryRun) this.#restore(snapshot);
      return summary;
    } catch (e) {
      this.#restore(snapshot);
      throw e;
    }
  }

  async reserveOrder(ref: string, by: Actor): Promise<ReserveOutcome> {
    return this.#atomically(() => this.#reserve(this.#require(ref), by));
  }

  async applyOrderEvent(ref: string, event: OrderEvent, by: Actor): Promise<TransitionOutput> {
    return this.#atomically(() => {
      const order = this.#require(ref);
      if (event.type === "ReserveStock") throw new DomainError("ORDER_RESERVE_THROUGH_STORE", "reserve an order with reserveOrder, which plans the holds");
      const out = transition(order, event, by.now);
      if (!out.ok) throw out.error;
      this.#commit(order, out.value, event.type, by);
      return out.value;
    });
  }

  async sweepExpiredReservations(by: Actor): Promise<SweepOutcome> {
    const expired: string[] = [];
    for (const order of this.#orders.filter((o) => o.status === "PaymentPending" && o.reservationExpiresAt !== undefined && o.reservationExpiresAt <= by.now)) {
      const out = transition(order, { type: "ReservationExpired" }, by.now);
      if (!out.ok) continue;
      this.#atomically(() => this.#commit(order, out.value, "ReservationExpired", by));
      expired.push(order.number);
    }
    return { expired };
  }

  // ---------------------------------------------------------------- reads

  async getOrder(ref: string): Promise<OrderDetails | undefined> {
    const order = this.#find(ref);
    if (!order) return undefined;
    return { order, reservations: this.#holds.filter((h) => h.orderId === order.id).map(toReservation), history: this.#audit.filter((a) => a.orderId === order.id) };
  }

  async listOrders(filter: { status?: OrderStatus; limit?: number }): Promise<readonly OrderSummary[]> {
    const rows = this.#orders.filter((o) => !filter.status || o.status === filter.status).slice(0, filter.limit ?? Infinity);
    return rows.map((o) => ({
      id: o.id,
      number: o.number,
      status: o.status,
      customer: o.customer,
      lines: o.lines.length,
      units: o.lines.reduce((n, l) => n + l.quantity, 0),
      priority: o.priority,
      carrier: o.carrier,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      ...(o.reservationExpiresAt !== undefined ? { reservationExpiresAt: o.reservationExpiresAt } : {}),
    }));
  }

  async listStock(filter: { sku?: string; warehouse?: string; now: number }): Promise<readonly StockPosition[]> {
    const rows = [...this.#stock.values()]
      .filter((s) => (!filter.sku || s.sku === filter.sku) && (!filter.warehouse || s.warehouse === filter.warehouse))
      .sort((a, b) => cmp(a.warehouse, b.warehouse) || cmp(a.sku, b.sku) || cmp(a.location, b.location));
    const positions = new Map<string, { warehouse: string; sku: string; onHand: number; locations: { location: string; onHand: number }[] }>();
    for (const r of rows) {
      const p = positions.get(key(r.warehouse, r.sku)) ?? { warehouse: r.warehouse, sku: r.sku, onHand: 0, locations: [] };
      p.onHand += r.onHand;
      p.locations.push({ location: r.location, onHand: r.onHand });
      positions.set(key(r.warehouse, r.sku), p);
    }
    return [...positions.values()].map((p) => {
      const b = stockBalance(p.onHand, sumHeld(this.#holdsOf(p.warehouse, p.sku), filter.now));
      return { ...p, allocated: b.allocated, reserved: b.reserved, available: b.available, overAllocated: b.overAllocated };
    });
  }

  async listReservations(filter: { activeAt?: number; orderRef?: string }): Promise<readonly (Reservation & { orderNumber: string })[]> {
    const order = filter.orderRef === undefined ? undefined : this.#require(filter.orderRef);
    return this.#holds
      .filter((h) => (!order || h.orderId === order.id) && (filter.activeAt === undefined || isHolding(h, filter.activeAt)))
      .map((h) => ({ ...toReservation(h), orderNumber: this.#orders.find((o) => o.id === h.orderId)!.number }));
  }

  async listOutbox(filter: { orderRef?: string; limit?: number }): Promise<readonly OutboxRecord[]> {
    const order = filter.orderRef === undefined ? undefined : this.#require(filter.orderRef);
    return this.#outbox.filter((m) => !order || m.orderId === order.id).slice(0, filter.limit ?? Infinity);
  }

  async listWarehouses(): Promise<readonly Warehouse[]> {
    return [...this.#warehouses.values()].sort((a, b) => cmp(a.code, b.code));
  }

  async counts(): Promise<Counts> {
    const byStatus: Partial<Record<OrderStatus, number>> = {};
    for (const o of this.#orders) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    return {
      warehouses: this.#warehouses.size,
      locations: this.#locations.size,
      skus: this.#skus.size,
      stockUnits: [...this.#stock.values()].reduce((n, s) => n + s.onHand, 0),
      boxes: this.#boxes.size,
      users: this.#users.size,
      orders: this.#orders.length,
      ordersByStatus: byStatus,
    };
  }

  // ---------------------------------------------------------------- internals

  #find(ref: string): Order | undefined {
    return this.#orders.find((o) => o.number === ref) ?? (/^\d{1,9}$/.test(ref) ? this.#orders.find((o) => o.id === Number(ref)) : undefined);
  }

  #require(ref: string): Order {
    const order = this.#find(ref);
    if (!order) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)} (give its number or id)`);
    return order;
  }

  #holdsOf(warehouse: string, sku: string): Hold[] {
    return this.#holds.filter((h) => h.warehouse === warehouse && h.sku === sku);
  }

  #reserve(order: Order, by: Actor): ReserveOutcome {
    if (order.status !== "Pending") {
      const r = transition(order, { type: "ReserveStock", holds: [{ lineNo: 1, sku: "", warehouse: "", quantity: 1 }], ttlMs: this.#ttl }, by.now);
      if (!r.ok) throw r.error;
    }
    const skus = [...new Set(order.lines.map((l) => l.sku))].sort();
    const availability = [...this.#warehouses.values()]
      .sort((a, b) => cmp(a.code, b.code))
      .map((w) => {
        const available = new Map<string, number>();
        for (const sku of skus) {
          const onHand = [...this.#stock.values()].filter((s) => s.warehouse === w.code && s.sku === sku);
          const holds = this.#holdsOf(w.code, sku);
          if (onHand.length === 0 && holds.length === 0) continue;
          available.set(sku, stockBalance(onHand.reduce((n, s) => n + s.onHand, 0), sumHeld(holds, by.now)).available);
        }
        return { warehouse: w.code, priority: w.priority, available };
      });
    const plan = this.#planner(order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })), availability);
    if (!plan.ok) {
      this.#writeOutbox(order.id, [{ type: "inventory.failed.v1", payload: { orderNumber: order.number, missing: plan.missing } }], by.now);
      return { order, reserved: false, missing: plan.missing };
    }
    const out = transition(order, { type: "ReserveStock", holds: plan.holds, ttlMs: this.#ttl }, by.now);
    if (!out.ok) throw out.error;
    this.#commit(order, out.value, "ReserveStock", by);
    if (order.payment !== "paid") return { order: out.value.order, reserved: true, missing: [] };
    const paid = transition(out.value.order, { type: "PaymentSucceeded", upstream: true }, by.now);
    if (!paid.ok) throw paid.error;
    this.#commit(out.value.order, paid.value, "PaymentSucceeded", by);
    return { order: paid.value.order, reserved: true, missing: [] };
  }

  #commit(before: Order, out: TransitionOutput, event: string, by: Actor): void {
    const current = this.#orders.find((o) => o.id === before.id);
    if (!current || current.version !== before.version) throw new DomainError("ORDER_CONCURRENT_UPDATE", `order ${before.number} was changed by someone else; try again`);
    this.#orders = this.#orders.map((o) => (o.id === before.id ? out.order : o));
    for (const effect of out.effects) this.#effect(before, effect, by.now);
    this.#writeOutbox(before.id, out.effects.flatMap((e) => (e.type === "outbox" ? [{ type: e.messageType, payload: e.payload }] : [])), by.now);
    this.#audit.push({ id: this.#audit.length + 1, orderId: before.id, from: out.from, to: out.to, event, reason: out.reason, metadata: out.metadata, actor: by.actor, at: by.now });
  }

  #effect(order: Order, effect: OrderEffect, now: number): void {
    const mine = (states: readonly Reservation["state"][]) => this.#holds.filter((h) => h.orderId === order.id && states.includes(h.state));
    switch (effect.type) {
      case "holdStock":
        for (const h of effect.holds) {
          this.#holds.push({ id: this.#holds.length + 1, orderId: order.id, lineNo: h.lineNo, warehouse: h.warehouse, sku: h.sku, quantity: h.quantity, state: "reserved", expiresAt: effect.expiresAt, createdAt: now, pickedQuantity: 0 });
        }
        break;
      case "allocateHeldStock":
        for (const h of mine(["reserved"])) Object.assign(h, { state: "allocated", expiresAt: undefined });
        break;
      case "releaseStock":
        for (const h of mine(["reserved", "allocated"])) h.state = effect.reason === "reservation expired" ? "expired" : "released";
        break;
      case "createPutBackTask":
        for (const l of effect.lines) this.putBackTasks.push({ orderId: order.id, ...l });
        break;
      case "withdrawFromPicking":
        this.withdrawals.push({ orderId: order.id, reason: effect.reason });
        break;
      case "shipAllocatedStock":
        for (const h of mine(["allocated"])) {
          let need = Math.max(0, h.quantity - h.pickedQuantity);
          const locs = [...this.#stock.values()].filter((s) => s.warehouse === h.warehouse && s.sku === h.sku && s.onHand > 0).sort((a, b) => b.onHand - a.onHand || cmp(a.location, b.location));
          for (const s of locs) {
            const take = Math.min(need, s.onHand);
            s.onHand -= take;
            need -= take;
          }
          if (need > 0) throw new DomainError("STOCK_MISSING_AT_SHIPPING", `warehouse ${h.warehouse} is missing ${need} × ${h.sku} to ship this order`);
          h.state = "shipped";
        }
        break;
      case "restock":
        for (const l of effect.lines) this.#addStock(effect.warehouse, effect.location, l.sku, l.quantity);
        break;
      case "setTracking":
      case "outbox":
        break;
      default: {
        const unhandled: never = effect;
        throw new Error(`no interpreter for order effect ${JSON.stringify(unhandled)}`);
      }
    }
  }

  #addStock(warehouse: string, location: string, sku: string, quantity: number): void {
    if (!this.#locations.has(key(warehouse, location))) throw new InputError("LOCATION_NOT_FOUND", `no location ${location} in warehouse ${warehouse}`);
    const s = this.#stock.get(key(warehouse, location, sku));
    if (s) s.onHand += quantity;
    else this.#stock.set(key(warehouse, location, sku), { warehouse, location, sku, onHand: quantity });
  }

  #writeOutbox(orderId: number, messages: readonly { type: string; payload: Readonly<Record<string, unknown>> }[], now: number): void {
    let seq = this.#outbox.filter((m) => m.orderId === orderId).reduce((n, m) => Math.max(n, m.orderSeq), 0);
    for (const m of messages) this.#outbox.push({ id: this.#outbox.length + 1, type: m.type, orderId, orderSeq: ++seq, payload: m.payload, createdAt: now });
  }

  #import(batch: ImportBatch, by: Actor & { readonly onExisting?: OnExisting }): ImportSummary {
    const issues: InputIssue[] = [];
    let created = 0;
    let updated = 0;
    const put = <T>(map: Map<string, T>, k: string, v: T) => {
      if (map.has(k)) updated++;
      else created++;
      map.set(k, v);
    };
    for (const { value } of batch.warehouses ?? []) put(this.#warehouses, value.code, value);
    for (const { value, file, line } of batch.layouts ?? []) {
      if (this.#warehouses.has(value.warehouse)) put(this.#layouts, value.warehouse, value);
      else issues.push({ file, line, field: "warehouse", message: `unknown warehouse ${JSON.stringify(value.warehouse)}` });
    }
    for (const { value, file, line } of batch.locations ?? []) {
      if (this.#warehouses.has(value.warehouse)) put(this.#locations, key(value.warehouse, value.code), value);
      else issues.push({ file, line, field: "warehouse", message: `unknown warehouse ${JSON.stringify(value.warehouse)}` });
    }
    for (const { value } of batch.skus ?? []) put(this.#skus, value.sku, value);
    for (const { value: st, file, line } of batch.stock ?? []) {
      const bad = !this.#locations.has(key(st.warehouse, st.location)) || !this.#skus.has(st.sku);
      if (!this.#warehouses.has(st.warehouse)) issues.push({ file, line, field: "warehouse", message: `unknown warehouse ${JSON.stringify(st.warehouse)}` });
      else if (!this.#locations.has(key(st.warehouse, st.location))) issues.push({ file, line, field: "location", message: `unknown location ${st.location} in warehouse ${st.warehouse}` });
      if (!this.#skus.has(st.sku)) issues.push({ file, line, field: "sku", message: `unknown SKU ${JSON.stringify(st.sku)}` });
      if (!bad) put(this.#stock, key(st.warehouse, st.location, st.sku), { ...st });
    }
    for (const { value } of batch.boxes ?? []) put(this.#boxes, value.code, value);
    for (const { value } of batch.users ?? []) put(this.#users, value.id, value);
    const orders = batch.orders ?? [];
    const onExisting = by.onExisting ?? "update";
    const isNew = (n: string) => this.#find(n)?.number !== n;
    for (const { value: o, file, line } of orders) {
      if (!isNew(o.number) && onExisting === "fail") issues.push({ file, line, field: "number", message: `order ${o.number} already exists (--on-existing fail)` });
      for (const [i, l] of o.lines.entries()) if (!this.#skus.has(l.sku)) issues.push({ file, line, field: `lines[${i}].sku`, message: `unknown SKU ${JSON.stringify(l.sku)}` });
    }
    if (issues.length > 0) throw new InputError("IMPORT_INVALID", `${issues.length} problem${issues.length === 1 ? "" : "s"} found; nothing was imported`, issues);
    let reserved = 0;
    let reservationFailed = 0;
    let confirmed = 0;
    const unchanged: string[] = [];
    const skipped: string[] = [];
    const conflicts: ImportConflict[] = [];
    for (const { value: o, file, line } of orders) {
      if (!isNew(o.number)) {
        if (onExisting === "skip") {
          skipped.push(o.number);
          continue;
        }
        const current = this.#require(o.number);
        const verdict = compareReimportedOrder(current, o);
        if (verdict.kind === "unchanged") unchanged.push(o.number);
        else if (verdict.kind === "conflict") conflicts.push({ number: o.number, file, line, reason: verdict.reason });
        else {
          updated++;
          const lines = verdict.changes.some((c) => c.field === "lines")
            ? o.lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, pickedQuantity: 0, packedQuantity: 0, backorderedQuantity: 0 }))
            : current.lines;
          const { shipBy: _drop, ...rest } = current;
          void _drop;
          const next: Order = { ...rest, customer: o.customer, shipTo: o.shipTo, priority: o.priority, carrier: o.carrier, service: o.service, ...(o.shipBy ? { shipBy: o.shipBy } : {}), lines, ...(verdict.pay || current.payment === "paid" ? { payment: "paid" as const } : {}), updatedAt: by.now, version: current.version + 1 };
          this.#orders = this.#orders.map((x) => (x.id === current.id ? next : x));
          if (next.status === "Pending") {
            const r = this.#reserve(next, by);
            if (r.reserved) reserved++;
            else reservationFailed++;
            if (r.order.status === "Confirmed") confirmed++;
          } else if (verdict.pay && next.status === "PaymentPending") {
            const paid = transition(next, { type: "PaymentSucceeded", upstream: true }, by.now);
            if (paid.ok) this.#commit(next, paid.value, "PaymentSucceeded", by);
            else conflicts.push({ number: o.number, file, line, reason: paid.error.message });
          }
        }
        continue;
      }
      const order = newOrder(this.#orders.length + 1, o, by.now);
      this.#orders.push(order);
      created++;
      const r = this.#reserve(order, by);
      if (r.reserved) reserved++;
      else reservationFailed++;
      if (r.order.status === "Confirmed") confirmed++;
    }
    if (orders.length === 0) return { created, updated };
    return {
      created,
      updated,
      reserved,
      reservationFailed,
      confirmed,
      ...(unchanged.length > 0 ? { unchanged } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
      ...(conflicts.length > 0 ? { conflicts } : {}),
    };
  }

  /** Run `fn` all or nothing, like a database transaction. */
  #atomically<T>(fn: () => T): T {
    const snapshot = this.#snapshot();
    try {
      return fn();
    } catch (e) {
      this.#restore(snapshot);
      throw e;
    }
  }

  #snapshot(): Snapshot {
    return {
      maps: [this.#warehouses, this.#locations, this.#layouts, this.#skus, this.#boxes, this.#users].map((m) => new Map(m as Map<string, unknown>)),
      stock: new Map([...this.#stock].map(([k, v]) => [k, { ...v }])),
      orders: [...this.#orders],
      holds: this.#holds.map((h) => ({ ...h })),
      audit: [...this.#audit],
      outbox: [...this.#outbox],
      tasks: this.putBackTasks.length,
      withdrawals: this.withdrawals.length,
    };
  }

  #restore(s: Snapshot): void {
    [this.#warehouses, this.#locations, this.#layouts, this.#skus, this.#boxes, this.#users].forEach((m, i) => {
      (m as Map<string, unknown>).clear();
      for (const [k, v] of s.maps[i]!) (m as Map<string, unknown>).set(k, v);
    });
    this.#stock.clear();
    for (const [k, v] of s.stock) this.#stock.set(k, v);
    this.#orders = s.orders;
    this.#holds = s.holds;
    this.#audit = s.audit;
    this.#outbox = s.outbox;
    this.putBackTasks.length = s.tasks;
    this.withdrawals.length = s.withdrawals;
  }
}

function toReservation(h: Hold): Reservation {
  return { id: h.id, orderId: h.orderId, lineNo: h.lineNo, warehouse: h.warehouse, sku: h.sku, quantity: h.quantity, state: h.state, ...(h.expiresAt !== undefined ? { expiresAt: h.expiresAt } : {}), createdAt: h.createdAt };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
