/**
 * The event catalogue: every event type pickpack sends to order systems (webhooks, the broker), what
 * it means, and a JSON Schema (draft 2020-12, plain objects) of its `data`. Types are versioned in
 * their name (`.v1`): a breaking change is a new type, old ones stay until consumers moved.
 * Every envelope's `data` also carries `orderNumber` and `sequence` (see `toEnvelope`); events not tied
 * to an order (`stock.low.v1`) have an empty `orderNumber`, their `stream` and the sequence in it.
 * docs/events.md is generated from this list (`catalogueMarkdown`; a test keeps them equal).
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

export interface EventType {
  readonly type: string;
  /** Area it belongs to, for the docs' grouping. */
  readonly group: "inventory" | "order" | "shipment" | "returns" | "picking" | "packing" | "stock" | "webhook";
  readonly description: string;
  /** Schema of the envelope's `data` (the type's fields plus orderNumber and sequence). */
  readonly schema: JsonSchema;
}

const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const num = { type: "number" } as const;
const time = { type: "string", format: "date-time" } as const;
const arr = (items: JsonSchema): JsonSchema => ({ type: "array", items });

/** The lifecycle states (core/src/orders/types.ts ORDER_STATUSES), spelled out so the schema stays plain data. */
const STATUS = {
  type: "string",
  enum: ["Pending", "PaymentPending", "Confirmed", "Processing", "Packed", "Shipped", "InTransit", "OutForDelivery", "Delivered", "Cancelled", "ReturnRequested", "UnderReview", "ReturnApproved", "ReturnRejected", "ReturnShipped", "ReturnReceived", "QualityCheck", "RefundApproved", "RefundRejected", "RefundProcessed"],
} as const;

/** An object schema: `fields` are required unless listed in `optional`; other fields are allowed (additive changes stay v1). */
function obj(fields: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return { type: "object", properties: fields, required: Object.keys(fields).filter((k) => !optional.includes(k)) };
}

/** Schema of an event's data: its own fields plus the envelope's orderNumber and sequence. */
function data(fields: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return { $schema: "https://json-schema.org/draft/2020-12/schema", ...obj({ orderNumber: str, sequence: { type: "integer", minimum: 1 }, ...fields }, optional) };
}

const hold = obj({ lineNo: int, sku: str, warehouse: str, quantity: int });
const missing = obj({ lineNo: int, sku: str, missing: int });
const shipmentRef = obj({ shipmentNumber: str, trackingNumber: str, sscc: str });

/** The order system's messages pickpack consumes from the broker (docs/broker.md has their shapes); not events pickpack sends. */
export const CONSUMED_MESSAGE_TYPES = ["order.created.v1", "payment.generated.v1", "order.payment.updated.v1", "order.cancel.requested.v1"] as const;

