/**
 * The order lifecycle as one pure transition function (xstate's `transition` is the model):
 * `(order, event, now) → Result<{ order, effects }, DomainError>`.
 * The store applies the result (state, effects, audit row, outbox rows) in one database transaction;
 * nothing changes an order's state any other way.
 */
import { DomainError, err, ok, type Result } from "../shared/errors.js";
import type { Order, OrderStatus } from "./types.js";

/** One line's stock held in one warehouse (the reservation plan). */
export interface HoldLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly warehouse: string;
  readonly quantity: number;
}

export type OrderEvent =
  | { readonly type: "ReserveStock"; readonly holds: readonly HoldLine[]; readonly ttlMs: number }
  /** `upstream`: the order system reported the order paid (an import with `payment: "paid"`). */
  | { readonly type: "PaymentSucceeded"; readonly paymentRef?: string; readonly upstream?: boolean }
  | { readonly type: "PaymentFailed"; readonly reason: string }
  | { readonly type: "ReservationExpired" }
  | { readonly type: "Cancel"; readonly reason: string }
  | { readonly type: "StartProcessing"; readonly waveId?: string }
  | { readonly type: "StopProcessing"; readonly waveId?: string }
  | { readonly type: "MarkPacked"; readonly cartons?: number }
  | { readonly type: "Ship"; readonly trackingNumber: string; readonly carrier?: string }
  | { readonly type: "InTransit"; readonly scan?: CarrierScan }
  | { readonly type: "OutForDelivery"; readonly scan?: CarrierScan }
  | { readonly type: "Delivered"; readonly scan?: CarrierScan }
  /** The carrier could not deliver (nobody home, address problem …): the parcel is back in its network for another attempt. */
  | { readonly type: "DeliveryFailed"; readonly reason: string; readonly scan?: CarrierScan }
  /** The carrier gave up and sends the parcel back to the warehouse: it takes the returns path from ReturnShipped. */
  | { readonly type: "ReturnedToSender"; readonly reason: string; readonly scan?: CarrierScan }
  | { readonly type: "RequestReturn"; readonly reason: string }
  | { readonly type: "ReviewReturn" }
  | { readonly type: "ApproveReturn" }
  | { readonly type: "RejectReturn"; readonly reason: string }
  | { readonly type: "KeepOrder" }
  | { readonly type: "ReturnShipped"; readonly trackingNumber?: string }
  | { readonly type: "ReturnReceived" }
  | { readonly type: "StartQualityCheck" }
  | { readonly type: "ApproveRefund"; readonly restockWarehouse: string; readonly restockLocation: string }
  | { readonly type: "RejectRefund"; readonly reason: string }
  | { readonly type: "ProcessRefund"; readonly refundRef?: string };

export type OrderEventType = OrderEvent["type"];

export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  "ReserveStock",
  "PaymentSucceeded",
  "PaymentFailed",
  "ReservationExpired",
  "Cancel",
  "StartProcessing",
  "StopProcessing",
  "MarkPacked",
  "Ship",
  "InTransit",
  "OutForDelivery",
  "Delivered",
  "DeliveryFailed",
  "ReturnedToSender",
  "RequestReturn",
  "ReviewReturn",
  "ApproveReturn",
  "RejectReturn",
  "KeepOrder",
  "ReturnShipped",
  "ReturnReceived",
  "StartQualityCheck",
  "ApproveRefund",
  "RejectRefund",
  "ProcessRefund",
];

/** What the store must do besides saving the new state and the audit row. */
export type OrderEffect =
  | { readonly type: "holdStock"; readonly holds: readonly HoldLine[]; readonly expiresAt: number }
  | { readonly type: "allocateHeldStock" }
  | { readonly type: "releaseStock"; readonly reason: string }
  | { readonly type: "createPutBackTask"; readonly lines: readonly { readonly lineNo: number; readonly sku: string; readonly quantity: number }[] }
  /**
   * A cancelled order leaves picking: its lines still to be picked come off their pick lists (and a
   * list or wave left empty closes), so no picker is sent for it. Every transition into Cancelled
   * from a state that held stock carries it, whatever event caused it.
   */
  | { readonly type: "withdrawFromPicking"; readonly reason: string }
  | { readonly type: "shipAllocatedStock" }
  | { readonly type: "restock"; readonly warehouse: string; readonly location: string; readonly lines: readonly { readonly sku: string; readonly quantity: number }[] }
  | { readonly type: "setTracking"; readonly trackingNumber: string }
  | { readonly type: "outbox"; readonly messageType: string; readonly payload: Readonly<Record<string, unknown>> };

