/**
 * The store: implements core's FulfillmentStore port with Kysely on SQLite and PostgreSQL.
 * Every state change runs in one transaction that also writes its audit row and outbox rows.
 */
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import {
  DEFAULT_RESERVATION_TTL_MS,
  DomainError,
  InputError,
  isValidGtin,
  transition,
  type AllocationStrategy,
  type Address,
  type AuditEntry,
  type Counts,
  type FulfillmentStore,
  type HoldPlanner,
  type ImportBatch,
  type ImportSummary,
  type InputIssue,
  type Order,
  type OrderDetails,
  type OrderEvent,
  type OrderStatus,
  type OrderSummary,
  type OutboxRecord,
  type Reservation,
  type ReserveOutcome,
  type StockPosition,
  type StoreOptions,
  type SweepOutcome,
  type TransitionOutput,
  type Warehouse,
  type WarehouseAvailability,
} from "@pickpack/core";
import type { Database, Dialect, ReservationsTable } from "./db/schema.js";
import { planReservation } from "./planning/allocation-input.js";

type Tx = Transaction<Database>;

/** What `SqlStore.transaction` hands to its callback. */
export interface StoreTransaction {
  /** The open transaction: use it for every read and write of the step. */
  readonly db: Transaction<Database>;
  readonly dialect: Dialect;
  /** Apply a lifecycle event inside this transaction (validated by core, audited, outbox written). */
  applyOrderEvent(ref: string, event: OrderEvent, options: { now: number; actor: string }): Promise<TransitionOutput>;
  /**
   * Load an order: a string is the order number (or, failing that, a numeric id), a number is always
   * the id. `lock` takes a row lock on PostgreSQL.
   */
  loadOrder(ref: string | number, options?: { lock?: boolean }): Promise<Order | undefined>;
  /** Available stock per warehouse for these SKUs at `now` (locks the stock rows on PostgreSQL). */
  availability(skus: readonly string[], now: number): Promise<WarehouseAvailability[]>;
  /** Write an outbox message for an order (sequence per order assigned here). */
  writeOutbox(orderId: number, type: string, payload: Record<string, unknown>, now: number): Promise<void>;
  /** Add units to a location's stock (the location must exist). */
  addStock(warehouse: string, location: string, sku: string, quantity: number): Promise<void>;
}
type Db = Kysely<Database>;

export interface SqlStoreOptions extends StoreOptions {
  /**
   * How new orders' reservations are split across warehouses when no `holdPlanner` is given:
   * core's `allocateOrder` with the stored warehouse facts (priority, coordinates, shipment cost,
   * cut-off) and the order's ship-to coordinates. Default `fewest-shipments` (exact minimum number of
   * shipments); `priority` fills each line in warehouse priority order; `closest` by distance.
   */
  readonly allocationStrategy?: AllocationStrategy;
}

export const StoreErrorCode = {
  OrderNotFound: "ORDER_NOT_FOUND",
  ImportInvalid: "IMPORT_INVALID",
  ConcurrentUpdate: "ORDER_CONCURRENT_UPDATE",
} as const;

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (s: string) => Date.parse(s);

export class SqlStore implements FulfillmentStore {
  readonly dialect: Dialect;
  readonly #db: Db;
  readonly #ttl: number;
  readonly #planner: HoldPlanner | undefined;
  readonly #strategy: AllocationStrategy;

  constructor(db: Db, dialect: Dialect, options: SqlStoreOptions = {}) {
    this.#db = db;
    this.dialect = dialect;
    this.#ttl = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
    this.#planner = options.holdPlanner;
    this.#strategy = options.allocationStrategy ?? "fewest-shipments";
  }

