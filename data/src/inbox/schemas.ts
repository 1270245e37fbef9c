/**
 * What the order system sends over the broker, as zod schemas (docs/broker.md has them as JSON
 * Schema). Every message is an envelope `{ id, type, timestamp, data }` (the shape pickpack sends
 * too); `order.created.v1` carries the order exactly as the file import reads it (the same schema).
 */
import { z } from "zod";
import { CONSUMED_MESSAGE_TYPES } from "@pickpack/core";
import { orderSchema } from "../imports/schemas.js";

/** What the inbox takes: core's list of the order system's messages. */
export const INBOX_MESSAGE_TYPES = CONSUMED_MESSAGE_TYPES;
export type InboxMessageType = (typeof INBOX_MESSAGE_TYPES)[number];

export const isInboxMessageType = (t: string): t is InboxMessageType => (INBOX_MESSAGE_TYPES as readonly string[]).includes(t);

const orderNumber = z.string({ error: "must be the order number" }).trim().min(1, "must not be empty").max(64, "is too long (64 characters at most)");
const note = z.string().trim().min(1, "must not be empty").max(500, "is too long (500 characters at most)");

/** The envelope; unknown top-level fields (e.g. CloudEvents' specversion) are allowed and ignored. */
export const envelopeSchema = z.looseObject({
  id: z.string().trim().min(1).max(200).optional(),
  type: z.string().trim().min(1).max(200).optional(),
  timestamp: z.string().optional(),
  data: z.unknown(),
});

/** payment.generated.v1 and order.payment.updated.v1: the order system's payment outcome for an order. */
export const paymentSchema = z.object({
  orderNumber,
  status: z.enum(["succeeded", "failed"], { error: "must be succeeded or failed" }),
  reference: note.optional(),
  reason: note.optional(),
});

/** order.cancel.requested.v1 */
export const cancelRequestSchema = z.object({ orderNumber, reason: note.default("cancelled in the order system") });

export const dataSchemas = {
  "order.created.v1": orderSchema,
  "payment.generated.v1": paymentSchema,
  "order.payment.updated.v1": paymentSchema,
  "order.cancel.requested.v1": cancelRequestSchema,
} as const satisfies Record<InboxMessageType, z.ZodType>;