export interface TransitionOutput {
  readonly order: Order;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  /** Human reason recorded in the audit row. */
  readonly reason: string;
  /** Event details recorded in the audit row's metadata. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly effects: readonly OrderEffect[];
}


const SHIPPED_OR_LATER: ReadonlySet<OrderStatus> = new Set([
  "Shipped",
  "InTransit",
  "OutForDelivery",
  "Delivered",
  "ReturnRequested",
  "UnderReview",
  "ReturnApproved",
  "ReturnRejected",
  "ReturnShipped",
  "ReturnReceived",
  "QualityCheck",
  "RefundApproved",
  "RefundRejected",
  "RefundProcessed",
]);

/** Simple moves: event type → (allowed from-states → to-state). Guarded events are handled in `transition`. */
const SIMPLE: Partial<Record<OrderEventType, { readonly from: readonly OrderStatus[]; readonly to: OrderStatus }>> = {
  StartProcessing: { from: ["Confirmed"], to: "Processing" },
  StopProcessing: { from: ["Processing"], to: "Confirmed" },
  // Carriers often skip scans: an update may jump forward along the delivery path (the skipped states are audited).
  InTransit: { from: ["Shipped"], to: "InTransit" },
  OutForDelivery: { from: ["Shipped", "InTransit"], to: "OutForDelivery" },
  Delivered: { from: ["Shipped", "InTransit", "OutForDelivery"], to: "Delivered" },
  DeliveryFailed: { from: ["Shipped", "InTransit", "OutForDelivery"], to: "InTransit" },
  ReturnedToSender: { from: ["Shipped", "InTransit", "OutForDelivery"], to: "ReturnShipped" },
  RequestReturn: { from: ["Delivered"], to: "ReturnRequested" },
  ReviewReturn: { from: ["ReturnRequested"], to: "UnderReview" },
  ApproveReturn: { from: ["UnderReview"], to: "ReturnApproved" },
  RejectReturn: { from: ["UnderReview"], to: "ReturnRejected" },
  KeepOrder: { from: ["ReturnRejected"], to: "Delivered" },
  ReturnShipped: { from: ["ReturnApproved"], to: "ReturnShipped" },
  ReturnReceived: { from: ["ReturnShipped"], to: "ReturnReceived" },
  StartQualityCheck: { from: ["ReturnReceived"], to: "QualityCheck" },
  ApproveRefund: { from: ["QualityCheck"], to: "RefundApproved" },
  RejectRefund: { from: ["QualityCheck"], to: "RefundRejected" },
  ProcessRefund: { from: ["RefundApproved"], to: "RefundProcessed" },
  ReserveStock: { from: ["Pending"], to: "PaymentPending" },
  PaymentSucceeded: { from: ["PaymentPending"], to: "Confirmed" },
  PaymentFailed: { from: ["PaymentPending"], to: "Cancelled" },
  ReservationExpired: { from: ["PaymentPending"], to: "Cancelled" },
  MarkPacked: { from: ["Processing"], to: "Packed" },
  Ship: { from: ["Packed"], to: "Shipped" },
};

/** The state an event leads to from `from`, ignoring guards; undefined when the move is not in the diagram. */
export function targetOf(from: OrderStatus, event: OrderEventType): OrderStatus | undefined {
  if (event === "Cancel") return ["Pending", "PaymentPending", "Confirmed", "Processing"].includes(from) ? "Cancelled" : undefined;
  const rule = SIMPLE[event];
  return rule && rule.from.includes(from) ? rule.to : undefined;
}

/** The delivery path carriers report along; an update may skip states on it, never go back. */
export const DELIVERY_PATH: readonly OrderStatus[] = ["Shipped", "InTransit", "OutForDelivery", "Delivered"];

/** The states strictly between `from` and `to` on the delivery path (what a carrier update skipped). */
export function skippedOnDeliveryPath(from: OrderStatus, to: OrderStatus): OrderStatus[] {
  const a = DELIVERY_PATH.indexOf(from);
  const b = DELIVERY_PATH.indexOf(to);
  return a >= 0 && b > a + 1 ? DELIVERY_PATH.slice(a + 1, b) : [];
}

/**
 * What a carrier reports about a parcel, as the tracking feed (or a person reading it) says it. The
 * carrier port only books shipments; tracking updates arrive as these and become order events.
 */
export const CARRIER_UPDATES = ["in-transit", "out-for-delivery", "delivered", "delivery-failed", "returned-to-sender"] as const;
export type CarrierUpdate = (typeof CARRIER_UPDATES)[number];

export function isCarrierUpdate(s: string): s is CarrierUpdate {
  return (CARRIER_UPDATES as readonly string[]).includes(s);
}

/** The order event of a carrier update; exceptions carry the carrier's reason. */
export function carrierUpdateEvent(update: CarrierUpdate, reason?: string, scan?: CarrierScan): OrderEvent {
  const s = scan ? { scan } : {};
  switch (update) {
    case "in-transit":
      return { type: "InTransit", ...s };
    case "out-for-delivery":
      return { type: "OutForDelivery", ...s };
    case "delivered":
      return { type: "Delivered", ...s };
    case "delivery-failed":
      return { type: "DeliveryFailed", reason: reason ?? "delivery attempt failed", ...s };
    case "returned-to-sender":
      return { type: "ReturnedToSender", reason: reason ?? "returned to sender by the carrier", ...s };
  }
}

/**
 * The carrier's own scan behind a tracking update (carrier tracking in): reported as it is in the
 * update's `shipment.tracking.updated.v1` (carrier, tracking number of the parcel, the carrier's event
 * id, shipment, when and where). Absent for an update typed at the CLI.
 */
export interface CarrierScan {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly carrierEventId: string;
  readonly shipmentNumber?: string;
  readonly occurredAt: string;
  readonly location?: string;
}

function illegal(order: Order, event: OrderEvent): DomainError {
  return new DomainError(
    "ORDER_ILLEGAL_TRANSITION",
    `order ${order.number} is ${order.status}: ${event.type} is not allowed from that state`,
    { orderId: order.id, status: order.status, event: event.type },
  );
}

function statusChanged(order: Order, to: OrderStatus, reason: string): OrderEffect {
  return {
    type: "outbox",
    messageType: "order.status.changed.v1",
    payload: { orderNumber: order.number, from: order.status, to, reason },
  };
}

const outbox = (messageType: string, payload: Readonly<Record<string, unknown>>): OrderEffect => ({ type: "outbox", messageType, payload });

/** The carrier statuses of the tracking events, as `shipment.tracking.updated.v1` reports them. */
const CARRIER_STATUS: Partial<Record<OrderEventType, CarrierUpdate>> = {
  InTransit: "in-transit",
  OutForDelivery: "out-for-delivery",
  Delivered: "delivered",
  DeliveryFailed: "delivery-failed",
  ReturnedToSender: "returned-to-sender",
};

/**
 * The order-system events of a transition (the event catalogue, core/src/integration/catalogue.ts),
 * written with it in the same transaction: stock released, cancelled, tracking updates, delivered,
 * return received, refund approved. (Cancel has its own, in `cancel`.)
 */
function factEvents(order: Order, event: OrderEvent, to: OrderStatus, reason: string): OrderEffect[] {
  const orderNumber = order.number;
  const tracking = order.trackingNumber ? { trackingNumber: order.trackingNumber } : {};
  const out: OrderEffect[] = [];
  if (event.type === "PaymentFailed" || event.type === "ReservationExpired") {
    out.push(outbox("inventory.released.v1", { orderNumber, reason }));
    out.push(outbox("order.cancelled.v1", { orderNumber, from: order.status, reason }));
  }
  const carrierStatus = CARRIER_STATUS[event.type];
  if (carrierStatus) {
    const why = event.type === "DeliveryFailed" || event.type === "ReturnedToSender" ? { reason: event.reason } : {};
    const scan = "scan" in event && event.scan ? event.scan : {};
    out.push(outbox("shipment.tracking.updated.v1", { orderNumber, ...tracking, ...scan, carrierStatus, status: to, ...why }));
  }
  if (event.type === "Delivered") out.push(outbox("order.delivered.v1", { orderNumber, ...tracking }));
  if (event.type === "ReturnReceived") out.push(outbox("return.received.v1", { orderNumber, lines: order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity })) }));
  if (event.type === "ApproveRefund") {
    out.push(outbox("refund.approved.v1", { orderNumber, warehouse: event.restockWarehouse, location: event.restockLocation, lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) }));
  }
  return out;
}