  /** The Kysely instance, for other data/ modules (never exported beyond data/). */
  get kysely(): Db {
    return this.#db;
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  // ---------------------------------------------------------------- import

  async importData(
    batch: ImportBatch,
    options: { now: number; actor: string; dryRun?: boolean; onProgress?: (done: number, total: number) => void },
  ): Promise<ImportSummary> {
    const DRY_RUN = Symbol("dry-run");
    let summary: ImportSummary = { created: 0, updated: 0 };
    try {
      await this.#db.transaction().execute(async (tx) => {
        summary = await this.#importInTx(tx, batch, options);
        if (options.dryRun) throw DRY_RUN; // validate everything, then roll back
      });
    } catch (e) {
      if (e !== DRY_RUN) throw e;
    }
    return summary;
  }

  async #importInTx(
    tx: Tx,
    batch: ImportBatch,
    options: { now: number; actor: string; onProgress?: (done: number, total: number) => void },
  ): Promise<ImportSummary> {
    const issues: InputIssue[] = [];
    const total = Object.values(batch).reduce((n: number, records: readonly unknown[] | undefined) => n + (records?.length ?? 0), 0);
    let done = 0;
    const progress = () => {
      done++;
      if (options.onProgress && (done % 500 === 0 || done === total)) options.onProgress(done, total);
    };
    let created = 0;
    let updated = 0;
    const exists = async (table: "warehouses" | "skus" | "box_types" | "users", col: string, key: string) =>
      (await tx.selectFrom(table).select(sql<number>`1`.as("x")).where(sql.ref(col), "=", key).executeTakeFirst()) !== undefined;
    /** Update the row with this key, or insert it; counts what it did. */
    const upsert = async <T extends "warehouses" | "layouts" | "locations" | "stock" | "box_types" | "users">(
      table: T,
      key: Readonly<Record<string, string>>,
      row: Record<string, unknown>,
    ): Promise<void> => {
      let update = tx.updateTable(table as "warehouses").set(row as never);
      for (const [col, value] of Object.entries(key)) update = update.where(sql.ref(col), "=", value);
      if (Number((await update.executeTakeFirst()).numUpdatedRows) > 0) {
        updated++;
      } else {
        await tx.insertInto(table as "warehouses").values({ ...row, ...key } as never).execute();
        created++;
      }
    };

    // Warehouses
    for (const { value: w } of batch.warehouses ?? []) {
      progress();
      const row = {
        code: w.code,
        name: w.name,
        address: JSON.stringify(w.address),
        latitude: w.latitude,
        longitude: w.longitude,
        priority: w.priority,
        cutoff: w.cutoff,
        cost_per_shipment: w.costPerShipment,
        time_zone: w.timeZone,
      };
      await upsert("warehouses", { code: w.code }, row);
    }
    const warehouseKnown = async (code: string) => exists("warehouses", "code", code);

    for (const { value: l, file, line } of batch.layouts ?? []) {
      progress();
      if (!(await warehouseKnown(l.warehouse))) {
        issues.push({ file, line, field: "warehouse", message: `unknown warehouse ${JSON.stringify(l.warehouse)}` });
        continue;
      }
      await upsert("layouts", { warehouse: l.warehouse }, { layout: JSON.stringify(l) });
    }

    for (const { value: loc, file, line } of batch.locations ?? []) {
      progress();
      if (!(await warehouseKnown(loc.warehouse))) {
        issues.push({ file, line, field: "warehouse", message: `unknown warehouse ${JSON.stringify(loc.warehouse)}` });
        continue;
      }
      await upsert("locations", { warehouse: loc.warehouse, code: loc.code }, { zone: loc.zone, aisle: loc.aisle, position: loc.position, level: loc.level });
    }

    for (const { value: s, file, line } of batch.skus ?? []) {
      progress();
      const row = {
        sku: s.sku,
        name: s.name,
        weight_grams: s.weightGrams,
        length_mm: s.lengthMm,
        width_mm: s.widthMm,
        height_mm: s.heightMm,
        tracks_lot: s.tracksLot ? 1 : 0,
        tracks_serial: s.tracksSerial ? 1 : 0,
        tracks_expiry: s.tracksExpiry ? 1 : 0,
      };
      let bad = false;
      for (const code of s.barcodes) {
        const owner = await tx.selectFrom("sku_barcodes").select("sku").where("barcode", "=", code).executeTakeFirst();
        if (owner && owner.sku !== s.sku) {
          issues.push({ file, line, field: "barcodes", message: `barcode ${code} already belongs to SKU ${owner.sku}` });
          bad = true;
        }
        if (/^\d{8}$|^\d{12,14}$/.test(code) && !isValidGtin(code)) {
          issues.push({ file, line, field: "barcodes", message: `${code} looks like a GTIN but its check digit is wrong` });
          bad = true;
        }
      }
      if (bad) continue;
      if (await exists("skus", "sku", s.sku)) {
        await tx.updateTable("skus").set(row).where("sku", "=", s.sku).execute();
        await tx.deleteFrom("sku_barcodes").where("sku", "=", s.sku).execute();
        updated++;
      } else {
        await tx.insertInto("skus").values(row).execute();
        created++;
      }
      if (s.barcodes.length > 0) {
        await tx
          .insertInto("sku_barcodes")
          .values(s.barcodes.map((barcode) => ({ barcode, sku: s.sku })))
          .execute();
      }
    }

    for (const { value: st, file, line } of batch.stock ?? []) {
      progress();
      const loc = await tx
        .selectFrom("locations")
        .select("code")
        .where("warehouse", "=", st.warehouse)
        .where("code", "=", st.location)
        .executeTakeFirst();
      let bad = false;
      if (!loc) {
        issues.push({ file, line, field: "location", message: `unknown location ${st.location} in warehouse ${st.warehouse}` });
        bad = true;
      }
      if (!(await exists("skus", "sku", st.sku))) {
        issues.push({ file, line, field: "sku", message: `unknown SKU ${JSON.stringify(st.sku)}` });
        bad = true;
      }
      if (bad) continue;
      await upsert("stock", { warehouse: st.warehouse, location: st.location, sku: st.sku }, { on_hand: st.onHand });
    }

    for (const { value: b } of batch.boxes ?? []) {
      progress();
      const row = {
        code: b.code,
        name: b.name,
        inner_length_mm: b.innerLengthMm,
        inner_width_mm: b.innerWidthMm,
        inner_height_mm: b.innerHeightMm,
        tare_grams: b.tareGrams,
        max_weight_grams: b.maxWeightGrams,
      };
      await upsert("box_types", { code: b.code }, row);
    }

    for (const { value: u, file, line } of batch.users ?? []) {
      progress();
      const badgeOwner = await tx.selectFrom("users").select("id").where("badge", "=", u.badge).executeTakeFirst();
      if (badgeOwner && badgeOwner.id !== u.id) {
        issues.push({ file, line, field: "badge", message: `badge ${u.badge} already belongs to user ${badgeOwner.id}` });
        continue;
      }
      await upsert("users", { id: u.id }, { name: u.name, role: u.role, badge: u.badge });
    }

    // Orders: check every reference before writing any, then create and try to reserve each.
    const orders = batch.orders ?? [];
    const knownSkus = new Set<string>();
    const existing = new Set<string>();
    for (let i = 0; i < orders.length; i += 500) {
      const numbers = orders.slice(i, i + 500).map((o) => o.value.number);
      for (const r of await tx.selectFrom("orders").select("number").where("number", "in", numbers).execute()) existing.add(r.number);
    }
    for (const { value: o, file, line } of orders) {
      if (existing.has(o.number)) issues.push({ file, line, field: "number", message: `order ${o.number} already exists` });
      for (const [i, l] of o.lines.entries()) {
        if (knownSkus.has(l.sku)) continue;
        if (await exists("skus", "sku", l.sku)) knownSkus.add(l.sku);
        else issues.push({ file, line, field: `lines[${i}].sku`, message: `unknown SKU ${JSON.stringify(l.sku)}` });
      }
    }
    if (issues.length > 0) throw importError(issues);

    let reserved = 0;
    let reservationFailed = 0;
    for (const { value: o } of orders) {
      progress();
      const now = iso(options.now);
      const inserted = await tx
        .insertInto("orders")
        .values({
          number: o.number,
          status: "Pending",
          customer: o.customer,
          ship_to: JSON.stringify(o.shipTo),
          priority: o.priority,
          carrier: o.carrier,
          service: o.service,
          ship_by: o.shipBy ?? null,
          reservation_expires_at: null,
          tracking_number: null,
          created_at: now,
          updated_at: now,
          version: 0,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("order_lines")
        .values(
          o.lines.map((l, i) => ({
            order_id: inserted.id,
            line_no: i + 1,
            sku: l.sku,
            quantity: l.quantity,
            unit_price: l.unitPrice,
            picked_quantity: 0,
            packed_quantity: 0,
          })),
        )
        .execute();
      created++;
      const order: Order = {
        id: inserted.id,
        number: o.number,
        status: "Pending",
        customer: o.customer,
        shipTo: o.shipTo,
        lines: o.lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, pickedQuantity: 0, packedQuantity: 0, backorderedQuantity: 0 })),
        priority: o.priority,
        carrier: o.carrier,
        service: o.service,
        ...(o.shipBy ? { shipBy: o.shipBy } : {}),
        createdAt: options.now,
        updatedAt: options.now,
        version: 0,
      };
      const outcome = await this.#reserveInTx(tx, order, options);
      if (outcome.reserved) reserved++;
      else reservationFailed++;
    }
    return orders.length > 0 ? { created, updated, reserved, reservationFailed } : { created, updated };
  }

  // ---------------------------------------------------------------- lifecycle

  async reserveOrder(ref: string, options: { now: number; actor: string }): Promise<ReserveOutcome> {
    return this.#db.transaction().execute(async (tx) => {
      const order = await this.#requireOrder(tx, ref, true);
      return this.#reserveInTx(tx, order, options);
    });
  }

  async #reserveInTx(tx: Tx, order: Order, options: { now: number; actor: string }): Promise<ReserveOutcome> {
    if (order.status !== "Pending") {
      // Let the state machine produce its precise refusal.
      const r = transition(order, { type: "ReserveStock", holds: [{ lineNo: 1, sku: "", warehouse: "", quantity: 1 }], ttlMs: this.#ttl }, options.now);
      if (!r.ok) throw r.error;
    }
    const skus = [...new Set(order.lines.map((l) => l.sku))].sort();
    const availability = await this.#availability(tx, skus, options.now, true);
    const plan = this.#planner
      ? this.#planner(
          order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })),
          availability,
        )
      : await planReservation(tx, order, availability, this.#strategy, options.now);
    if (!plan.ok) {
      await this.#writeOutbox(tx, order.id, "inventory.failed.v1", { orderNumber: order.number, missing: plan.missing }, options.now);
      return { order, reserved: false, missing: plan.missing };
    }
    const out = transition(order, { type: "ReserveStock", holds: plan.holds, ttlMs: this.#ttl }, options.now);
    if (!out.ok) throw out.error;
    await this.#apply(tx, order, out.value, "ReserveStock", options);
    return { order: out.value.order, reserved: true, missing: [] };
  }

  async applyOrderEvent(ref: string, event: OrderEvent, options: { now: number; actor: string }): Promise<TransitionOutput> {
    return this.#db.transaction().execute(async (tx) => this.#applyEventInTx(tx, ref, event, options));
  }

  async #applyEventInTx(tx: Tx, ref: string, event: OrderEvent, options: { now: number; actor: string }): Promise<TransitionOutput> {
    const order = await this.#requireOrder(tx, ref, true);
    if (event.type === "ReserveStock") {
      throw new DomainError("ORDER_RESERVE_THROUGH_STORE", "reserve an order with reserveOrder, which plans the holds");
    }
    const out = transition(order, event, options.now);
    if (!out.ok) throw out.error;
    await this.#apply(tx, order, out.value, event.type, options);
    return out.value;
  }

  /**
   * Run several steps in ONE database transaction (write transaction: BEGIN IMMEDIATE on SQLite).
   * For data/ modules that extend the store (planning, packing, the gateway's scans): they write their
   * own tables with `tx.db` and change order states only through `tx.applyOrderEvent`, so every
   * transition is still validated by core and audited in the same transaction. Throwing rolls back.
   */
  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(async (db) =>
      fn({
        db,
        dialect: this.dialect,
        applyOrderEvent: (ref, event, options) => this.#applyEventInTx(db, ref, event, options),
        loadOrder: async (ref, options) => {
          const id = typeof ref === "number" ? ref : await this.#findOrderId(db, ref);
          return id === undefined ? undefined : this.#loadOrder(db, id, options?.lock ?? false);
        },
        availability: (skus, now) => this.#availability(db, skus, now, true),
        writeOutbox: (orderId, type, payload, now) => this.#writeOutbox(db, orderId, type, payload, now),
        addStock: (warehouse, location, sku, quantity) => this.#addStock(db, warehouse, location, sku, quantity),
      }),
    );
  }

  async sweepExpiredReservations(options: { now: number; actor: string }): Promise<SweepOutcome> {
    const due = await this.#db
      .selectFrom("orders")
      .select(["id", "number"])
      .where("status", "=", "PaymentPending")
      .where("reservation_expires_at", "<=", iso(options.now))
      .orderBy("id")
      .execute();
    const expired: string[] = [];
    for (const { id, number } of due) {
      const done = await this.#db.transaction().execute(async (tx) => {
        const order = await this.#loadOrder(tx, id, true);
        // Another sweeper (or a payment) may have got there first: then there is nothing to do.
        if (!order || order.status !== "PaymentPending" || order.reservationExpiresAt === undefined || order.reservationExpiresAt > options.now) {
          return false;
        }
        const out = transition(order, { type: "ReservationExpired" }, options.now);
        if (!out.ok) return false;
        await this.#apply(tx, order, out.value, "ReservationExpired", options);
        return true;
      });
      if (done) expired.push(number);
    }
    return { expired };
  }

  /** Save a transition: order row (optimistic version check), effects, audit row, outbox rows. */
  async #apply(tx: Tx, before: Order, out: TransitionOutput, event: string, options: { now: number; actor: string }): Promise<void> {
    const after = out.order;
    const res = await tx
      .updateTable("orders")
      .set({
        status: after.status,
        reservation_expires_at: after.reservationExpiresAt !== undefined ? iso(after.reservationExpiresAt) : null,
        tracking_number: after.trackingNumber ?? null,
        updated_at: iso(options.now),
        version: after.version,
      })
      .where("id", "=", before.id)
      .where("version", "=", before.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new DomainError(StoreErrorCode.ConcurrentUpdate, `order ${before.number} was changed by someone else; try again`);
    }
    const now = iso(options.now);
    for (const effect of out.effects) {
      switch (effect.type) {
        case "holdStock":
          await tx
            .insertInto("reservations")
            .values(
              effect.holds.map((h) => ({
                order_id: before.id,
                line_no: h.lineNo,
                warehouse: h.warehouse,
                sku: h.sku,
                quantity: h.quantity,
                state: "reserved",
                expires_at: iso(effect.expiresAt),
                created_at: now,
                updated_at: now,
              })),
            )
            .execute();
          break;
        case "allocateHeldStock":
          await tx
            .updateTable("reservations")
            .set({ state: "allocated", expires_at: null, updated_at: now })
            .where("order_id", "=", before.id)
            .where("state", "=", "reserved")
            .execute();
          break;
        case "releaseStock":
          await tx
            .updateTable("reservations")
            .set({ state: effect.reason === "reservation expired" ? "expired" : "released", updated_at: now })
            .where("order_id", "=", before.id)
            .where("state", "in", ["reserved", "allocated"])
            .execute();
          break;
        case "createPutBackTask":
          await this.#createPutBackTasks(tx, before.id, effect.lines, now);
          break;
        case "shipAllocatedStock":
          await this.#shipAllocated(tx, before.id, now);
          break;
        case "restock":
          for (const line of effect.lines) await this.#addStock(tx, effect.warehouse, effect.location, line.sku, line.quantity);
          break;
        case "setTracking":
          break; // saved with the order row above
        case "outbox":
          break; // written together below
      }
    }
    const messages = out.effects.flatMap((e) => (e.type === "outbox" ? [{ type: e.messageType, payload: e.payload }] : []));
    await this.#writeOutboxMessages(tx, before.id, messages, options.now);
    await tx
      .insertInto("order_transitions")
      .values({
        order_id: before.id,
        from_status: out.from,
        to_status: out.to,
        event,
        reason: out.reason,
        metadata: JSON.stringify(out.metadata),
        actor: options.actor,
        at: now,
      })
      .execute();
  }

  /**
   * Picked units of a cancelled order go back where they were picked from: one open put-back task per
   * warehouse, location and SKU (from the order's pick-list lines); units picked some other way get a
   * task without a location (the person completing it says where they go).
   */
  async #createPutBackTasks(tx: Tx, orderId: number, lines: readonly { lineNo: number; sku: string; quantity: number }[], now: string): Promise<void> {
    const picked = await tx
      .selectFrom("pick_list_lines")
      .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
      .select(["pick_lists.warehouse", "pick_list_lines.location", "pick_list_lines.sku", "pick_list_lines.line_no", sql<number>`cast(sum(pick_list_lines.picked_quantity) as integer)`.as("qty")])
      .where("pick_list_lines.order_id", "=", orderId)
      .where("pick_list_lines.picked_quantity", ">", 0)
      .groupBy(["pick_lists.warehouse", "pick_list_lines.location", "pick_list_lines.sku", "pick_list_lines.line_no"])
      .orderBy("pick_lists.warehouse")
      .orderBy("pick_list_lines.location")
      .execute();
    const left = new Map(lines.map((l) => [l.lineNo, l.quantity]));
    const rows: { warehouse: string | null; payload: Record<string, unknown> }[] = [];
    for (const p of picked) {
      const qty = Math.min(Number(p.qty), left.get(p.line_no) ?? 0);
      if (qty <= 0) continue;
      left.set(p.line_no, (left.get(p.line_no) ?? 0) - qty);
      rows.push({ warehouse: p.warehouse, payload: { location: p.location, sku: p.sku, quantity: qty, lineNo: p.line_no } });
    }
    for (const l of lines) {
      const qty = left.get(l.lineNo) ?? 0;
      if (qty > 0) rows.push({ warehouse: null, payload: { location: null, sku: l.sku, quantity: qty, lineNo: l.lineNo } });
    }
    if (rows.length === 0) return;
    await tx
      .insertInto("tasks")
      .values(rows.map((r) => ({ type: "put-back", order_id: orderId, warehouse: r.warehouse, payload: JSON.stringify(r.payload), status: "open", created_at: now })))
      .execute();
  }

  async #shipAllocated(tx: Tx, orderId: number, now: string): Promise<void> {
    const held = await tx
      .selectFrom("reservations")
      .select(["id", "warehouse", "sku", "quantity", "picked_quantity"])
      .where("order_id", "=", orderId)
      .where("state", "=", "allocated")
      .orderBy("id")
      .execute();
    for (const r of held) {
      // Picking already took `picked_quantity` off its location; only the rest leaves stock here.
      let need = Math.max(0, r.quantity - r.picked_quantity);
      const locs = await tx
        .selectFrom("stock")
        .select(["location", "on_hand"])
        .where("warehouse", "=", r.warehouse)
        .where("sku", "=", r.sku)
        .where("on_hand", ">", 0)
        .orderBy("on_hand", "desc")
        .orderBy("location")
        .execute();
      for (const loc of locs) {
        if (need === 0) break;
        const take = Math.min(need, loc.on_hand);
        await tx
          .updateTable("stock")
          .set({ on_hand: sql`on_hand - ${take}` })
          .where("warehouse", "=", r.warehouse)
          .where("location", "=", loc.location)
          .where("sku", "=", r.sku)
          .execute();
        need -= take;
      }
      if (need > 0) {
        throw new DomainError("STOCK_MISSING_AT_SHIPPING", `warehouse ${r.warehouse} is missing ${need} × ${r.sku} to ship this order`);
      }
      await tx.updateTable("reservations").set({ state: "shipped", updated_at: now }).where("id", "=", r.id).execute();
    }
  }

  async #addStock(tx: Tx, warehouse: string, location: string, sku: string, quantity: number): Promise<void> {
    const loc = await tx.selectFrom("locations").select("code").where("warehouse", "=", warehouse).where("code", "=", location).executeTakeFirst();
    if (!loc) throw new DomainError("LOCATION_NOT_FOUND", `no location ${location} in warehouse ${warehouse}`);
    const res = await tx
      .updateTable("stock")
      .set({ on_hand: sql`on_hand + ${quantity}` })
      .where("warehouse", "=", warehouse)
      .where("location", "=", location)
      .where("sku", "=", sku)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      await tx.insertInto("stock").values({ warehouse, location, sku, on_hand: quantity }).execute();
    }
  }

  async #writeOutbox(tx: Tx, orderId: number, type: string, payload: Readonly<Record<string, unknown>>, now: number): Promise<void> {
    await this.#writeOutboxMessages(tx, orderId, [{ type, payload }], now);
  }

  /** Append messages to an order's outbox, numbered on from its last sequence (one read, one insert). */
  async #writeOutboxMessages(tx: Tx, orderId: number, messages: readonly { type: string; payload: Readonly<Record<string, unknown>> }[], now: number): Promise<void> {
    if (messages.length === 0) return;
    // PostgreSQL: hold the order's row lock so concurrent writers (a pick trip completing while the
    // order is re-split, say) number their messages one after the other instead of colliding.
    if (this.dialect === "postgres") await tx.selectFrom("orders").select("id").where("id", "=", orderId).forUpdate().execute();
    const last = await tx
      .selectFrom("outbox")
      .select(sql<number>`cast(coalesce(max(order_seq), 0) as integer)`.as("seq"))
      .where("order_id", "=", orderId)
      .executeTakeFirstOrThrow();
    const base = Number(last.seq);
    await tx
      .insertInto("outbox")
      .values(messages.map((m, i) => ({ type: m.type, order_id: orderId, order_seq: base + i + 1, payload: JSON.stringify(m.payload), created_at: iso(now), delivered_at: null })))
      .execute();
  }

  /**
   * Stock availability per warehouse for the given SKUs at `now`. With `lock`, PostgreSQL row locks
   * are taken on the stock rows in a fixed order (warehouse, sku, location) so concurrent reservers of
   * the same SKU serialise without deadlocks; on SQLite the IMMEDIATE transaction already holds the
   * write lock.
   */
  async #availability(tx: Tx, skus: readonly string[], now: number, lock: boolean): Promise<WarehouseAvailability[]> {
    const warehouses = await tx.selectFrom("warehouses").select(["code", "priority"]).orderBy("code").execute();
    if (skus.length === 0) return warehouses.map((w) => ({ warehouse: w.code, priority: w.priority, available: new Map() }));
    let stockQuery = tx
      .selectFrom("stock")
      .select(["warehouse", "sku", "on_hand"])
      .where("sku", "in", [...skus])
      .orderBy("warehouse")
      .orderBy("sku")
      .orderBy("location");
    if (lock && this.dialect === "postgres") stockQuery = stockQuery.forUpdate();
    const stock = await stockQuery.execute();
    const held = await tx
      .selectFrom("reservations")
      // Picked units are already off the shelf (on_hand), so an allocation holds only its unpicked rest.
      .select(["warehouse", "sku", sql<number>`cast(sum(quantity - picked_quantity) as integer)`.as("qty")])
      .where("sku", "in", [...skus])
      .where((eb) => eb.or([eb("state", "=", "allocated"), eb.and([eb("state", "=", "reserved"), eb("expires_at", ">", iso(now))])]))
      .groupBy(["warehouse", "sku"])
      .execute();
    const avail = new Map<string, Map<string, number>>();
    for (const s of stock) {
      const m = avail.get(s.warehouse) ?? new Map<string, number>();
      m.set(s.sku, (m.get(s.sku) ?? 0) + s.on_hand);
      avail.set(s.warehouse, m);
    }
    for (const h of held) {
      const m = avail.get(h.warehouse) ?? new Map<string, number>();
      m.set(h.sku, (m.get(h.sku) ?? 0) - Number(h.qty));
      avail.set(h.warehouse, m);
    }
    return warehouses.map((w) => ({
      warehouse: w.code,
      priority: w.priority,
      available: new Map([...(avail.get(w.code) ?? new Map<string, number>())].map(([k, v]) => [k, Math.max(0, v)])),
    }));
  }

  // ---------------------------------------------------------------- reads

  async #findOrderId(q: Db | Tx, ref: string): Promise<number | undefined> {
    const byNumber = await q.selectFrom("orders").select("id").where("number", "=", ref).executeTakeFirst();
    if (byNumber) return byNumber.id;
    if (/^\d{1,9}$/.test(ref)) {
      const byId = await q.selectFrom("orders").select("id").where("id", "=", Number(ref)).executeTakeFirst();
      if (byId) return byId.id;
    }
    return undefined;
  }

  async #requireOrder(tx: Tx, ref: string, lock: boolean): Promise<Order> {
    const id = await this.#findOrderId(tx, ref);
    const order = id === undefined ? undefined : await this.#loadOrder(tx, id, lock);
    if (!order) throw new DomainError(StoreErrorCode.OrderNotFound, `no order ${JSON.stringify(ref)} (give its number or id)`);
    return order;
  }

  async #loadOrder(q: Db | Tx, id: number, lock: boolean): Promise<Order | undefined> {
    let query = q.selectFrom("orders").selectAll().where("id", "=", id);
    if (lock && this.dialect === "postgres") query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const lines = await q.selectFrom("order_lines").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    return {
      id: row.id,
      number: row.number,
      status: row.status as OrderStatus,
      customer: row.customer,
      shipTo: JSON.parse(row.ship_to) as Address,
      lines: lines.map((l) => ({
        lineNo: l.line_no,
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        pickedQuantity: l.picked_quantity,
        packedQuantity: l.packed_quantity,
        backorderedQuantity: l.backordered_quantity,
      })),
      priority: row.priority,
      carrier: row.carrier,
      service: row.service,
      ...(row.ship_by ? { shipBy: row.ship_by } : {}),
      ...(row.reservation_expires_at ? { reservationExpiresAt: ms(row.reservation_expires_at) } : {}),
      ...(row.tracking_number ? { trackingNumber: row.tracking_number } : {}),
      createdAt: ms(row.created_at),
      updatedAt: ms(row.updated_at),
      version: row.version,
    };
  }

  async getOrder(ref: string): Promise<OrderDetails | undefined> {
    const id = await this.#findOrderId(this.#db, ref);
    if (id === undefined) return undefined;
    const order = await this.#loadOrder(this.#db, id, false);
    if (!order) return undefined;
    const reservations = await this.#db.selectFrom("reservations").selectAll().where("order_id", "=", id).orderBy("id").execute();
    const history = await this.#db.selectFrom("order_transitions").selectAll().where("order_id", "=", id).orderBy("id").execute();
    return {
      order,
      reservations: reservations.map(toReservation),
      history: history.map(
        (h): AuditEntry & { id: number } => ({
          id: h.id,
          orderId: h.order_id,
          from: h.from_status as OrderStatus,
          to: h.to_status as OrderStatus,
          event: h.event,
          reason: h.reason,
          metadata: JSON.parse(h.metadata) as Record<string, unknown>,
          actor: h.actor,
          at: ms(h.at),
        }),
      ),
    };
  }

  async listOrders(filter: { status?: OrderStatus; limit?: number }): Promise<readonly OrderSummary[]> {
    const columns = [
      "orders.id",
      "orders.number",
      "orders.status",
      "orders.customer",
      "orders.priority",
      "orders.carrier",
      "orders.created_at",
      "orders.updated_at",
      "orders.reservation_expires_at",
    ] as const;
    let q = this.#db
      .selectFrom("orders")
      .leftJoin("order_lines", "order_lines.order_id", "orders.id")
      .select([
        ...columns,
        sql<number>`cast(count(order_lines.line_no) as integer)`.as("lines"),
        sql<number>`cast(coalesce(sum(order_lines.quantity), 0) as integer)`.as("units"),
      ])
      .groupBy([...columns])
      .orderBy("orders.id");
    if (filter.status) q = q.where("orders.status", "=", filter.status);
    if (filter.limit !== undefined) q = q.limit(filter.limit);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status as OrderStatus,
      customer: r.customer,
      lines: Number(r.lines),
      units: Number(r.units),
      priority: r.priority,
      carrier: r.carrier,
      createdAt: ms(r.created_at),
      updatedAt: ms(r.updated_at),
      ...(r.reservation_expires_at ? { reservationExpiresAt: ms(r.reservation_expires_at) } : {}),
    }));
  }

  async listStock(filter: { sku?: string; warehouse?: string; now: number }): Promise<readonly StockPosition[]> {
    let q = this.#db.selectFrom("stock").select(["warehouse", "location", "sku", "on_hand"]).orderBy("warehouse").orderBy("sku").orderBy("location");
    if (filter.sku) q = q.where("sku", "=", filter.sku);
    if (filter.warehouse) q = q.where("warehouse", "=", filter.warehouse);
    const rows = await q.execute();
    let hq = this.#db
      .selectFrom("reservations")
      .select([
        "warehouse",
        "sku",
        sql<number>`cast(coalesce(sum(case when state = 'allocated' then quantity - picked_quantity else 0 end), 0) as integer)`.as("allocated"),
        sql<number>`cast(coalesce(sum(case when state = 'reserved' and expires_at > ${iso(filter.now)} then quantity else 0 end), 0) as integer)`.as(
          "reserved",
        ),
      ])
      .where("state", "in", ["allocated", "reserved"])
      .groupBy(["warehouse", "sku"]);
    if (filter.sku) hq = hq.where("sku", "=", filter.sku);
    if (filter.warehouse) hq = hq.where("warehouse", "=", filter.warehouse);
    const held = new Map((await hq.execute()).map((h) => [`${h.warehouse}\u0000${h.sku}`, h]));
    const positions = new Map<string, { warehouse: string; sku: string; onHand: number; locations: { location: string; onHand: number }[] }>();
    for (const r of rows) {
      const key = `${r.warehouse}\u0000${r.sku}`;
      const p = positions.get(key) ?? { warehouse: r.warehouse, sku: r.sku, onHand: 0, locations: [] };
      p.onHand += r.on_hand;
      p.locations.push({ location: r.location, onHand: r.on_hand });
      positions.set(key, p);
    }
    return [...positions.entries()].map(([key, p]) => {
      const h = held.get(key);
      const allocated = Number(h?.allocated ?? 0);
      const reserved = Number(h?.reserved ?? 0);
      const free = p.onHand - allocated - reserved;
      return { ...p, allocated, reserved, available: Math.max(0, free), overAllocated: Math.max(0, -free) };
    });
  }

  async listReservations(filter: { activeAt?: number; orderRef?: string }): Promise<readonly (Reservation & { orderNumber: string })[]> {
    let q = this.#db
      .selectFrom("reservations")
      .innerJoin("orders", "orders.id", "reservations.order_id")
      .selectAll("reservations")
      .select("orders.number as order_number")
      .orderBy("reservations.id");
    if (filter.activeAt !== undefined) {
      const at = iso(filter.activeAt);
      q = q.where((eb) =>
        eb.or([eb("reservations.state", "=", "allocated"), eb.and([eb("reservations.state", "=", "reserved"), eb("reservations.expires_at", ">", at)])]),
      );
    }
    if (filter.orderRef !== undefined) {
      const id = await this.#findOrderId(this.#db, filter.orderRef);
      if (id === undefined) throw new DomainError(StoreErrorCode.OrderNotFound, `no order ${JSON.stringify(filter.orderRef)}`);
      q = q.where("reservations.order_id", "=", id);
    }
    const rows = await q.execute();
    return rows.map((r) => ({ ...toReservation(r), orderNumber: r.order_number }));
  }

  async listOutbox(filter: { orderRef?: string; limit?: number }): Promise<readonly OutboxRecord[]> {
    let q = this.#db.selectFrom("outbox").selectAll().orderBy("id");
    if (filter.orderRef !== undefined) {
      const id = await this.#findOrderId(this.#db, filter.orderRef);
      if (id === undefined) throw new DomainError(StoreErrorCode.OrderNotFound, `no order ${JSON.stringify(filter.orderRef)}`);
      q = q.where("order_id", "=", id);
    }
    if (filter.limit !== undefined) q = q.limit(filter.limit);
    return (await q.execute()).map((r) => ({
      id: r.id,
      type: r.type,
      orderId: r.order_id,
      orderSeq: r.order_seq,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      createdAt: ms(r.created_at),
    }));
  }

  async listWarehouses(): Promise<readonly Warehouse[]> {
    const rows = await this.#db.selectFrom("warehouses").selectAll().orderBy("code").execute();
    return rows.map((w) => ({
      code: w.code,
      name: w.name,
      address: JSON.parse(w.address) as Address,
      latitude: w.latitude,
      longitude: w.longitude,
      priority: w.priority,
      cutoff: w.cutoff,
      timeZone: w.time_zone,
      costPerShipment: w.cost_per_shipment,
    }));
  }

  async counts(): Promise<Counts> {
    const count = async (table: "warehouses" | "locations" | "skus" | "box_types" | "users" | "orders") =>
      Number((await this.#db.selectFrom(table).select(sql<number>`cast(count(*) as integer)`.as("n")).executeTakeFirstOrThrow()).n);
    const units = await this.#db.selectFrom("stock").select(sql<number>`cast(coalesce(sum(on_hand), 0) as integer)`.as("n")).executeTakeFirstOrThrow();
    const byStatus = await this.#db
      .selectFrom("orders")
      .select(["status", sql<number>`cast(count(*) as integer)`.as("n")])
      .groupBy("status")
      .execute();
    return {
      warehouses: await count("warehouses"),
      locations: await count("locations"),
      skus: await count("skus"),
      stockUnits: Number(units.n),
      boxes: await count("box_types"),
      users: await count("users"),
      orders: await count("orders"),
      ordersByStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
    };
  }
}

function toReservation(r: Selectable<ReservationsTable>): Reservation {
  return {
    id: r.id,
    orderId: r.order_id,
    lineNo: r.line_no,
    warehouse: r.warehouse,
    sku: r.sku,
    quantity: r.quantity,
    state: r.state as Reservation["state"],
    ...(r.expires_at ? { expiresAt: ms(r.expires_at) } : {}),
    createdAt: ms(r.created_at),
  };
}

function importError(issues: InputIssue[]): InputError {
  const sorted = [...issues].sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0));
  return new InputError(StoreErrorCode.ImportInvalid, `${sorted.length} problem${sorted.length === 1 ? "" : "s"} found; nothing was imported`, sorted);
}
