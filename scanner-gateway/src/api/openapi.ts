/**
 * The API's OpenAPI 3.1 document, served at /v1/openapi.json. Request bodies are generated from the
 * very zod schemas the gateway validates with (the file import's order schema and the API's own few),
 * by zod 4's `z.toJSONSchema` (OpenAPI 3.1 speaks JSON Schema 2020-12, so no converter library is
 * needed); fields with a default are optional in a request. Answers are described by hand.
 */
import { z } from "zod";
import { API_SCOPES, cancelRequestSchema, carrierEventsSchema, orderBatchSchema, orderPatchSchema, orderSchema, paymentRequestSchema } from "@pickpack/data";

type Json = Record<string, unknown>;

/** A zod schema as the JSON Schema of a request body. */
export function requestSchema(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output", unrepresentable: "any" }) as Json;
  delete out.$schema;
  return optionalDefaults(out) as Json;
}

/** In a request, a property with a default may be left out: drop it from `required`, at every depth. */
function optionalDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(optionalDefaults);
  if (!node || typeof node !== "object") return node;
  const o = Object.fromEntries(Object.entries(node as Json).map(([k, v]) => [k, optionalDefaults(v)])) as Json;
  const props = o.properties as Record<string, Json> | undefined;
  if (props && Array.isArray(o.required)) {
    o.required = (o.required as string[]).filter((k) => props[k]?.default === undefined);
    if ((o.required as string[]).length === 0) delete o.required;
  }
  return o;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ "application/json": { schema } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
const idempotencyKey = { name: "Idempotency-Key", in: "header", required: true, description: "Unique per request; a repeat within 24 h replays the first answer.", schema: { type: "string", minLength: 1, maxLength: 255 } };
const numberParam = { name: "number", in: "path", required: true, description: "The order system's order number (URL-encoded).", schema: { type: "string" } };
const common = { "401": problem("No valid API key"), "403": problem("The key lacks the scope"), "429": problem("Rate limited (see Retry-After)") };
const postErrors = {
  ...common,
  "400": problem("Body is not JSON, too deep, or no Idempotency-Key"),
  "409": problem("Refused by a rule, or the first request with this key is still running"),
  "413": problem("Body too large"),
  "422": problem("Invalid fields (listed in errors), or the key was used with another body"),
};