export const EVENT_CATALOGUE: readonly EventType[] = [
  { type: "inventory.reserved.v1", group: "inventory", description: "Stock is held for every line of a new order while its payment is pending (until `expiresAt`).", schema: data({ expiresAt: time, holds: arr(hold) }) },
  { type: "inventory.failed.v1", group: "inventory", description: "A new order could not be reserved: some line has too little stock. The order stays Pending.", schema: data({ missing: arr(missing) }) },
  { type: "inventory.released.v1", group: "inventory", description: "The order's held or allocated stock went back to availability (payment failed, reservation expired, cancelled).", schema: data({ reason: str }) },
  { type: "inventory.reallocated.v1", group: "inventory", description: "The order's stock was moved to other warehouses (re-split, or a short pick found it elsewhere).", schema: data({}) },
  { type: "inventory.backordered.v1", group: "inventory", description: "A short pick left units of a line with no stock anywhere: they are back-ordered.", schema: data({ lineNo: int, sku: str, quantity: int }) },
  { type: "inventory.backorder.allocated.v1", group: "inventory", description: "Stock that arrived covered (part of) a back-order.", schema: data({ backorder: int, lineNo: int, sku: str, quantity: int, left: int }) },
  { type: "inventory.backorder.cancelled.v1", group: "inventory", description: "A back-order was cancelled: the order ships without those units.", schema: data({ backorder: int, lineNo: int, sku: str, quantity: int, reason: str }) },
  { type: "order.status.changed.v1", group: "order", description: "Every lifecycle transition: from, to and the reason (the audit trail's row).", schema: data({ from: STATUS, to: STATUS, reason: str }) },
  { type: "order.updated.v1", group: "order", description: "A re-import changed fields of an order that had not started picking.", schema: data({ fields: arr(str) }) },
  { type: "order.cancelled.v1", group: "order", description: "The order was cancelled (by request, failed payment or an expired reservation); its stock is released.", schema: data({ from: STATUS, reason: str }) },
  { type: "order.packed.v1", group: "order", description: "Every carton of the order is closed and labelled.", schema: data({ cartons: int, shipments: arr(shipmentRef) }) },
  { type: "order.shipped.v1", group: "order", description: "The order was handed to the carrier: every carton's tracking number.", schema: data({ carrier: str, trackingNumbers: { type: "array", items: str, minItems: 1 }, shipments: arr(shipmentRef) }) },
  { type: "order.delivered.v1", group: "order", description: "The carrier delivered the order.", schema: data({ trackingNumber: str }, ["trackingNumber"]) },
  {
    type: "shipment.created.v1",
    group: "shipment",
    description: "A carton was closed and booked with the carrier: carton number, SSCC, carrier, tracking number, weight.",
    schema: data({ shipmentNumber: str, cartonNo: int, sscc: { type: "string", pattern: "^[0-9]{18}$" }, trackingNumber: str, carrier: str, service: str, weightKg: num, shipDate: str, warehouse: str, box: str }),
  },
  {
    type: "shipment.tracking.updated.v1",
    group: "shipment",
    description: "The carrier reported progress: its status and the order lifecycle state it maps to (InTransit, OutForDelivery, Delivered; failed attempts map to InTransit, returns to ReturnShipped).",
    schema: data(
      {
        trackingNumber: str,
        carrierStatus: { type: "string", enum: ["in-transit", "out-for-delivery", "delivered", "delivery-failed", "returned-to-sender"] },
        status: STATUS,
        reason: str,
        // the carrier's own scan, when the update came from the carrier (poll or POST /v1/carrier-events)
        carrier: str,
        carrierEventId: str,
        shipmentNumber: str,
        occurredAt: time,
        location: str,
      },
      ["trackingNumber", "reason", "carrier", "carrierEventId", "shipmentNumber", "occurredAt", "location"],
    ),
  },
  { type: "shipment.returned-to-sender.v1", group: "shipment", description: "The carrier gave up and sends the parcel back to the warehouse.", schema: data({ reason: str }) },
  { type: "return.received.v1", group: "returns", description: "The returned parcel arrived at the warehouse (quality check follows).", schema: data({ lines: arr(obj({ lineNo: int, sku: str, quantity: int })) }) },
  { type: "refund.approved.v1", group: "returns", description: "The returned items passed the quality check: the refund is approved and the stock is back on a shelf.", schema: data({ warehouse: str, location: str, lines: arr(obj({ sku: str, quantity: int })) }) },
  { type: "picking.completed.v1", group: "picking", description: "A pick list with the order's items was completed and handed to a pack station.", schema: data({ pickListId: int, totes: arr(str) }) },
  { type: "packing.weight.overridden.v1", group: "packing", description: "A supervisor accepted a carton whose weight did not match.", schema: data({ cartonNo: int, supervisor: str, reason: str }) },
  { type: "packing.exception.v1", group: "packing", description: "A pack station raised an exception for the order (damaged, missing item …).", schema: data({ station: str, kind: str, reason: str }) },
  {
    type: "stock.low.v1",
    group: "stock",
    description: "A SKU's available stock in a warehouse fell to or below its reorder point. Not tied to an order: `orderNumber` is empty and `stream` is `stock:<warehouse>:<sku>`.",
    schema: data({ orderNumber: { type: "string", maxLength: 0 }, stream: str, warehouse: str, sku: str, available: int, reorderPoint: int }),
  },
  {
    type: "order.request.refused.v1",
    group: "order",
    description: "A message the order system sent over the broker (e.g. order.cancel.requested.v1) was refused by a business rule (e.g. the order is packed): nothing changed. `code` is the rule's stable code.",
    schema: data({ request: str, messageId: str, code: str, message: str }),
  },
  { type: "webhook.test.v1", group: "webhook", description: "Sent by `pickpack webhooks test` to check an endpoint (never stored in the outbox).", schema: data({ message: str }) },
];

const BY_TYPE = new Map(EVENT_CATALOGUE.map((e) => [e.type, e]));

/** The catalogue entry of a type, undefined for a type pickpack never sends. */
export function eventType(type: string): EventType | undefined {
  return BY_TYPE.get(type);
}

/** docs/events.md: the catalogue as Markdown (one section per type with its JSON Schema). */
export function catalogueMarkdown(): string {
  const out: string[] = [
    "# Event catalogue",
    "",
    "<!-- Generated from core/src/integration/catalogue.ts (npm run docs:events); do not edit by hand. -->",
    "",
    "Every event pickpack sends to an order system (webhooks, the message broker) has this envelope:",
    "",
    "```json",
    '{ "id": "evt_42", "type": "order.shipped.v1", "timestamp": "2026-01-05T10:00:00.000Z", "data": { "orderNumber": "SO-1001", "sequence": 7, "...": "..." } }',
    "```",
    "",
    "- `id` is stable across retries and replays (`evt_` + the outbox row id): de-duplicate on it (it is also the `webhook-id` header).",
    "- `data.sequence` counts 1, 2, 3 … per order (per stream for events not tied to an order): order on it.",
    "- Types are versioned in their name; fields may be added to a `v1`, never removed or changed.",
    "",
    "| Type | What it means |",
    "| --- | --- |",
    ...EVENT_CATALOGUE.map((e) => `| \`${e.type}\` | ${e.description} |`),
    "",
  ];
  for (const e of EVENT_CATALOGUE) {
    out.push(`## ${e.type}`, "", e.description, "", "```json", JSON.stringify(e.schema, null, 2), "```", "");
  }
  return out.join("\n");
}