/**
 * Apply one event to an order. Pure: the same input always gives the same output, and the input is
 * never modified. `now` is milliseconds since the epoch.
 */
export function transition(order: Order, event: OrderEvent, now: number): Result<TransitionOutput, DomainError> {
  if (event.type === "Cancel") return cancel(order, event.reason, now);

  const to = targetOf(order.status, event.type);
  if (to === undefined) return err(illegal(order, event));

  const effects: OrderEffect[] = [];
  let reason: string = event.type;
  let metadata: Record<string, unknown> = {};
  let patch: Partial<Order> = {};

  switch (event.type) {
    case "ReserveStock": {
      if (event.holds.length === 0) return err(new DomainError("ORDER_INVALID_EVENT", "a reservation needs at least one line"));
      if (!(event.ttlMs > 0)) return err(new DomainError("ORDER_INVALID_EVENT", "reservation time-to-live must be positive"));
      const expiresAt = now + event.ttlMs;
      effects.push({ type: "holdStock", holds: event.holds, expiresAt });
      effects.push({
        type: "outbox",
        messageType: "inventory.reserved.v1",
        payload: {
          orderNumber: order.number,
          expiresAt: new Date(expiresAt).toISOString(),
          holds: event.holds.map((h) => ({ lineNo: h.lineNo, sku: h.sku, warehouse: h.warehouse, quantity: h.quantity })),
        },
      });
      patch = { reservationExpiresAt: expiresAt };
      reason = "stock reserved while payment is pending";
      metadata = { expiresAt: new Date(expiresAt).toISOString(), holds: event.holds.length };
      break;
    }
    case "PaymentSucceeded": {
      if (order.reservationExpiresAt !== undefined && now >= order.reservationExpiresAt) {
        return err(
          new DomainError(
            "RESERVATION_EXPIRED",
            `order ${order.number}: the stock reservation expired at ${new Date(order.reservationExpiresAt).toISOString()}; the payment cannot confirm it`,
            { orderId: order.id },
          ),
        );
      }
      effects.push({ type: "allocateHeldStock" });
      reason = event.upstream ? "paid in the order system" : "payment succeeded";
      metadata = { ...(event.paymentRef ? { paymentRef: event.paymentRef } : {}), ...(event.upstream ? { upstream: true } : {}) };
      patch = { reservationExpiresAt: undefined, payment: "paid" };
      break;
    }
    case "PaymentFailed":
      effects.push({ type: "releaseStock", reason: `payment failed: ${event.reason}` });
      effects.push({ type: "withdrawFromPicking", reason: `payment failed: ${event.reason}` });
      reason = `payment failed: ${event.reason}`;
      patch = { reservationExpiresAt: undefined };
      break;
    case "ReservationExpired":
      if (order.reservationExpiresAt === undefined || now < order.reservationExpiresAt) {
        return err(
          new DomainError("RESERVATION_STILL_ACTIVE", `order ${order.number}: the reservation has not expired yet`, {
            orderId: order.id,
          }),
        );
      }
      effects.push({ type: "releaseStock", reason: "reservation expired" });
      effects.push({ type: "withdrawFromPicking", reason: "reservation expired" });
      reason = "reservation expired";
      metadata = { expiredAt: new Date(order.reservationExpiresAt).toISOString() };
      patch = { reservationExpiresAt: undefined };
      break;
    case "StartProcessing":
      reason = event.waveId ? `released in wave ${event.waveId}` : "released for picking";
      metadata = event.waveId ? { waveId: event.waveId } : {};
      break;
    case "StopProcessing":
      reason = event.waveId ? `wave ${event.waveId} cancelled before picking` : "taken off picking";
      metadata = event.waveId ? { waveId: event.waveId } : {};
      break;
    case "MarkPacked": {
      const open = order.lines.filter((l) => l.packedQuantity < l.quantity - l.backorderedQuantity);
      if (open.length === 0 && order.lines.every((l) => l.packedQuantity === 0)) {
        return err(new DomainError("ORDER_NOT_FULLY_PACKED", `order ${order.number}: nothing is packed (every unit is back-ordered): cancel it or wait for stock`, { orderId: order.id }));
      }
      if (open.length > 0) {
        return err(
          new DomainError(
            "ORDER_NOT_FULLY_PACKED",
            `order ${order.number}: not every item is packed (${open.map((l) => `line ${l.lineNo} ${l.sku}: ${l.packedQuantity}/${l.quantity}`).join(", ")})`,
            { orderId: order.id },
          ),
        );
      }
      const backordered = order.lines.filter((l) => l.backorderedQuantity > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.backorderedQuantity }));
      reason = backordered.length > 0 ? `all available items packed; ${backordered.reduce((n, b) => n + b.quantity, 0)} back-ordered` : "all items packed";
      metadata = { ...(event.cartons !== undefined ? { cartons: event.cartons } : {}), ...(backordered.length > 0 ? { backordered } : {}) };
      break;
    }
    case "Ship":
      if (!event.trackingNumber) return err(new DomainError("ORDER_INVALID_EVENT", "shipping needs a tracking number"));
      effects.push({ type: "shipAllocatedStock" });
      effects.push({ type: "setTracking", trackingNumber: event.trackingNumber });
      patch = { trackingNumber: event.trackingNumber };
      reason = "handed to carrier";
      metadata = { trackingNumber: event.trackingNumber, ...(event.carrier ? { carrier: event.carrier } : {}) };
      break;
    case "InTransit":
    case "OutForDelivery":
    case "Delivered": {
      const skipped = skippedOnDeliveryPath(order.status, to);
      if (skipped.length > 0) {
        reason = `${event.type} (carrier skipped ${skipped.join(", ")})`;
        metadata = { skipped };
      }
      break;
    }
    case "DeliveryFailed":
      if (!event.reason.trim()) return err(new DomainError("ORDER_INVALID_EVENT", "a failed delivery needs the carrier's reason"));
      reason = `delivery failed: ${event.reason}`;
      metadata = { carrierException: "delivery-failed", attemptedFrom: order.status };
      break;
    case "ReturnedToSender":
      if (!event.reason.trim()) return err(new DomainError("ORDER_INVALID_EVENT", "a return to sender needs the carrier's reason"));
      reason = `returned to sender: ${event.reason}`;
      metadata = { carrierException: "returned-to-sender" };
      effects.push({ type: "outbox", messageType: "shipment.returned-to-sender.v1", payload: { orderNumber: order.number, reason: event.reason } });
      break;
    case "RequestReturn":
    case "RejectReturn":
    case "RejectRefund":
      reason = event.reason;
      break;
    case "ReturnShipped":
      metadata = event.trackingNumber ? { trackingNumber: event.trackingNumber } : {};
      break;
    case "ApproveRefund":
      effects.push({
        type: "restock",
        warehouse: event.restockWarehouse,
        location: event.restockLocation,
        lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      });
      reason = "quality check passed; stock returned to a location";
      metadata = { warehouse: event.restockWarehouse, location: event.restockLocation };
      break;
    case "ProcessRefund":
      metadata = event.refundRef ? { refundRef: event.refundRef } : {};
      break;
    default:
      break;
  }

  effects.push(statusChanged(order, to, reason));
  effects.push(...factEvents(order, event, to, reason));
  return ok({
    order: { ...order, ...patch, status: to, updatedAt: now, version: order.version + 1 },
    from: order.status,
    to,
    reason,
    metadata,
    effects,
  });
}

