/**
 * The order-system API's request bodies. Orders are the file import's own schema (imports/schemas.ts:
 * one source of truth, so a field means the same in a file and over HTTP); the API adds only what a
 * file has no place for (payments, cancellations, changes), built from the same pieces.
 */
import { z } from "zod";
import type { InputIssue, NewOrder } from "@pickpack/core";
import { addressSchema, orderSchema } from "../imports/schemas.js";
import { zodIssues } from "../imports/parse.js";

export { orderSchema } from "../imports/schemas.js";

/** At most this many orders in one batch POST. */
export const MAX_BATCH_ORDERS = 1000;

const reason = z.string({ error: (i) => (i.input === undefined ? "is required" : "must be text") }).trim().min(1, "must not be empty").max(500, "is too long (500 characters at most)");

export const orderBatchSchema = z.strictObject({
  orders: z.array(orderSchema).min(1, "a batch needs at least one order").max(MAX_BATCH_ORDERS, `a batch holds at most ${MAX_BATCH_ORDERS} orders`),
});

export const paymentRequestSchema = z.strictObject({
  result: z.enum(["succeeded", "failed"], { error: "must be succeeded or failed" }),
  /** The payment provider's reference. */
  reference: reason.optional(),
  /** Why a payment failed (recorded in the audit trail). */
  reason: reason.optional(),
});

export const cancelRequestSchema = z.strictObject({ reason });

export const orderPatchSchema = z
  .strictObject({
    shipTo: addressSchema.optional(),
    priority: orderSchema.shape.priority.unwrap().optional(),
    shipBy: orderSchema.shape.shipBy,
  })
  .refine((p) => p.shipTo !== undefined || p.priority !== undefined || p.shipBy !== undefined, { message: "give at least one of shipTo, priority, shipBy" });

export type PaymentRequest = z.infer<typeof paymentRequestSchema>;
export type CancelRequest = z.infer<typeof cancelRequestSchema>;
export type OrderPatch = z.infer<typeof orderPatchSchema>;

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly InputIssue[] };

/** Validate a body against a schema; the issues name each field as the file import does. */
export function validate<T>(schema: z.ZodType<T>, body: unknown): Validated<T> {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, issues: zodIssues("request", 1, r.error, schema).map(({ field, message }) => ({ ...(field ? { field } : {}), message })) };
}

/** `POST /v1/orders`: one order, or `{ "orders": [...] }`. */
export function validateOrders(body: unknown): Validated<{ readonly orders: readonly NewOrder[]; readonly batch: boolean }> {
  const batch = typeof body === "object" && body !== null && !Array.isArray(body) && "orders" in body;
  if (batch) {
    const r = validate(orderBatchSchema, body);
    return r.ok ? { ok: true, value: { orders: r.value.orders, batch: true } } : r;
  }
  const r = validate(orderSchema, body);
  return r.ok ? { ok: true, value: { orders: [r.value], batch: false } } : r;
}
