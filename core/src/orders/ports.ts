/**
 * The store port: what the services (CLI, gateway) need from persistence. data/ implements it for
 * SQLite and PostgreSQL with the same test suite. Every method that changes state is one transaction.
 */
import type { OrderEvent, TransitionOutput } from "./order-machine.js";
import type { HoldPlanner } from "./holds.js";
import type { OnExisting } from "./reimport.js";
import type {
  Address,
  AuditEntry,
  BoxType,
  Order,
  OrderPayment,
  OrderStatus,
  Reservation,
  Sku,
  StockLevel,
  StorageLocation,
  User,
  Warehouse,
} from "./types.js";

/** Where an imported record came from, so every problem can name its file and line. */
export interface Sourced<T> {
  readonly value: T;
  readonly file: string;
  readonly line: number;
}

export interface NewOrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface NewOrder {
  readonly number: string;
  readonly customer: string;
  readonly shipTo: Address;
  readonly lines: readonly NewOrderLine[];
  readonly priority: number;
  readonly carrier: string;
  readonly service: string;
  readonly shipBy?: string;
  /**
   * "paid": confirmed as soon as its stock is reserved (also later, when a Pending order's stock
   * arrives). Absent = "pending". Import files default to "paid" (an order system exports paid orders).
   */
  readonly payment?: OrderPayment;
}

/** A layout as stored: the routing layout JSON, keyed by warehouse. */
export interface StoredLayout {
  readonly warehouse: string;
  readonly [field: string]: unknown;
}

export interface ImportBatch {
  readonly warehouses?: readonly Sourced<Warehouse>[];
  readonly locations?: readonly Sourced<StorageLocation>[];
  readonly layouts?: readonly Sourced<StoredLayout>[];
  readonly skus?: readonly Sourced<Sku>[];
  readonly stock?: readonly Sourced<StockLevel>[];
  readonly boxes?: readonly Sourced<BoxType>[];
  readonly users?: readonly Sourced<User>[];
  readonly orders?: readonly Sourced<NewOrder>[];
}

/** An imported order that exists with changes its state no longer allows (left as it is). */
export interface ImportConflict {
  readonly number: string;
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  /** Orders only: how many got their stock reserved, and how many stayed Pending for lack of stock. */
  readonly reserved?: number;
  readonly reservationFailed?: number;
  /** Orders only: how many were confirmed at once (imported as paid, stock reserved). */
  readonly confirmed?: number;
  /** Orders only: existing orders the file repeats unchanged (left as they are). */
  readonly unchanged?: readonly string[];
  /** Orders only, `onExisting: "skip"`: existing orders not looked at. */
  readonly skipped?: readonly string[];
  /** Orders only: existing orders with changes their state no longer allows (left as they are). */
  readonly conflicts?: readonly ImportConflict[];
}

/** How an import treats records whose key exists (see `OnExisting`). */
export interface ImportDataOptions {
  readonly now: number;
  readonly actor: string;
  readonly dryRun?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Orders: "update" (default) changes what the order's state allows, "skip" leaves them, "fail" refuses the import. */
  readonly onExisting?: OnExisting;
  /** Stock: accept on-hand below what orders hold (else the import is refused, listing the orders). */
  readonly allowOverAllocation?: boolean;
}

export interface OrderSummary {
  readonly id: number;
  readonly number: string;
  readonly status: OrderStatus;
  readonly customer: string;
  readonly lines: number;
  readonly units: number;
  readonly priority: number;
  readonly carrier: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly reservationExpiresAt?: number;
}

export interface OrderDetails {
  readonly order: Order;
  readonly reservations: readonly Reservation[];
  readonly history: readonly (AuditEntry & { readonly id: number })[];
}

/** Stock of one SKU in one warehouse, as availability sees it at a given instant. */
export interface StockPosition {
  readonly warehouse: string;
  readonly sku: string;
  readonly onHand: number;
  /** Confirmed orders' stock (payment done), held until shipped. */
  readonly allocated: number;
  /** Unexpired payment-pending reservations. */
  readonly reserved: number;
  readonly available: number;
  /**
   * Units held for orders beyond what is on hand (e.g. after a short pick found a location empty):
   * those orders will short at picking unless re-split (`pickpack allocate`). 0 normally.
   */
  readonly overAllocated: number;
  readonly locations: readonly { readonly location: string; readonly onHand: number }[];
}

export interface ReserveOutcome {
  readonly order: Order;
  readonly reserved: boolean;
  readonly missing: readonly { readonly lineNo: number; readonly sku: string; readonly missing: number }[];
}

export interface SweepOutcome {
  readonly expired: readonly string[];
}

export interface OutboxRecord {
  readonly id: number;
  readonly type: string;
  readonly orderId: number;
  readonly orderSeq: number;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

export interface Counts {
  readonly warehouses: number;
  readonly locations: number;
  readonly skus: number;
  readonly stockUnits: number;
  readonly boxes: number;
  readonly users: number;
  readonly orders: number;
  readonly ordersByStatus: Readonly<Partial<Record<OrderStatus, number>>>;
}

export interface FulfillmentStore {
  readonly dialect: "sqlite" | "postgres";

  /** Validate references and write every record, or nothing (throws InputError listing every problem). */
  importData(batch: ImportBatch, options: ImportDataOptions): Promise<ImportSummary>;

  /** Reserve stock for a Pending order (Pending → PaymentPending), or record `inventory.failed.v1` and keep it Pending. */
  reserveOrder(ref: string, options: { readonly now: number; readonly actor: string }): Promise<ReserveOutcome>;
  /** Apply one lifecycle event to an order, with its effects, audit row and outbox rows, atomically. */
  applyOrderEvent(ref: string, event: OrderEvent, options: { readonly now: number; readonly actor: string }): Promise<TransitionOutput>;
  /** Cancel every PaymentPending order whose reservation has expired at `now`. Idempotent. */
  sweepExpiredReservations(options: { readonly now: number; readonly actor: string }): Promise<SweepOutcome>;

  getOrder(ref: string): Promise<OrderDetails | undefined>;
  listOrders(filter: { readonly status?: OrderStatus; readonly limit?: number }): Promise<readonly OrderSummary[]>;
  listStock(filter: { readonly sku?: string; readonly warehouse?: string; readonly now: number }): Promise<readonly StockPosition[]>;
  listReservations(filter: { readonly activeAt?: number; readonly orderRef?: string }): Promise<readonly (Reservation & { readonly orderNumber: string })[]>;
  listOutbox(filter: { readonly orderRef?: string; readonly limit?: number }): Promise<readonly OutboxRecord[]>;
  listWarehouses(): Promise<readonly Warehouse[]>;
  counts(): Promise<Counts>;

  close(): Promise<void>;
}

export interface StoreOptions {
  /** How long a payment-pending reservation holds stock (default 15 minutes). */
  readonly reservationTtlMs?: number;
  /** Which warehouse holds what (default: priority order). */
  readonly holdPlanner?: HoldPlanner;
}

export const DEFAULT_RESERVATION_TTL_MS = 15 * 60 * 1000;
