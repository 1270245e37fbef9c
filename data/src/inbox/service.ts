/**
 * The inbox: applying one message from the order system exactly once. The message id is recorded in
 * the SAME transaction as its effect, so a redelivered message (the consumer died before its ack)
 * finds its row and changes nothing. Effects go through the existing services only: an order is
 * created and reserved by the import workflow (the file import's schema and rules), payments and
 * cancellations are lifecycle events; their answers (inventory.reserved.v1 / inventory.failed.v1,
 * order.status.changed.v1 …) are the outbox rows those services already write.
 *
 * Outcomes: `applied`; `duplicate` (seen before); `refused` (a business rule said no, e.g. cancelling
 * a packed order: recorded in the inbox and answered with `order.request.refused.v1`, never retried);
 * `rejected` (a poison message: not JSON, unknown type, invalid fields, unknown order or SKU — the
 * consumer dead-letters it with the reason). Anything else (the database is down) throws: the
 * consumer gives the message back to be delivered again later.
 */
import { DomainError, InputError, type ImportBatch, type InputIssue, type NewOrder } from "@pickpack/core";
import type { z } from "zod";
import { takesRowLocks, type Actor } from "../db/unit-of-work.js";
import { importInTx } from "../imports/service.js";
import { appendOutbox, findOrderId } from "../orders/repository.js";
import { zodIssues } from "../schemas/layout.js";
import type { SqlStore } from "../store.js";
import { insertInboxRow, setInboxDetail } from "./repository.js";
import type { cancelRequestSchema, paymentSchema } from "./schemas.js";
import { dataSchemas, envelopeSchema, isInboxMessageType, type InboxMessageType, INBOX_MESSAGE_TYPES } from "./schemas.js";

/** The event pickpack answers a refused request with (in the outbox, like every other event). */
export const REQUEST_REFUSED_EVENT = "order.request.refused.v1";

export interface InboundMessage {
  /** The broker's message id (AMQP message-id); the envelope's `id` when absent. */
  readonly messageId?: string | undefined;
  /** The routing key: the message type. */
  readonly type: string;
  readonly body: Uint8Array | string;
  /** Where it came from (the queue), recorded in the inbox. */
  readonly source: string;
}

export type InboxOutcome =
  | { readonly kind: "applied"; readonly messageId: string; readonly type: InboxMessageType; readonly orderNumber: string; readonly summary: Readonly<Record<string, unknown>> }
  | { readonly kind: "duplicate"; readonly messageId: string; readonly type: InboxMessageType }
  | { readonly kind: "refused"; readonly messageId: string; readonly type: InboxMessageType; readonly orderNumber: string; readonly code: string; readonly message: string }
  | { readonly kind: "rejected"; readonly messageId?: string | undefined; readonly reason: string };

type Parsed =
  | { readonly ok: true; readonly messageId: string; readonly type: InboxMessageType; readonly data: unknown }
  | { readonly ok: false; readonly messageId?: string | undefined; readonly reason: string };

const MAX_BODY_BYTES = 1_000_000;