function cancel(order: Order, reason: string, now: number): Result<TransitionOutput, DomainError> {
  const refuse = (why: string) =>
    err(new DomainError("ORDER_NOT_CANCELLABLE", `order ${order.number} cannot be cancelled: ${why}`, { orderId: order.id, status: order.status }));
  if (!reason.trim()) return err(new DomainError("ORDER_INVALID_EVENT", "a cancellation needs a reason"));
  if (SHIPPED_OR_LATER.has(order.status)) return refuse("already shipped — use a return");
  if (order.status === "Packed") return refuse("already packed — unpack it first or ship it and use a return");
  if (order.status === "Cancelled") return refuse("already cancelled");
  if (order.status === "Processing" && order.lines.some((l) => l.packedQuantity > 0)) {
    return refuse("items are already packed");
  }
  const effects: OrderEffect[] = [];
  if (order.status !== "Pending") effects.push({ type: "releaseStock", reason: `cancelled: ${reason}` });
  const picked = order.lines.filter((l) => l.pickedQuantity > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.pickedQuantity }));
  if (picked.length > 0) effects.push({ type: "createPutBackTask", lines: picked });
  if (order.status !== "Pending") effects.push({ type: "withdrawFromPicking", reason });
  effects.push(statusChanged(order, "Cancelled", reason));
  if (order.status !== "Pending") effects.push(outbox("inventory.released.v1", { orderNumber: order.number, reason: `cancelled: ${reason}` }));
  effects.push(outbox("order.cancelled.v1", { orderNumber: order.number, from: order.status, reason }));
  return ok({
    order: { ...order, status: "Cancelled", reservationExpiresAt: undefined, updatedAt: now, version: order.version + 1 },
    from: order.status,
    to: "Cancelled",
    reason,
    metadata: picked.length > 0 ? { putBack: picked } : {},
    effects,
  });
}