export function openApiDocument(): Json {
  const scopes = (s: string) => [{ apiKey: [s] }];
  return {
    openapi: "3.1.0",
    info: { title: "pickpack order-system API", version: "1", description: "Orders in, their state out. Every error is an RFC 9457 problem document with a stable code." },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths: {
      "/v1/orders": {
        post: {
          operationId: "createOrders",
          summary: "Create one order or a batch (all or nothing); each is reserved at once",
          security: scopes("orders:write"),
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json({ oneOf: [ref("Order"), ref("OrderBatch")] }) },
          responses: { "201": { description: "Created", content: json({ oneOf: [ref("OrderResource"), ref("BatchResult")] }) }, ...postErrors },
        },
        get: {
          operationId: "listChangedOrders",
          summary: "Orders changed since a time, oldest change first, paged by an opaque cursor",
          security: scopes("orders:read"),
          parameters: [
            { name: "updatedSince", in: "query", schema: { type: "string", format: "date-time" } },
            { name: "cursor", in: "query", description: "nextCursor of the previous page (wins over updatedSince)", schema: { type: "string" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: { "200": { description: "A page", content: json(ref("ChangesPage")) }, ...common, "400": problem("Invalid query") },
        },
      },
      "/v1/orders/{number}": {
        get: {
          operationId: "getOrder",
          summary: "An order: state, lines, shipments with SSCC and tracking, history",
          security: scopes("orders:read"),
          parameters: [numberParam],
          responses: { "200": { description: "The order", content: json(ref("OrderResource")) }, ...common, "404": problem("No such order") },
        },
        patch: {
          operationId: "changeOrder",
          summary: "Change ship-to, priority or ship-by while the order's state allows (until packed)",
          security: scopes("orders:write"),
          parameters: [numberParam],
          requestBody: { required: true, content: json(ref("OrderPatch")) },
          responses: { "200": { description: "The changed order", content: json(ref("OrderResource")) }, ...common, "404": problem("No such order"), "409": problem("The state no longer allows it"), "422": problem("Invalid fields") },
        },
      },
      "/v1/orders/{number}/payment": {
        post: {
          operationId: "recordPayment",
          summary: "The payment result: succeeded confirms, failed cancels and releases the stock",
          security: scopes("orders:write"),
          parameters: [numberParam, idempotencyKey],
          requestBody: { required: true, content: json(ref("Payment")) },
          responses: { "200": { description: "The transition", content: json(ref("Transition")) }, ...postErrors, "404": problem("No such order") },
        },
      },
      "/v1/orders/{number}/cancel": {
        post: {
          operationId: "cancelOrder",
          summary: "Cancel an order (refused with 409 once packed)",
          security: scopes("orders:write"),
          parameters: [numberParam, idempotencyKey],
          requestBody: { required: true, content: json(ref("Cancel")) },
          responses: { "200": { description: "The transition", content: json(ref("Transition")) }, ...postErrors, "404": problem("No such order") },
        },
      },
      "/v1/stock": {
        get: {
          operationId: "getStock",
          summary: "Availability of a SKU per warehouse",
          security: scopes("stock:read"),
          parameters: [{ name: "sku", in: "query", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "Stock", content: json(ref("Stock")) }, ...common, "400": problem("No sku given"), "404": problem("No such SKU") },
        },
      },
      "/v1/carrier-events": {
        post: {
          operationId: "receiveCarrierEvents",
          summary: "Tracking events pushed by a carrier (each applied once by its eventId), mapped onto InTransit / OutForDelivery / Delivered and exceptions",
          security: scopes("carrier:write"),
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(ref("CarrierEvents")) },
          responses: { "200": { description: "What each event did", content: json({ type: "object" }) }, ...postErrors },
        },
      },
      "/v1/openapi.json": { get: { operationId: "openApi", summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1", content: json({ type: "object" }) } } } },
      "/v1/problems": { get: { operationId: "problems", summary: "The problem types (codes) with their status and title", security: [], responses: { "200": { description: "Catalogue", content: json({ type: "object" }) } } } },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: `An API key (ppk_…) from \`pickpack api-keys create\`; scopes: ${API_SCOPES.join(", ")}` } },
      schemas: {
        Order: requestSchema(orderSchema),
        OrderBatch: requestSchema(orderBatchSchema),
        Payment: requestSchema(paymentRequestSchema),
        Cancel: requestSchema(cancelRequestSchema),
        OrderPatch: requestSchema(orderPatchSchema),
        CarrierEvents: requestSchema(carrierEventsSchema),
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail", "code"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string", description: "Stable error code (GET /v1/problems)" },
            errors: { type: "array", items: { type: "object", required: ["detail"], properties: { pointer: { type: "string" }, field: { type: "string" }, detail: { type: "string" } } } },
          },
        },
        OrderResource: {
          type: "object",
          properties: {
            number: { type: "string" },
            status: { type: "string" },
            payment: { enum: ["paid", "pending"] },
            customer: { type: "string" },
            shipTo: { type: "object" },
            priority: { type: "integer" },
            carrier: { type: "string" },
            service: { type: "string" },
            shipBy: { type: ["string", "null"] },
            trackingNumber: { type: ["string", "null"] },
            reservationExpiresAt: { type: ["string", "null"], format: "date-time" },
            createdAt: { type: "string", format: "date-time" },
            updatedAt: { type: "string", format: "date-time" },
            lines: { type: "array", items: { type: "object", properties: { lineNo: { type: "integer" }, sku: { type: "string" }, quantity: { type: "integer" }, unitPrice: { type: "number" }, picked: { type: "integer" }, packed: { type: "integer" }, backordered: { type: "integer" } } } },
            shipments: {
              type: "array",
              items: { type: "object", properties: { shipmentNumber: { type: "string" }, carton: { type: "integer" }, sscc: { type: "string" }, carrier: { type: "string" }, service: { type: "string" }, trackingNumber: { type: "string" }, weightGrams: { type: "number" }, shipDate: { type: "string" }, createdAt: { type: "string", format: "date-time" } } },
            },
            history: { type: "array", items: { type: "object", properties: { at: { type: "string", format: "date-time" }, from: { type: "string" }, to: { type: "string" }, event: { type: "string" }, reason: { type: "string" }, actor: { type: "string" } } } },
          },
        },
        BatchResult: {
          type: "object",
          properties: { created: { type: "integer" }, reserved: { type: "integer" }, reservationFailed: { type: "integer" }, confirmed: { type: "integer" }, orders: { type: "array", items: { type: "object", properties: { number: { type: "string" }, status: { type: "string" } } } } },
        },
        Transition: { type: "object", properties: { number: { type: "string" }, from: { type: "string" }, to: { type: "string" }, status: { type: "string" }, reason: { type: "string" } } },
        ChangesPage: {
          type: "object",
          properties: {
            orders: { type: "array", items: { type: "object", properties: { number: { type: "string" }, status: { type: "string" }, payment: { type: "string" }, trackingNumber: { type: ["string", "null"] }, updatedAt: { type: "string", format: "date-time" } } } },
            nextCursor: { type: ["string", "null"], description: "Pass as cursor to go on (also when hasMore is false, to poll for later changes)" },
            hasMore: { type: "boolean" },
          },
        },
        Stock: {
          type: "object",
          properties: { sku: { type: "string" }, available: { type: "integer" }, warehouses: { type: "array", items: { type: "object", properties: { warehouse: { type: "string" }, onHand: { type: "integer" }, allocated: { type: "integer" }, reserved: { type: "integer" }, available: { type: "integer" } } } } },
        },
      },
    },
  };
}