/** Read and validate a message without touching the database. */
export function parseInboxMessage(msg: InboundMessage): Parsed {
  const bytes = typeof msg.body === "string" ? new TextEncoder().encode(msg.body) : msg.body;
  const reject = (reason: string, messageId = msg.messageId): Parsed => ({ ok: false, messageId, reason });
  if (bytes.byteLength > MAX_BODY_BYTES) return reject(`the body is ${bytes.byteLength} bytes; at most ${MAX_BODY_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return reject("the body is not UTF-8 text");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return reject(`the body is not JSON: ${(e as Error).message}`);
  }
  const env = envelopeSchema.safeParse(json);
  if (!env.success) return reject(`the body is not an envelope { id, type, timestamp, data }: ${describe(zodIssues(env.error, undefined))}`);
  const messageId = msg.messageId && msg.messageId.trim() !== "" ? msg.messageId : env.data.id;
  if (!messageId) return reject("the message has no id (AMQP message-id or the envelope's id): it could not be de-duplicated");
  const type = msg.type;
  if (!isInboxMessageType(type)) return reject(`unknown message type ${JSON.stringify(type)} (known: ${INBOX_MESSAGE_TYPES.join(", ")})`, messageId);
  if (env.data.type !== undefined && env.data.type !== type) return reject(`routing key ${type} but the envelope's type is ${env.data.type}`, messageId);
  if (env.data.data === undefined) return reject("the envelope has no data", messageId);
  const schema: z.ZodType = dataSchemas[type];
  const data = schema.safeParse(env.data.data);
  if (!data.success) return reject(`invalid ${type}: ${describe(zodIssues(data.error, undefined, "data"))}`, messageId);
  return { ok: true, messageId, type, data: data.data };
}

/** Apply one message exactly once (see the file comment for the outcomes). */
export async function receiveInboxMessage(store: SqlStore, msg: InboundMessage, by: Actor): Promise<InboxOutcome> {
  const parsed = parseInboxMessage(msg);
  if (!parsed.ok) return { kind: "rejected", messageId: parsed.messageId, reason: parsed.reason };
  const { messageId, type, data } = parsed;
  const orderNumber = orderNumberOf(type, data);
  const row = (outcome: string, detail: unknown) => ({
    message_id: messageId,
    source: msg.source,
    type,
    order_number: orderNumber,
    outcome,
    detail: JSON.stringify(detail),
    received_at: new Date(by.now).toISOString(),
  });
  const DUPLICATE = Symbol("duplicate");
  try {
    const summary = await store.transaction(async (tx) => {
      if (!(await insertInboxRow(tx.db, row("applied", {})))) return DUPLICATE;
      const summary = await apply(store, tx, type, data, messageId, by);
      await setInboxDetail(tx.db, messageId, JSON.stringify(summary));
      return summary;
    });
    if (summary === DUPLICATE) return { kind: "duplicate", messageId, type };
    return { kind: "applied", messageId, type, orderNumber, summary };
  } catch (e) {
    if (e instanceof InputError) return { kind: "rejected", messageId, reason: `${e.message}${e.issues.length > 0 ? `: ${describe(e.issues)}` : ""}` };
    // A fault of ours, or a race lost to another writer: not the message's fault, so it is delivered again.
    if (!(e instanceof DomainError) || e.code === "ORDER_CONCURRENT_UPDATE") throw e;
    // A business refusal: the effect rolled back; record it (once) and answer it with an event.
    const refusal = { code: e.code, message: e.message };
    const recorded = await store.transaction(async (tx) => {
      if (!(await insertInboxRow(tx.db, row("refused", refusal)))) return false;
      const orderId = await findOrderId(tx.db, orderNumber);
      if (orderId !== undefined) {
        await appendOutbox(tx.db, orderId, [{ type: REQUEST_REFUSED_EVENT, payload: { orderNumber, request: type, messageId, ...refusal } }], by.now, takesRowLocks(tx.dialect));
      }
      return true;
    });
    if (!recorded) return { kind: "duplicate", messageId, type };
    return { kind: "refused", messageId, type, orderNumber, ...refusal };
  }
}

type Tx = Parameters<Parameters<SqlStore["transaction"]>[0]>[0];

async function apply(store: SqlStore, tx: Tx, type: InboxMessageType, data: unknown, messageId: string, by: Actor): Promise<Record<string, unknown>> {
  switch (type) {
    case "order.created.v1": {
      const order = data as NewOrder;
      const batch: ImportBatch = { orders: [{ value: order, file: `message ${messageId}`, line: 1 }] };
      const summary = await importInTx(tx, store.reservationPolicy, batch, { ...by, onExisting: "update" });
      const conflict = summary.conflicts?.[0];
      if (conflict) throw new DomainError("INBOX_ORDER_CONFLICT", `order ${conflict.number} exists and cannot take these changes: ${conflict.reason}`);
      return { ...summary };
    }
    case "payment.generated.v1":
    case "order.payment.updated.v1": {
      const p = data as z.infer<typeof paymentSchema>;
      const order = await tx.loadOrder(p.orderNumber, { lock: true });
      if (!order) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(p.orderNumber)}`);
      if (p.status === "succeeded" && order.payment === "paid" && order.status !== "PaymentPending") {
        return { status: order.status, note: "already paid" }; // e.g. created as paid, or the same payment reported twice
      }
      const event = p.status === "succeeded"
        ? { type: "PaymentSucceeded" as const, ...(p.reference ? { paymentRef: p.reference } : {}) }
        : { type: "PaymentFailed" as const, reason: p.reason ?? `payment failed in the order system${p.reference ? ` (${p.reference})` : ""}` };
      const t = await tx.applyOrderEvent(p.orderNumber, event, by);
      return { from: t.from, to: t.to };
    }
    case "order.cancel.requested.v1": {
      const c = data as z.infer<typeof cancelRequestSchema>;
      const order = await tx.loadOrder(c.orderNumber, { lock: true });
      if (!order) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(c.orderNumber)}`);
      if (order.status === "Cancelled") return { status: "Cancelled", note: "already cancelled" };
      const t = await tx.applyOrderEvent(c.orderNumber, { type: "Cancel", reason: c.reason }, by);
      return { from: t.from, to: t.to };
    }
  }
}

function orderNumberOf(type: InboxMessageType, data: unknown): string {
  return type === "order.created.v1" ? (data as NewOrder).number : (data as { orderNumber: string }).orderNumber;
}

function describe(issues: readonly InputIssue[]): string {
  const shown = issues.slice(0, 10).map((i) => `${i.field ? `${i.field}: ` : ""}${i.message}`);
  return shown.join("; ") + (issues.length > 10 ? ` (and ${issues.length - 10} more)` : "");
}
