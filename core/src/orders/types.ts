/** The fulfillment domain's data types. Plain data: the store loads them, pure functions transform them. */

export interface Address {
  readonly name: string;
  readonly company?: string;
  readonly street: string;
  readonly street2?: string;
  readonly postalCode: string;
  readonly city: string;
  readonly region?: string;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
  readonly phone?: string;
  readonly email?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

export interface Warehouse {
  readonly code: string;
  readonly name: string;
  readonly address: Address;
  readonly latitude: number;
  readonly longitude: number;
  /** Lower number = preferred. */
  readonly priority: number;
  /** Daily carrier cut-off, local time "HH:MM" in `timeZone`. */
  readonly cutoff: string;
  /** IANA time zone of the warehouse (e.g. "Europe/Berlin"): its local day and cut-off are in it. */
  readonly timeZone: string;
  /** Cost of one shipment from this warehouse (any currency unit), used to break ties when splitting. */
  readonly costPerShipment: number;
}

export interface StorageLocation {
  readonly warehouse: string;
  /** e.g. "A-01-03-B". Unique within its warehouse. */
  readonly code: string;
  readonly zone: string;
  /** 0-based aisle index in the warehouse layout. */
  readonly aisle: number;
  /** Distance along the aisle from the front cross aisle (the layout's y), in the layout's unit. */
  readonly position: number;
  readonly level: number;
}

export interface Sku {
  readonly sku: string;
  readonly name: string;
  /** GTIN-8/12/13/14 with valid check digits, or own codes. */
  readonly barcodes: readonly string[];
  readonly weightGrams: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly tracksLot: boolean;
  readonly tracksSerial: boolean;
  readonly tracksExpiry: boolean;
}

export interface StockLevel {
  readonly warehouse: string;
  readonly location: string;
  readonly sku: string;
  readonly onHand: number;
}

export interface BoxType {
  readonly code: string;
  readonly name: string;
  readonly innerLengthMm: number;
  readonly innerWidthMm: number;
  readonly innerHeightMm: number;
  readonly tareGrams: number;
  readonly maxWeightGrams: number;
}

export const USER_ROLES = ["picker", "packer", "supervisor"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  readonly id: string;
  readonly name: string;
  readonly role: UserRole;
  readonly badge: string;
}

export const ORDER_STATUSES = [
  "Pending",
  "PaymentPending",
  "Confirmed",
  "Processing",
  "Packed",
  "Shipped",
  "InTransit",
  "OutForDelivery",
  "Delivered",
  "Cancelled",
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
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(s: string): s is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(s);
}

export interface OrderLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly pickedQuantity: number;
  readonly packedQuantity: number;
  /** Units no warehouse could supply (after short picks): the order ships without them. */
  readonly backorderedQuantity: number;
}

/**
 * Whether the order is paid. An order system's export lists orders already paid there ("paid": the
 * order is confirmed as soon as its stock is reserved); "pending" waits for `orders pay` while its
 * reservation holds the stock.
 */
export const ORDER_PAYMENTS = ["paid", "pending"] as const;
export type OrderPayment = (typeof ORDER_PAYMENTS)[number];

export interface Order {
  readonly id: number;
  /** The upstream order system's order number (unique). */
  readonly number: string;
  readonly status: OrderStatus;
  readonly customer: string;
  readonly shipTo: Address;
  readonly lines: readonly OrderLine[];
  /** Lower number = more urgent. */
  readonly priority: number;
  readonly carrier: string;
  readonly service: string;
  /** ISO date "YYYY-MM-DD" or undefined. */
  readonly shipBy?: string;
  /** "paid" once the payment is known (imported as paid, or PaymentSucceeded); absent = pending. */
  readonly payment?: OrderPayment;
  /** ms epoch at which the payment reservation lapses; set while PaymentPending. */
  readonly reservationExpiresAt?: number;
  readonly trackingNumber?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Optimistic concurrency counter, bumped by every applied transition. */
  readonly version: number;
}

/** Stock held for an order in one warehouse. */
export interface Reservation {
  readonly id: number;
  readonly orderId: number;
  readonly lineNo: number;
  readonly warehouse: string;
  readonly sku: string;
  readonly quantity: number;
  /** reserved: held until expiresAt (payment pending); allocated: payment confirmed, held until shipped. */
  readonly state: "reserved" | "allocated" | "released" | "expired" | "shipped";
  readonly expiresAt?: number;
  readonly createdAt: number;
}

/** One audited state change. */
export interface AuditEntry {
  readonly orderId: number;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly event: string;
  readonly reason: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly actor: string;
  readonly at: number;
}

/** An event the outside world must hear about, written in the same transaction as the change. */
export interface OutboxMessage {
  readonly type: string;
  readonly orderId: number;
  readonly payload: Readonly<Record<string, unknown>>;
}
